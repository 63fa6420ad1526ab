"""The ``playbook-gen`` command line: click commands only; the work is in the core."""

from __future__ import annotations

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook-gen")
def main() -> None:
    """Referral playbooks: one-person ask scripts and first-meeting guides from Markdown profiles."""
