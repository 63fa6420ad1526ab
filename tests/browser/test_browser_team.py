"""The sales manager's team site (``build --team``) in Chromium: it works like a playbook, and hostile text never runs on it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from .skip import require_playwright

require_playwright()

from playwright.sync_api import expect

from playbook_gen.jobs import BuildJob, build_playbook

from .browser_harness import REPO, Tab, html_pages, serve
from .hostile_playbook import ATTACKS, write_hostile_playbook
from steering import SNIPPET_SENTINEL

pytestmark = pytest.mark.browser
TODAY = date(2026, 11, 23)


def build_team(config_file: Path, target: Path) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    result = build_playbook(BuildJob(config_file=config_file, salesperson="team", today=TODAY, target=target, team=True))
    assert result.ok, result.messages
    return target


@pytest.fixture(scope="module")
def team_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_team(REPO / "mkdocs.yml", tmp_path_factory.mktemp("team") / "team")
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = write_hostile_playbook(tmp_path_factory.mktemp("hostile-team"))
    here = os.getcwd()
    os.chdir(root)  # pymdownx.snippets looks for files from the working directory: let it find one
    try:
        site = build_team(root / "mkdocs.yml", root / "site/team")
    finally:
        os.chdir(here)
    with serve(site) as url:
        yield site, url


def test_the_team_site_navigates_like_a_playbook_and_draws_its_charts(team_url: str, open_tab: Callable[..., Tab], screenshot_dir: Path) -> None:
    tab = open_tab(team_url)
    page = tab.visit("")
    expect(page.locator("h1")).to_have_text("Team playbook")
    for label, heading, charts in (("Pipeline", "Pipeline", 3), ("Ask rhythm", "Ask rhythm", 2), ("Conflicts", "Conflicts", 0)):
        page.locator(".md-sidebar--primary .md-nav__link", has_text=label).first.click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("article h1")).to_have_text(heading)
        assert page.locator("article figure.playbook-chart svg").count() == charts
        for index in range(charts):
            box = page.locator("article figure.playbook-chart svg").nth(index).bounding_box()
            assert box is not None and box["width"] > 300, f"{label}: chart {index} is {box}"
        page.screenshot(path=str(screenshot_dir / f"team-{heading.lower().replace(' ', '-')}.png"), full_page=True)
    expect(page.locator("article")).to_contain_text("Maya Okafor asks Marcus Webb in the week of 2026-11-23")
    assert tab.watch.take() == []


def test_hostile_text_on_the_team_site_shows_as_text_and_never_runs(hostile_team: tuple[Path, str], open_tab: Callable[..., Tab]) -> None:
    site, url = hostile_team
    tab = open_tab(url)
    pages = html_pages(site)
    assert {"", "introductions/", "conflicts/"} <= set(pages)
    for path in pages:
        page = tab.visit(path)
        hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], path
        assert page.locator("article script, article img, article iframe, article [onerror], article [onload]").count() == 0, path
        assert tab.watch.take() == [], path
    introductions = tab.visit("introductions/")
    # Rosa's introduction of her own accountant: every attack in both names, printed as written.
    expect(introductions.locator("article")).to_contain_text(ATTACKS[0])
    assert all(SNIPPET_SENTINEL.encode() not in p.read_bytes() for p in site.rglob("*") if p.is_file())
