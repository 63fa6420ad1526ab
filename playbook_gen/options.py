"""Which salesperson and which "today": plugin options, overridden by the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date

from .problems import PlaybookError, Problem

SALESPERSON_ENV = "PLAYBOOK_SALESPERSON"
TODAY_ENV = "PLAYBOOK_TODAY"


def resolve_salesperson(option: str | None, *, environ: Mapping[str, str] = os.environ) -> str | None:
    """``PLAYBOOK_SALESPERSON`` beats the ``salesperson`` option; empty means not chosen."""
    return environ.get(SALESPERSON_ENV) or option or None


def resolve_today(option: str | date | None, *, environ: Mapping[str, str] = os.environ, where: str = "mkdocs.yml") -> date:
    """``PLAYBOOK_TODAY`` beats the ``today`` option; neither means the real date."""
    if environ.get(TODAY_ENV):
        return _iso_date(environ[TODAY_ENV], source=f"environment variable {TODAY_ENV}")
    if isinstance(option, date):
        return option
    if option:
        return _iso_date(option, source=f"{where}: plugin option 'today'")
    return date.today()


def _iso_date(text: str, *, source: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlaybookError([Problem(source, None, f"'{text}' is not an ISO date (YYYY-MM-DD)")]) from None
