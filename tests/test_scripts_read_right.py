"""Scripts that would be sent as written (issue: a trial's scripts read wrong): names without titles, the
recent-project story in a whole sentence, "today" rather than "0 days ago", a calendar that links to its script
and never ends a name twice, and lists in which a name with a comma stays one person."""

from __future__ import annotations

import html
import re
from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar

from playbook_gen.cli import main

from conftest import write_tree

MKDOCS = "site_name: T\nsite_url: https://playbooks.example.com/\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n      today: 2026-11-23\n"


def repo(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": MKDOCS,
            "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\ntarget_roles: [office manager]\n---\n",
            **files,
        },
    )


def run(root: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["--config", str(root / "mkdocs.yml"), *args], catch_exceptions=False)


def text_of(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw.split("<article", 1)[1].split("</article>", 1)[0])).split())


def test_new_keeps_titles_and_post_nominals_out_of_the_name_and_the_id(tmp_path: Path) -> None:
    root = repo(tmp_path, {})
    for written, profile_id, name in (
        ("Dr. Helen Markovic", "helen-markovic", "Helen Markovic"),
        ("Anna Lee, MD", "anna-lee", "Anna Lee"),
        ("John Doe, Esq.", "john-doe", "John Doe"),
    ):
        result = run(root, "new", "contact", written)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        text = (root / f"docs/contacts/{profile_id}.md").read_text(encoding="utf-8")
        assert f'name: "{name}"' in text


def test_a_name_written_by_hand_is_shown_as_written_and_ends_a_sentence_once(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "docs/customers/ann-lee.md": "---\nname: Ann Lee\nlast_contact: 2026-11-20\nknows: [{contact: john-doe}, {contact: anna-lee}]\n---\n",
            "docs/contacts/john-doe.md": "---\nname: John Doe, Esq.\nwhy: He is retiring.\npriority: 1\n---\n",
            "docs/contacts/anna-lee.md": "---\nname: Anna Lee, MD\nwhy: She is opening a second clinic.\npriority: 1\n---\n",
            "docs/contacts/cy-one.md": "---\nname: Cy One\npriority: 1\n---\n",
            "docs/contacts/cy-two.md": "---\nname: Cy Two, PhD\npriority: 1\n---\n",
        },
    )
    site = tmp_path / "site"
    assert run(root, "build", "--site-dir", str(site)).exit_code == 0  # type: ignore[attr-defined]
    calendar = Calendar.from_ical((site / "maya-okafor/asks.ics").read_bytes())
    descriptions = [str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")]
    assert any("One ask, one person: John Doe, Esq.\n" in d for d in descriptions) and not any("Esq.." in d for d in descriptions)
    assert all("Script: https://playbooks.example.com/customers/ann-lee/" in d for d in descriptions)
    assert "John Doe, Esq." in text_of(site / "maya-okafor/contacts/john-doe/index.html")
    plan = text_of(site / "maya-okafor/asks/index.html")
    assert "Nobody you know is recorded as knowing Cy One; Cy Two, PhD." in plan


def test_the_recent_project_story_is_a_whole_sentence_whatever_its_title(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "docs/customers/rachel-kim.md": (
                "---\nname: Rachel Kim\nrole: office manager\ncompany: Brightsmile Dental\nreference: true\n"
                "recent_project: {title: Nightly cloud backup for both clinics, finished: 2026-10-01, result: no lost day since}\n---\n"
            ),
            "docs/customers/bo-chan.md": "---\nname: Bo Chan\nlast_contact: 2026-11-20\ntheir: [office manager]\n---\n",
        },
    )
    site = tmp_path / "site"
    assert run(root, "build", "--site-dir", str(site)).exit_code == 0  # type: ignore[attr-defined]
    page = text_of(site / "maya-okafor/customers/bo-chan/index.html")
    assert (
        "Recently I completed a project for Rachel Kim, office manager at Brightsmile Dental: Nightly cloud backup for both clinics. "
        "No lost day since. It was a great experience." in page
    )
    assert "completed Nightly" not in page


def test_an_introduction_made_today_says_today(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "docs/customers/ann-lee.md": (
                "---\nname: Ann Lee\nlast_contact: 2026-11-23\nknows: [{contact: dana-ruiz}]\n"
                "asks:\n  - {contact: dana-ruiz, date: 2026-11-16, result: introduced, answered: 2026-11-23}\n---\n"
            ),
            "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\nwhy: She is selling.\nstage: introduced\n---\n",
        },
    )
    site = tmp_path / "site"
    assert run(root, "build", "--site-dir", str(site)).exit_code == 0  # type: ignore[attr-defined]
    home = text_of(site / "maya-okafor/index.html")
    assert "the introduction to Dana Ruiz (today)" in home and "0 days ago" not in home


def test_site_name_and_profile_text_are_text_everywhere(tmp_path: Path) -> None:
    """A site_name holding markup never runs (Material prints it raw in places); a bidirectional control never reorders a page."""
    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": MKDOCS.replace("site_name: T", 'site_name: "<script>alert(1)</script> & <b>co</b>"'),
            "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\n---\n",
            "docs/customers/ann-lee.md": "---\nname: Ann \u202eeeL\nknows: [{contact: dana-ruiz}]\n---\nNotes \u2067with an isolate\u2069.\n",
            "docs/contacts/dana-ruiz.md": "---\nname: Dana Ruiz\nwhy: She is selling.\n---\n",
        },
    )
    site = tmp_path / "site"
    assert run(root, "build", "--site-dir", str(site)).exit_code == 0  # type: ignore[attr-defined]
    pages = sorted((site / "maya-okafor").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in raw and "<b>co</b>" not in raw, page
        assert not any(ch in raw for ch in "\u202e\u2067\u2069"), page
    home = (site / "maya-okafor/index.html").read_text(encoding="utf-8")
    assert " - &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;</title>" in home  # shown as written, as text
    assert "Ann eeL" in text_of(site / "maya-okafor/customers/ann-lee/index.html")
    generated = run(root, "generate", "--out", str(tmp_path / "tree"))
    assert generated.exit_code == 1 and "site_name holds <, > or &" in generated.stderr  # type: ignore[attr-defined]
