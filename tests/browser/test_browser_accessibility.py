"""Accessibility: axe-core finds no serious or critical violation on the pages a salesperson uses most."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .skip import require_playwright

require_playwright()

from axe_playwright_python.sync_playwright import Axe

from .browser_harness import Tab, page_of

pytestmark = pytest.mark.browser

SEVERE = ("serious", "critical")


def severe_violations(page_path: str, tab: Tab) -> list[str]:
    """Serious and critical axe-core violations of one page, one line each."""
    results = Axe().run(tab.visit(page_path))
    return [
        f"{page_path}: {violation['id']} ({violation['impact']}) at {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation["impact"] in SEVERE
    ]


@pytest.mark.parametrize("kind", ["home", "ask plan", "customer", "contact"])
def test_no_serious_or_critical_violation(kind: str, example_site: Path, example_url: str, open_tab: Callable[..., Tab]) -> None:
    assert severe_violations(page_of(example_site, kind), open_tab(example_url)) == []
