#!/usr/bin/env bash
# The Debian packages the tests need, installed when missing: chromium for the
# browser tests (never a downloaded browser), jq for the CI workflow's own scripts.
# Used by scripts/test.sh and by the nox sessions (noxfile.py).
set -euo pipefail

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
