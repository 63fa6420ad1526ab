#!/usr/bin/env bash
# Lint, format and types, as CI checks them: ruff check, ruff format --check, mypy (with the pydantic
# plugin) on playbook_gen. Configured in pyproject.toml; the versions are pinned in its `lint` extra.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install -q -e ".[lint]"
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
