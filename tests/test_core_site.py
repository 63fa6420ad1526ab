"""Integration: a small playbook built by real MkDocs, read back as HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from playbook_gen.mkdocs_settings import ROBOTS_META, finish_html

from conftest import build

CUSTOMER = """\
---
name: Priya Raman
company: Raman & Co
role: accountant
email: priya@example.com
relationship: 4
last_contact: 2026-11-10
reference: true
recent_project: {title: Cash-flow model, finished: 2026-10-01, result: Forecast in place}
knows:
  - contact: dana-ruiz
    strength: 4
    how: Same rowing club
their: [financial advisor]
---
Prefers calls.
"""
CONTACT = """\
---
name: Dana Ruiz
company: Ruiz Logistics
role: owner
industry: logistics
why: Dana is handing the business to her son next year.
priority: 1
jobs: [Hand over the business]
tags: [family-business]
---
Met once at a fair.
"""
CONNECTOR_WITH_THEIR = """\
---
name: Greta Hansen
relationship: 3
their: [accountant]
---
"""


@pytest.fixture
def site(playbook_repo) -> Path:
    root = playbook_repo(
        {
            "docs/customers/priya-raman.md": CUSTOMER,
            "docs/customers/greta-hansen.md": CONNECTOR_WITH_THEIR,
            "docs/contacts/dana-ruiz.md": CONTACT,
            "docs/method.md": "# The method\n\nAsk for one.\n",
        }
    )
    return build(root)


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_profile_pages_are_built_at_their_own_url(site: Path) -> None:
    assert (site / "customers/priya-raman/index.html").is_file()
    assert (site / "contacts/dana-ruiz/index.html").is_file()
    assert (site / "customers/index.html").is_file()
    assert (site / "contacts/index.html").is_file()
    assert (site / "asks/index.html").is_file()


def test_home_lists_this_weeks_asks_with_one_person_each(site: Path) -> None:
    home = read(site, "index.html")
    this_week = home.split('id="this-week"')[1].split('id="pipeline"')[0]
    items = re.findall(r"<li>(.*?)</li>", this_week, re.S)
    assert items, "the example week has asks"
    for item in items:
        assert item.count("→") == 1
    assert "Priya Raman" in this_week and "Dana Ruiz" in this_week


def test_named_ask_script_names_exactly_one_person_with_an_easy_out(site: Path) -> None:
    page = read(site, "customers/priya-raman/index.html")
    assert "I would like to meet Dana Ruiz" in page
    assert "Might you be able to help me meet Dana?" in page
    assert "If the timing isn&#39;t right, no problem at all." in page or "If the timing isn't right, no problem at all." in page
    assert "referrals" not in page.lower()


def test_role_ask_tells_the_reference_customers_story(site: Path) -> None:
    page = read(site, "customers/greta-hansen/index.html")
    # The story tells the project: its title and its result, in the words of SPEC's form.
    assert (
        "Recently I completed a project for Priya Raman, accountant at Raman &amp; Co: Cash-flow model. Forecast in place. It was a great experience." in page
    )
    assert "might you introduce me to your accountant?" in page


def test_nav_lists_index_pages_not_profiles(site: Path) -> None:
    home = read(site, "index.html")
    nav = home.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    for label in ("Home", "Ask plan", "Customers", "Contacts", "The method"):
        assert label in nav
    assert "Dana Ruiz" not in nav and "Priya Raman" not in nav


def test_privacy_meta_robots_and_no_sitemap(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert site / "404.html" in pages and len(pages) > 5  # the loop below checks every page, so there must be pages
    for html in pages:
        assert '<meta name="robots" content="noindex, nofollow">' in html.read_text(encoding="utf-8"), html
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert "fonts.googleapis.com" not in read(site, "index.html")


def test_exports_are_in_the_site(site: Path) -> None:
    csv_lines = read(site, "asks.csv").splitlines()
    assert csv_lines[0] == "week,connector,contact,role,form"
    assert any(line.startswith("2026-11-23,priya-raman,dana-ruiz,,named") for line in csv_lines)
    ics = read(site, "asks.ics")
    assert "BEGIN:VCALENDAR" in ics and "SUMMARY:Ask Priya Raman to introduce Dana Ruiz" in ics


def test_pipeline_chart_is_inline_svg(site: Path) -> None:
    home = read(site, "index.html")
    assert '<svg role="img"' in home and "Contacts by stage" in home


def test_same_input_and_today_give_identical_bytes(playbook_repo, tmp_path: Path) -> None:
    root = playbook_repo({"docs/customers/priya-raman.md": CUSTOMER, "docs/contacts/dana-ruiz.md": CONTACT})
    first = build(root, site_dir=tmp_path / "a")
    second = build(root, site_dir=tmp_path / "b")
    files_a = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_a == files_b
    for relative in files_a:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_bad_profile_stops_the_build_and_keeps_the_previous_site(playbook_repo, caplog: pytest.LogCaptureFixture) -> None:
    root = playbook_repo({"docs/contacts/dana-ruiz.md": CONTACT})
    site = build(root)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (root / "docs/contacts/dana-ruiz.md").write_text(CONTACT.replace("priority: 1", "priority: 9"), encoding="utf-8")
    with pytest.raises(Abort):
        build(root)
    assert "docs/contacts/dana-ruiz.md:7: priority: must be a whole number from 1 to 3, got 9" in caplog.text
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_edit_link_opens_the_profile_file(playbook_repo) -> None:
    yml = "site_name: T\nrepo_url: https://example.com/team/playbook\nedit_uri: edit/main/docs/\ntheme: {name: material}\nplugins:\n  - playbook: {today: '2026-11-23'}\n"
    root = playbook_repo({"docs/contacts/dana-ruiz.md": CONTACT}, mkdocs_yml=yml)
    site = build(root)
    assert 'href="https://example.com/team/playbook/edit/main/docs/contacts/dana-ruiz.md"' in read(site, "contacts/dana-ruiz/index.html")


def test_strict_build_stops_on_a_profile_warning_before_touching_the_site(playbook_repo, caplog: pytest.LogCaptureFixture) -> None:
    root = playbook_repo({"docs/contacts/dana-ruiz.md": CONTACT})
    site = build(root)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (root / "docs/contacts/dana-ruiz.md").write_text(CONTACT.replace("priority: 1", "priority: 1\nprioritty: 2"), encoding="utf-8")
    with pytest.raises(Abort):
        build(root, strict=True)
    assert "docs/contacts/dana-ruiz.md:8: warning: prioritty: unknown key" in caplog.text
    assert "did you mean 'priority'?" in caplog.text
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_search_dialog_is_named_for_screen_readers(site: Path) -> None:
    assert 'data-md-component="search" role="dialog" aria-label="Search"' in read(site, "index.html")


def test_every_page_gets_the_noindex_tag_in_its_head_and_a_named_search_once() -> None:
    page = '<html><head><title>T</title></head><body><div data-md-component="search" role="dialog" class="s"></div><pre>&lt;meta&gt;</pre></body></html>'
    finished = finish_html(page)
    assert finished.count(ROBOTS_META) == 1 and finished.index(ROBOTS_META) < finished.index("</head>")
    assert finished.count('role="dialog" aria-label="Search"') == 1
    assert finish_html(finished) == finished, "a finished page is left as it is"
    # The tag shown in the body (a hand-written page's raw HTML) is not the head's: the head still gets its own.
    shown = page.replace("<pre>&lt;meta&gt;</pre>", ROBOTS_META)
    assert finish_html(shown).count(ROBOTS_META) == 2
    assert finish_html("<p>no head</p>") == "<p>no head</p>"
    named = page.replace('role="dialog"', 'role="dialog" aria-label="Suche"')
    assert finish_html(named).count("aria-label=") == 1, "a dialog the theme named keeps its name"


def test_a_users_own_stylesheet_replaces_the_packaged_one(playbook_repo) -> None:
    root = playbook_repo({"docs/contacts/dana-ruiz.md": CONTACT, "templates/assets/playbook.css": "/* team colours */\n"})
    site = build(root)
    assert read(site, "assets/playbook.css") == "/* team colours */\n"


def test_the_readme_plugin_options_work_as_written(playbook_repo) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("# mkdocs.yml\n", 1)[1].split("```", 1)[0]
    assert "today: 2026-11-23 " in snippet, "the README shows today unquoted, as a YAML date"
    root = playbook_repo({"docs/contacts/dana-ruiz.md": CONTACT}, mkdocs_yml=snippet)
    site = build(root)
    assert "2026-11-23" in read(site, "asks/index.html")


def test_a_repository_link_requests_nothing_from_the_git_host(playbook_repo) -> None:
    yml = "site_name: T\nrepo_url: https://github.com/acme/playbook\ntheme: {name: material}\nplugins:\n  - playbook: {today: 2026-11-23}\n"
    root = playbook_repo({"docs/contacts/dana-ruiz.md": CONTACT}, mkdocs_yml=yml)
    home = read(build(root), "index.html")
    assert 'href="https://github.com/acme/playbook"' in home, "the link itself stays"
    assert 'data-md-component="source"' not in home, "Material's script would call api.github.com"


def test_the_home_intro_stops_at_the_private_marker(playbook_repo) -> None:
    intro = "# Our playbook\n\nAsk for one.\n\n<!-- private -->\nINTRO-SECRET-7731\n"
    root = playbook_repo({"docs/contacts/dana-ruiz.md": CONTACT, "docs/index.md": intro})
    site = build(root)
    assert "Ask for one." in read(site, "index.html")
    assert not [p for p in site.rglob("*") if p.is_file() and b"INTRO-SECRET-7731" in p.read_bytes()]
