"""A team plays one plan (SPEC §10): shared connectors, shared contacts, and the sales manager's site."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from playbook_gen.books import book_for
from playbook_gen.mkdocs_settings import ROBOTS_META
from playbook_gen.plan import ask_refusal, plan_asks
from playbook_gen.playbook import Playbook
from playbook_gen.team import team_of, teams

from conftest import MKDOCS_YML, invoke, write_tree
from factories import TODAY, connector, edge, salesperson, target

MAYA, TOM, ADA = "maya-okafor", "tom-becker", "ada-lovelace"


def monday(n: int) -> date:
    return TODAY + timedelta(weeks=n)


def rows(plan: list[Any]) -> list[tuple[str, str, str]]:
    return [(a.week.isoformat(), a.connector.id, a.contact.id if a.contact else f"role:{a.role}") for a in plan]


def playbook(*, people: dict[str, dict[str, Any]], customers: list[Any], contacts: list[Any], edges: list[Any]) -> Playbook:
    return Playbook(
        docs_dir=Path("/playbook/docs"),
        salespeople={sid: salesperson(sid, **fields) for sid, fields in people.items()},
        customers={c.id: c for c in customers},
        contacts={t.id: t for t in contacts},
        edges=edges,
    )


def plans(pb: Playbook) -> dict[str, list[tuple[str, str, str]]]:
    return {sid: rows(plan_asks(book_for(pb, sid, today=TODAY))) for sid in sorted(pb.salespeople)}


# -- who plans with whom --------------------------------------------------------


def test_salespeople_linked_by_a_shared_profile_are_one_team_and_the_others_plan_alone() -> None:
    pb = playbook(
        people={MAYA: {}, TOM: {}, ADA: {}},
        customers=[connector("shared", owner=[MAYA, TOM]), connector("adas", owner=ADA)],
        contacts=[],
        edges=[],
    )
    assert teams(pb) == [[ADA], [MAYA, TOM]]
    assert team_of(pb, TOM) == [MAYA, TOM]
    assert book_for(pb, ADA, today=TODAY).team is None  # a team of one: the plan of one salesperson, unchanged


# -- one connector, asked once per cool-down by anyone ----------------------------


def test_a_shared_connector_goes_to_the_higher_priority_ask_and_the_week_is_a_recorded_conflict() -> None:
    pb = playbook(
        people={MAYA: {"asks_per_week": 1, "target_roles": []}, TOM: {"asks_per_week": 1, "target_roles": []}},
        customers=[connector("shared", owner=[MAYA, TOM])],
        contacts=[target("ana", owner=MAYA, priority=2), target("tina", owner=TOM, priority=1)],
        edges=[edge("shared", "ana"), edge("shared", "tina")],
    )
    assert plans(pb) == {MAYA: [(monday(6).isoformat(), "shared", "ana")], TOM: [(monday(0).isoformat(), "shared", "tina")]}
    team = book_for(pb, MAYA, today=TODAY).team
    assert team is not None
    [conflict] = team.plan().contentions
    assert (conflict.week, conflict.connector.id, conflict.winner, conflict.others) == (monday(0), "shared", TOM, (MAYA,))


def test_the_longer_cool_down_of_a_shared_connector_holds_for_everyone() -> None:
    pb = playbook(
        people={MAYA: {"asks_per_week": 1, "cooldown_weeks": 2, "weeks_ahead": 12, "target_roles": []}, TOM: {"cooldown_weeks": 5, "target_roles": []}},
        customers=[connector("shared", owner=[MAYA, TOM])],
        contacts=[target("ana", owner=MAYA), target("bea", owner=MAYA)],
        edges=[edge("shared", "ana", 5), edge("shared", "bea", 4)],
    )
    assert plans(pb)[MAYA] == [(monday(0).isoformat(), "shared", "ana"), (monday(5).isoformat(), "shared", "bea")]
    # Alone, Maya's own two weeks would hold: the team's five is the only difference.
    alone = playbook(
        people={MAYA: {"asks_per_week": 1, "cooldown_weeks": 2, "weeks_ahead": 12, "target_roles": []}},
        customers=[connector("shared")],
        contacts=[target("ana"), target("bea")],
        edges=[edge("shared", "ana", 5), edge("shared", "bea", 4)],
    )
    assert plans(alone)[MAYA] == [(monday(0).isoformat(), "shared", "ana"), (monday(2).isoformat(), "shared", "bea")]


def test_a_tie_for_a_shared_connector_alternates_week_by_week() -> None:
    """Same priority, same strength: the turn rotates, so nobody wins every tie."""
    people = {sid: {"asks_per_week": 1, "cooldown_weeks": 1, "weeks_ahead": 4, "target_roles": []} for sid in (MAYA, TOM)}
    pb = playbook(
        people=people,
        customers=[connector("shared", owner=[MAYA, TOM])],
        contacts=[target(t, owner=MAYA if t.startswith("m") else TOM) for t in ("m1", "m2", "t1", "t2")],
        edges=[edge("shared", t, 3) for t in ("m1", "m2", "t1", "t2")],
    )
    weeks = {sid: [week for week, _, _ in asks] for sid, asks in plans(pb).items()}
    assert weeks == {MAYA: [monday(0).isoformat(), monday(2).isoformat()], TOM: [monday(1).isoformat(), monday(3).isoformat()]}


def test_a_recorded_ask_of_a_shared_connector_by_a_colleague_rests_them_for_the_longest_cool_down() -> None:
    pb = playbook(
        people={MAYA: {"cooldown_weeks": 2, "target_roles": []}, TOM: {"cooldown_weeks": 6, "target_roles": []}},
        customers=[connector("shared", owner=[MAYA, TOM], asks=[{"contact": "tina", "date": (TODAY - timedelta(weeks=1)).isoformat(), "result": "no-answer"}])],
        contacts=[target("ana", owner=MAYA), target("tina", owner=TOM, stage="lost")],
        edges=[edge("shared", "ana"), edge("shared", "tina")],
    )
    book = book_for(pb, MAYA, today=TODAY)
    assert plans(pb)[MAYA] == [(monday(5).isoformat(), "shared", "ana")]
    refusal = ask_refusal(book, "shared", contact_id="ana", on=TODAY)
    assert refusal is not None and "inside the 6-week cool-down" in refusal


# -- one contact, pursued by one salesperson at a time -------------------------------


def shared_contact(*, mayas: int, toms: int, pending_by_tom: bool = False) -> Playbook:
    asks = [{"contact": "dana", "date": (TODAY - timedelta(days=3)).isoformat(), "result": "pending"}] if pending_by_tom else []
    return playbook(
        people={MAYA: {"target_roles": []}, TOM: {"target_roles": []}},
        customers=[connector("mayas", owner=MAYA), connector("toms", owner=TOM, asks=asks)],
        contacts=[target("dana", owner=[MAYA, TOM], stage="asked" if pending_by_tom else "not-asked")],
        edges=[edge("mayas", "dana", mayas), edge("toms", "dana", toms)],
    )


def test_a_shared_contact_is_pursued_by_the_salesperson_with_the_best_path_only() -> None:
    assert plans(shared_contact(mayas=5, toms=2)) == {MAYA: [(monday(0).isoformat(), "mayas", "dana")], TOM: []}
    assert plans(shared_contact(mayas=2, toms=5)) == {MAYA: [], TOM: [(monday(0).isoformat(), "toms", "dana")]}


def test_a_colleagues_pending_ask_for_a_shared_contact_stops_everyone_else() -> None:
    pb = shared_contact(mayas=5, toms=2, pending_by_tom=True)
    assert plans(pb) == {MAYA: [], TOM: []}
    mayas = book_for(pb, MAYA, today=TODAY)
    state = mayas.state_of("dana")
    assert (state.stage, state.disagreement) == ("asked", None)  # Tom's file holds the ask: the files agree
    refusal = ask_refusal(mayas, "mayas", contact_id="dana", on=TODAY)
    assert refusal is not None and "by Tom Becker" in refusal and "one salesperson at a time" in refusal


# -- the pages say so, and a build alone agrees with --all ---------------------------


def team_repo(root: Path, *, extra: dict[str, str] | None = None) -> Path:
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: get their numbers in order\nasks_per_week: 1\n---\nMaya's bio.\n",
        "docs/salespeople/tom-becker.md": "---\nname: Tom Becker\noffer: make payroll boring\nasks_per_week: 1\ncooldown_weeks: 8\n---\n",
        "docs/customers/greta-hansen.md": (
            "---\nname: Greta Hansen\nowner: [maya-okafor, tom-becker]\nrelationship: 4\nlast_contact: 2026-11-02\n"
            "knows:\n  - contact: zoe-lindqvist\n    strength: 3\n  - contact: lena-fischer\n    strength: 4\n"
            "asks:\n  - contact: ben-adler\n    date: 2026-09-01\n    result: introduced\n    answered: 2026-09-08\n"
            "private_margin: SENTINEL-PRIVATE-KEY\n---\nSENTINEL-NOTES-GRETA\n<!-- private -->\nSENTINEL-PRIVATE-BODY\n"
        ),
        "docs/customers/priya-raman.md": "---\nname: Priya Raman\nowner: maya-okafor\nrelationship: 3\nknows:\n  - contact: dana-ruiz\n    strength: 4\n---\nSENTINEL-NOTES-PRIYA\n",
        "docs/customers/rachel-kim.md": "---\nname: Rachel Kim\nowner: tom-becker\nrelationship: 2\nknows:\n  - contact: dana-ruiz\n    strength: 2\n---\n",
        "docs/contacts/zoe-lindqvist.md": "---\nname: Zoë Lindqvist\nowner: maya-okafor\nwhy: She runs the family firm.\npriority: 2\n---\nSENTINEL-NOTES-ZOE\n",
        "docs/contacts/lena-fischer.md": "---\nname: Lena Fischer\nowner: tom-becker\nwhy: She opens a second practice.\npriority: 1\n---\n",
        "docs/contacts/ben-adler.md": "---\nname: Ben Adler\nowner: tom-becker\nwhy: Out-of-hours care.\nstage: introduced\n---\n",
        "docs/contacts/dana-ruiz.md": (
            "---\nname: Dana Ruiz\nowner: [maya-okafor, tom-becker]\nwhy: Dana is handing the business over.\n"
            "private: {phone: SENTINEL-PRIVATE-NESTED}\n---\nSENTINEL-NOTES-DANA\n"
        ),
    }
    return write_tree(root, {**files, **(extra or {})})


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#45;", "-").replace("&#39;", "'")


def test_pages_name_the_colleague_whose_ask_holds_yours_back(tmp_path: Path) -> None:
    root = team_repo(tmp_path / "repo")
    result = invoke(root, "build", "--all", "--site-dir", str(root / "site"))
    assert result.exit_code == 0, result.output
    site = root / "site"
    # Tom's priority-1 Lena takes Greta in the first week; Greta rests 8 weeks (Tom's) for Maya too.
    greta = text_of(page(site / "maya-okafor", "customers/greta-hansen"))
    assert "Tom Becker asks Greta Hansen in the week of 2026-11-23" in greta
    assert "You may ask Greta Hansen again from the week of 2027-01-18" in greta
    plan = text_of(page(site / "maya-okafor", "asks"))
    assert "Tom Becker asks Greta Hansen in the week of 2026-11-23; you may ask them again from the week of 2027-01-18" in plan
    # The colleague's own contact never shows on Maya's pages: the history says whose ask it was, not whom for.
    assert "Lena Fischer" not in greta and "Ben Adler" not in greta
    assert "a colleague's contact (asked by Tom Becker)" in greta
    # Dana is shared: Maya's path (Priya, 4/5) beats Tom's (Rachel, 2/5), so Tom leaves her to Maya.
    dana = text_of(page(site / "tom-becker", "contacts/dana-ruiz"))
    assert "Maya Okafor pursues Dana Ruiz" in dana and "Leave Dana Ruiz to Maya Okafor" in dana
    assert "Maya Okafor pursues Dana Ruiz" not in text_of(page(site / "maya-okafor", "contacts/dana-ruiz"))


def test_a_build_of_one_salesperson_alone_agrees_with_build_all_byte_for_byte(tmp_path: Path) -> None:
    root = team_repo(tmp_path / "repo")
    assert invoke(root, "build", "--all", "--team", "--site-dir", str(root / "all")).exit_code == 0
    for sid in ("tom-becker", "maya-okafor"):
        assert invoke(root, "build", "--salesperson", sid, "--site-dir", str(root / "one")).exit_code == 0
    assert invoke(root, "build", "--team", "--site-dir", str(root / "one")).exit_code == 0
    every = {p.relative_to(root / "all").as_posix(): p.read_bytes() for p in (root / "all").rglob("*") if p.is_file()}
    alone = {p.relative_to(root / "one").as_posix(): p.read_bytes() for p in (root / "one").rglob("*") if p.is_file()}
    assert sorted({k.split("/")[0] for k in every}) == ["maya-okafor", "team", "tom-becker"]
    assert every == alone


# -- the team site -----------------------------------------------------------------


@pytest.fixture(scope="module")
def team_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = team_repo(tmp_path_factory.mktemp("team") / "repo")
    result = invoke(root, "build", "--team", "--site-dir", str(root / "site"))
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f"team: built {(root / 'site/team').as_posix()}/\n")
    assert sorted(p.name for p in (root / "site").iterdir()) == ["team"]
    return root / "site/team"


def test_the_team_site_shows_each_salespersons_week_and_the_pipeline(team_site: Path) -> None:
    home = text_of(page(team_site, ""))
    assert "Maya Okafor" in home and "Tom Becker" in home
    assert "Greta Hansen Lena Fischer named" in home  # Tom's week: connector → one person
    assert "Priya Raman Dana Ruiz named" in home  # Maya's
    pipeline = page(team_site, "pipeline")
    assert pipeline.count('class="playbook-chart"') == 3  # the team, then each salesperson: the home page's chart
    assert "The team's contacts by stage: Not asked 3, Introduced 1." in text_of(pipeline)
    assert "4 contacts; a contact shared by several salespeople counts once" in text_of(pipeline)


def test_the_team_site_lists_introductions_per_connector_and_the_ask_rhythm(team_site: Path) -> None:
    intros = text_of(page(team_site, "introductions"))
    assert "2026-09-08 Ben Adler Tom Becker" in intros
    rhythm = page(team_site, "rhythm")
    assert rhythm.count('class="playbook-chart playbook-rhythm"') == 2 and rhythm.count('class="playbook-rhythm__goal"') == 2
    # No ask was recorded in the last 12 weeks (Greta's is from September): zero weeks on goal.
    assert "0 asks in 12 weeks; the goal of 1 a week (the dashed line) met in 0 of them." in text_of(rhythm)


def test_the_team_site_lists_the_conflicts_the_plan_resolved(team_site: Path) -> None:
    conflicts = text_of(page(team_site, "conflicts"))
    # Maya through Priya: 4 × 20 + 3 × 10; Tom through Rachel: 2 × 20 + 2 × 10 (How the playbook decides).
    assert "Dana Ruiz Maya Okafor Maya Okafor 110, Tom Becker 60" in conflicts
    assert "Maya Okafor Tom Becker asks Greta Hansen in the week of 2026-11-23 2027-01-18" in conflicts
    # Both wanted Greta in the first week: Tom's priority-1 Lena beat Maya's priority-2 Zoë.
    assert "2026-11-23 Greta Hansen Tom Becker, for Lena Fischer Maya Okafor" in conflicts


def test_the_team_site_is_private_like_every_playbook(team_site: Path) -> None:
    html_files = list(team_site.rglob("*.html"))
    assert {p.relative_to(team_site).as_posix() for p in html_files} >= {"index.html", "404.html", "pipeline/index.html", "conflicts/index.html"}
    assert all(ROBOTS_META in p.read_text(encoding="utf-8") for p in html_files)
    assert (team_site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert not (team_site / "sitemap.xml").exists() and not (team_site / "sitemap.xml.gz").exists()
    assert 'class="md-header' in page(team_site, "")  # Material's look
    assert not (team_site / "customers").exists() and not (team_site / "contacts").exists()  # no profile page


def test_the_team_site_holds_no_notes_and_nothing_private(team_site: Path) -> None:
    leaked = []
    for path in team_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaked += [f"{path.relative_to(team_site)}: {s}" for s in (b"SENTINEL", b"Maya's bio") if s in data]
    assert leaked == []
    assert (team_site / "search/search_index.json").is_file()


def test_a_salesperson_with_the_id_team_is_refused_for_the_team_site(tmp_path: Path) -> None:
    root = team_repo(tmp_path / "repo", extra={"docs/salespeople/team.md": "---\nname: Team Member\noffer: x\n---\n"})
    result = invoke(root, "build", "--team", "--site-dir", str(root / "site"))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith("docs/salespeople/team.md: a salesperson with the id 'team' would share team/ with the team site; rename them (playbook-gen rename)")
    )
    assert not (root / "site").exists()


def test_a_broken_profile_stops_the_team_site_and_keeps_the_previous_one(tmp_path: Path) -> None:
    root = team_repo(tmp_path / "repo")
    assert invoke(root, "build", "--team", "--site-dir", str(root / "site")).exit_code == 0
    before = (root / "site/team/index.html").read_bytes()
    (root / "docs/contacts/dana-ruiz.md").write_text("---\nname: Dana Ruiz\npriority: 9\n---\n", encoding="utf-8")
    result = invoke(root, "build", "--team", "--site-dir", str(root / "site"))
    assert result.exit_code == 1
    assert "docs/contacts/dana-ruiz.md:3: priority:" in result.stderr
    assert "Traceback" not in result.output
    assert (root / "site/team/index.html").read_bytes() == before


def test_mkdocs_builds_the_team_site_with_the_plugin_option(tmp_path: Path) -> None:
    from conftest import build

    root = team_repo(tmp_path / "repo", extra={"mkdocs.yml": MKDOCS_YML + "      team: true\n", "docs/method/index.md": "# Method\n"})
    site = build(root)
    assert (site / "conflicts/index.html").is_file()
    assert not (site / "method").exists()  # hand-written pages belong to the playbooks, not the manager's site
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link', (site / "index.html").read_text(encoding="utf-8"))
    assert {"pipeline/", "introductions/", "rhythm/", "conflicts/"} <= set(nav)


def test_how_it_works_tells_the_team_example_the_plan_makes() -> None:
    from playbook_gen.playbook import load_playbook
    from playbook_gen.team import Team

    from conftest import REPO

    pb = load_playbook(REPO / "docs", root=REPO)
    maya = book_for(pb, MAYA, today=TODAY)
    assert isinstance(maya.team, Team)
    [ask] = [a for a in plan_asks(maya) if a.connector.id == "marcus-webb"]
    [hold] = maya.team.holds_of(TOM)
    assert (hold.ask, hold.colleague) == (ask, MAYA)
    assert maya.cooldown_of("marcus-webb") == pb.salespeople[TOM].data.cooldown_weeks == 8
    page = " ".join((REPO / "playbook_gen/method_pages/how-it-works.md").read_text(encoding="utf-8").split())
    told = (
        f"Maya asks Marcus for his {ask.role} in the week of {ask.week.isoformat()}, so Marcus rests for both of them "
        f"until the week of {hold.free_from.isoformat()}, and Tom's ask of Marcus for James Osei waits until then."
    )
    assert told in page
    # ... and Tom's plan really has no ask of Marcus before then.
    assert all(a.week >= hold.free_from for a in plan_asks(book_for(pb, TOM, today=TODAY)) if a.connector.id == "marcus-webb")


def test_generate_writes_the_team_site_as_plain_markdown_that_plain_mkdocs_builds(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = team_repo(tmp_path / "repo", extra={"docs/method/index.md": "# Method\n"})
    result = invoke(root, "generate", "--team", "--out", str(tmp_path / "tree"))
    assert result.exit_code == 0, result.output
    docs = tmp_path / "tree/docs"
    assert sorted(p.name for p in docs.glob("*.md")) == ["conflicts.md", "index.md", "introductions.md", "pipeline.md", "rhythm.md"]
    assert not (docs / "method").exists() and not (docs / "customers").exists()
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(tmp_path / "tree/mkdocs.yml"), "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert all(ROBOTS_META in p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.html"))
    assert "Greta Hansen Tom Becker, for Lena Fischer Maya Okafor" in text_of(page(tmp_path / "out", "conflicts"))
    assert not any(b"SENTINEL" in p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_an_ask_only_the_salesperson_can_tell_records_who_made_it(tmp_path: Path) -> None:
    """Greta and Dana are both shared: the files alone cannot say who asked, so record ask writes 'by'."""
    greta = "---\nname: Greta Hansen\nowner: [maya-okafor, tom-becker]\nrelationship: 4\nknows:\n  - contact: dana-ruiz\n    strength: 4\n---\n"
    root = team_repo(tmp_path / "repo", extra={"docs/customers/greta-hansen.md": greta})
    unsure = invoke(root, "record", "ask", "greta-hansen", "--contact", "dana-ruiz", "--date", "2026-11-24")
    assert unsure.exit_code == 1
    assert unsure.stderr.strip() == (
        "docs/customers/greta-hansen.md:3: Greta Hansen and dana-ruiz are shared by maya-okafor, tom-becker: say who asks with --salesperson ID"
    )
    done = invoke(root, "record", "ask", "greta-hansen", "--contact", "dana-ruiz", "--date", "2026-11-24", "--salesperson", "tom-becker")
    assert done.exit_code == 0, done.output
    assert "    by: tom-becker\n" in (root / "docs/customers/greta-hansen.md").read_text(encoding="utf-8")
    assert invoke(root, "check").exit_code == 0
    assert invoke(root, "build", "--all", "--team", "--site-dir", str(root / "site")).exit_code == 0
    site = root / "site"
    # Tom asked: Maya leaves Dana to him and has nothing to follow up; Tom's page has the answer command.
    mayas = text_of(page(site / "maya-okafor", "contacts/dana-ruiz"))
    assert "Tom Becker asked one of their connectors for Dana Ruiz on 2026-11-24" in mayas  # Greta is Maya's too...
    assert "You asked Greta Hansen on 2026-11-24" not in mayas  # ...but the ask is Tom's, not hers
    assert "Leave Dana Ruiz to Tom Becker" in mayas
    assert "You asked Greta Hansen on 2026-11-24" in text_of(page(site / "tom-becker", "contacts/dana-ruiz"))
    rhythm = text_of(page(site / "team", "rhythm"))
    assert "Maya Okafor" in rhythm and "1 ask in 12 weeks; the goal of 1 a week (the dashed line) met in 1 of them." in rhythm
    assert "0 asks in 12 weeks" in rhythm  # Maya's: the ask is counted once, for Tom


def test_by_must_name_an_owner_of_the_customer(tmp_path: Path) -> None:
    greta = "---\nname: Greta Hansen\nowner: [maya-okafor, tom-becker]\nasks:\n  - contact: dana-ruiz\n    date: 2026-11-02\n    by: ada\n---\n"
    root = team_repo(tmp_path / "repo", extra={"docs/customers/greta-hansen.md": greta})
    result = invoke(root, "check")
    assert result.exit_code == 1
    assert (
        "docs/customers/greta-hansen.md:7: asks[0].by: 'ada' is not one of this customer's owners (maya-okafor, tom-becker); 'by' names the salesperson who asked"
        in result.stdout + result.stderr
    )


def test_a_contact_page_names_the_colleague_whose_ask_rests_its_connector(tmp_path: Path) -> None:
    from conftest import REPO

    root = tmp_path / "example"
    import shutil

    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert invoke(root, "build", "--salesperson", "tom-becker", env={"PLAYBOOK_TODAY": "2026-11-23"}).exit_code == 0
    james = text_of(page(root / "site/tom-becker", "contacts/james-osei"))
    assert (
        "Maya Okafor asks Marcus Webb in the week of 2026-11-23 (a customer you share: one ask per cool-down across the team); you may ask them again from the week of 2027-01-18."
        in james
    )


def test_a_name_never_gives_a_team_heading_the_id_of_the_themes_own_elements(tmp_path: Path) -> None:
    """Headings that show a name take their ids from the profile's id: a salesperson or connector named
    ``"__config"`` would otherwise give a heading the id of Material's configuration script, and its script stops."""
    root = team_repo(tmp_path / "repo")
    for path in ("docs/salespeople/maya-okafor.md", "docs/customers/greta-hansen.md"):
        profile = root / path
        name = re.search(r"^name: .*$", profile.read_text(encoding="utf-8"), re.MULTILINE)
        assert name is not None
        profile.write_text(profile.read_text(encoding="utf-8").replace(name.group(), 'name: "__config"', 1), encoding="utf-8")
    result = invoke(root, "build", "--team", "--site-dir", str(root / "site"))
    assert result.exit_code == 0, result.output
    pages = sorted((root / "site/team").rglob("index.html"))
    assert len(pages) >= 5
    shown = 0
    for html_page in pages:
        html = html_page.read_text(encoding="utf-8")
        ids = [unescape(found) for found in re.findall(r'\bid="([^"]*)"', html)]
        assert ids.count("__config") == 1, html_page  # the theme's, and only it
        assert [found for found in ids if "tom-becker" in found or "maya-okafor" in found] == [], "an id names nobody"
        assert not [found for found in ids if found.startswith("__") and re.search(rf'<h\d[^>]* id="{re.escape(found)}"', html)], html_page
        shown += text_of(html).count("__config") + html.count("&#95;&#95;config")
    assert shown >= 4, "the name still shows, as written"
