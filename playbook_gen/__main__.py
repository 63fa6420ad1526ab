"""``python -m playbook_gen``: the same command line as ``playbook-gen``."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main(prog_name="playbook-gen")
