"""The browser tests skip themselves, with the reason, when Playwright is not installed."""

from __future__ import annotations

import pytest


def require_playwright() -> None:
    """Skip the calling test module unless Playwright and axe-playwright-python import (``pip install -e '.[test]'``)."""
    pytest.importorskip("playwright.sync_api", reason="the browser tests need Playwright: pip install -e '.[test]'")
    pytest.importorskip("axe_playwright_python.sync_playwright", reason="the browser tests need axe-playwright-python: pip install -e '.[test]'")
