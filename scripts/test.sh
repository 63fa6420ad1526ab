#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, then runs pytest.
# Browser tests use Debian's chromium (never a downloaded browser); pass pytest
# arguments through, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: chromium for the browser tests, jq for the CI workflow's own scripts.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v jq >/dev/null 2>&1 || missing="$missing jq"
if [ -n "$missing" ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  echo "Installing Debian's$missing for the tests..."
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
fi

python3 -m pip install -q -e ".[test]"
export NO_MKDOCS_2_WARNING=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
python3 -m pytest "$@"
