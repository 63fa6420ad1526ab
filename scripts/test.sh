#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, then runs pytest.
# Browser tests use Debian's chromium (never a downloaded browser); pass pytest
# arguments through, e.g. `bash scripts/test.sh -m "not browser"`.
# The same suite at the lowest and the newest versions pyproject.toml allows: noxfile.py.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-packages.sh
python3 -m pip install -q -e ".[test]"
export NO_MKDOCS_2_WARNING=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# -n auto: one worker per CPU (pytest-xdist); pass -n 0 to run in one process.
python3 -m pytest -n auto "$@"
