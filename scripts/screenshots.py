#!/usr/bin/env python3
"""Regenerate the README's screenshots of the example playbook: docs/images/{home,customer,contact}.png at 1280 px
and docs/images/{home,customer,contact}-phone.png at 390 px, the width of a phone.

Builds the repository's example (maya-okafor, today 2026-11-23) into a temporary
folder, serves it on 127.0.0.1 and shoots it with Debian's chromium, exactly as
the browser tests do. Run from anywhere: ``python3 scripts/screenshots.py``.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the browser tests' harness: one way to build, serve and launch

from browser.browser_harness import build_example, launch_chromium, page_of, serve  # noqa: E402

IMAGES = REPO / "docs" / "images"
WIDTHS = {"": ({"width": 1280, "height": 860}, False), "-phone": ({"width": 390, "height": 844}, True)}
"""The laptop's and the phone's view: file suffix -> (viewport, as a phone)."""


def first_anchor(site: Path, path: str, prefix: str) -> str:
    """The first heading id starting with ``prefix`` on a built page, as a ``#fragment``."""
    match = re.search(rf'id="({re.escape(prefix)}[^"]*)"', (site / path / "index.html").read_text(encoding="utf-8"))
    return f"#{match.group(1)}" if match else ""


def main() -> int:
    """Build, serve, shoot; prints each file written with its size."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_example(Path(tmp) / "site")
        customer = page_of(site, "customer")
        shots = {
            # Each view opens where a salesperson looks first: this week's asks, an ask's scripts, the contact's summary.
            "home.png": "#this-week",
            "customer.png": customer + first_anchor(site, customer, "ask-"),
            "contact.png": page_of(site, "contact"),
        }
        with serve(site) as url, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for suffix, (viewport, phone) in WIDTHS.items():
                page = browser.new_page(viewport=viewport, is_mobile=phone, has_touch=phone)
                for name, path in shots.items():
                    page.goto(url + path, wait_until="networkidle")
                    target = IMAGES / name.replace(".png", f"{suffix}.png")
                    page.screenshot(path=str(target))
                    print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KiB")
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
