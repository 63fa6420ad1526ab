"""Introduction paths: the score, its plain-language reasons, blocked paths, and the order."""

from __future__ import annotations

import html as html_lib
from datetime import timedelta
from pathlib import Path

import pytest

from playbook_gen.paths import rank_paths
from playbook_gen.playbook import load_playbook

from factories import TODAY, book, build_playbook, connector, edge, read, salesperson, target


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def only_path(**connector_fields: object):
    """The one path from priya-raman to dana-ruiz, with ``connector_fields`` on Priya."""
    strength = connector_fields.pop("strength", 4)
    the_book = book(
        me=salesperson(cooldown_weeks=connector_fields.pop("cooldown_weeks", 6)),
        connectors=[connector("priya-raman", **connector_fields)],
        targets=[target("dana-ruiz", name="Dana Ruiz")],
        edges=[edge("priya-raman", "dana-ruiz", strength, "rowing club")],
    )
    [path] = rank_paths(the_book, "dana-ruiz")
    return path


def test_the_issue_example_score_and_reasons() -> None:
    path = only_path(
        relationship=4,
        last_contact=days_ago(13),
        recent_project={"title": "Cash-flow model", "finished": days_ago(34)},
    )
    assert path.reasons == (
        "knows Dana well (4/5)",
        "you know them well (4/5)",
        "you spoke 13 days ago",
        "finished a project 34 days ago",
    )
    assert path.score == 4 * 20 + 4 * 10 + 15 + 10
    assert path.usable and path.how == "rowing club" and path.resting_until is None


@pytest.mark.parametrize(
    ("days", "points", "reason"),
    [
        (0, 15, "you spoke today"),
        (1, 15, "you spoke yesterday"),
        (30, 15, "you spoke 30 days ago"),
        (31, 10, "you spoke 31 days ago"),
        (90, 10, "you spoke 90 days ago"),
        (91, 5, "you spoke 91 days ago"),
        (180, 5, "you spoke 180 days ago"),
        (181, 0, "no contact for 181 days \u2014 reconnect first"),
        (-3, 15, "you are due to speak in 3 days"),
    ],
)
def test_recency_points_and_words(days: int, points: int, reason: str) -> None:
    path = only_path(relationship=3, last_contact=days_ago(days))
    assert path.score == 4 * 20 + 3 * 10 + points
    assert reason in path.reasons


def test_no_last_contact_scores_nothing_and_says_so() -> None:
    path = only_path(relationship=3)
    assert path.score == 4 * 20 + 3 * 10
    assert "no last contact recorded" in path.reasons


@pytest.mark.parametrize("finished", [-1, 181])
def test_only_a_project_finished_in_the_last_180_days_counts(finished: int) -> None:
    path = only_path(relationship=3, recent_project={"title": "Model", "finished": days_ago(finished)})
    assert path.score == 4 * 20 + 3 * 10
    assert not any("project" in reason for reason in path.reasons)


def test_each_ask_inside_the_cool_down_costs_thirty_points_and_says_when_they_are_free() -> None:
    one = only_path(relationship=3, asks=[{"contact": "ben-adler", "date": days_ago(20), "result": "no-answer"}])
    assert one.score == 4 * 20 + 3 * 10 - 30
    assert f"asked 20 days ago \u2014 free again in the week of {(TODAY + timedelta(weeks=4)).isoformat()}" in one.reasons
    assert one.resting_until == TODAY + timedelta(weeks=4)
    assert one.usable, "resting is not blocked: the plan waits for the window to pass"

    two = only_path(
        relationship=3,
        asks=[{"contact": "ben-adler", "date": days_ago(20)}, {"role": "accountant", "date": days_ago(30), "result": "declined"}],
    )
    assert two.score == 4 * 20 + 3 * 10 - 60
    assert any(reason.startswith("asked 2 times inside the cool-down, last 20 days ago") for reason in two.reasons)


def test_an_ask_a_whole_window_before_this_week_is_no_fatigue() -> None:
    path = only_path(relationship=3, cooldown_weeks=2, asks=[{"contact": "ben-adler", "date": days_ago(14), "result": "no-answer"}])
    assert path.score == 4 * 20 + 3 * 10
    assert path.resting_until is None


@pytest.mark.parametrize(
    ("fields", "blocked"),
    [
        ({"do_not_ask": True}, "marked do not ask"),
        ({"asks": [{"contact": "dana-ruiz", "date": "2024-01-08", "result": "declined"}]}, "declined on 2024-01-08"),
        (
            {
                "asks": [
                    {"contact": "dana-ruiz", "date": "2024-01-08", "result": "declined"},
                    {"contact": "dana-ruiz", "date": "2026-01-05", "result": "no-answer"},
                ]
            },
            "declined on 2024-01-08",
        ),
        ({"asks": [{"contact": "dana-ruiz", "date": "2026-11-02"}]}, "ask pending since 2026-11-02"),
        ({"asks": [{"contact": "dana-ruiz", "date": "2026-11-02", "result": "introduced"}]}, "introduced on 2026-11-02"),
    ],
)
def test_blocked_paths_are_listed_with_the_reason(fields: dict[str, object], blocked: str) -> None:
    path = only_path(**fields)
    assert path.blocked == blocked and not path.usable


def test_no_answer_and_asks_for_other_people_do_not_block() -> None:
    path = only_path(
        asks=[{"contact": "dana-ruiz", "date": "2026-01-05", "result": "no-answer"}, {"contact": "ben-adler", "date": "2025-01-06", "result": "declined"}]
    )
    assert path.usable


def test_paths_are_ranked_best_first_blocked_last_and_ties_broken_by_strength_then_id() -> None:
    the_book = book(
        connectors=[
            connector("strong-friend", relationship=5),  # 3*20 + 50 = 110
            connector("blocked-best", relationship=5, do_not_ask=True),  # 5*20 + 50 = 150, but blocked
            connector("tie-b", relationship=3),  # 4*20 + 30 = 110, stronger edge than strong-friend
            connector("tie-a", relationship=3),  # same as tie-b
            connector("weak", relationship=1),  # 1*20 + 10 = 30
        ],
        targets=[target("dana-ruiz"), target("ben-adler")],
        edges=[
            edge("strong-friend", "dana-ruiz", 3),
            edge("blocked-best", "dana-ruiz", 5),
            edge("tie-b", "dana-ruiz", 4),
            edge("tie-a", "dana-ruiz", 4),
            edge("weak", "dana-ruiz", 1),
            edge("weak", "ben-adler", 5),
        ],
    )
    ranked = rank_paths(the_book, "dana-ruiz")
    assert [(p.connector.id, p.score) for p in ranked] == [
        ("tie-a", 110),
        ("tie-b", 110),
        ("strong-friend", 110),
        ("weak", 30),
        ("blocked-best", 150),
    ]
    assert all(p.target_id == "dana-ruiz" for p in ranked)
    assert rank_paths(the_book, "ben-adler")[0].connector.id == "weak"


def test_a_target_nobody_knows_has_no_paths() -> None:
    assert rank_paths(book(connectors=[connector("priya-raman")], targets=[target("dana-ruiz")]), "dana-ruiz") == []


def test_reasons_greet_the_target_by_first_name_without_title() -> None:
    the_book = book(
        connectors=[connector("rachel-kim")], targets=[target("lena-fischer", name="Dr. Lena Fischer")], edges=[edge("rachel-kim", "lena-fischer", 5)]
    )
    assert rank_paths(the_book, "lena-fischer")[0].reasons[0] == "knows Lena very well (5/5)"


PRIYA = """\
    ---
    name: Priya Raman
    relationship: 4
    last_contact: 2026-11-10
    reference: true
    recent_project: {title: Cash-flow model, finished: 2026-10-20}
    knows:
      - contact: dana-ruiz
        strength: 2
        how: Same rowing club
    ---
    """
DANA = """\
    ---
    name: Dana Ruiz
    why: She is handing the business over.
    priority: 1
    known_by:
      - customer: priya-raman
        strength: 4
      - customer: greta-hansen
        strength: 2
    ---
    """
GRETA = """\
    ---
    name: Greta Hansen
    relationship: 2
    do_not_ask: true
    ---
    """
FILES = {
    "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\n---\n",
    "docs/customers/priya-raman.md": PRIYA,
    "docs/customers/greta-hansen.md": GRETA,
    "docs/contacts/dana-ruiz.md": DANA,
}


@pytest.fixture(scope="module")
def paths_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_playbook(tmp_path_factory.mktemp("paths"), FILES)


def test_both_sides_giving_a_strength_warn_and_the_higher_wins(paths_site: Path) -> None:
    playbook = load_playbook(paths_site.parent / "docs")
    [merged] = [e for e in playbook.edges if e.connector == "priya-raman"]
    assert merged.strength == 4 and merged.how == "Same rowing club"
    warnings = [p for p in playbook.problems if p.severity == "warning"]
    assert len(warnings) == 1 and "using 4" in warnings[0].message


def test_contact_page_shows_ranked_paths_with_their_reasons(paths_site: Path) -> None:
    page = html_lib.unescape(read(paths_site, "contacts/dana-ruiz/index.html"))
    expected = "knows Dana well (4/5) \u00b7 you know them well (4/5) \u00b7 you spoke 13 days ago \u00b7 finished a project 34 days ago"
    assert expected in page
    assert page.index("Priya Raman") < page.index("Greta Hansen"), "the usable path is ranked above the blocked one"
    assert "not asked: marked do not ask" in page


def test_how_it_works_shows_the_formula_the_ranking_uses() -> None:
    from playbook_gen.paths import FATIGUE_PENALTY, PROJECT_POINTS, RECENCY_POINTS, RELATIONSHIP_POINTS, STRENGTH_POINTS

    page = (Path(__file__).resolve().parent.parent / "playbook_gen" / "method_pages" / "how-it-works.md").read_text(encoding="utf-8")
    (d1, p1), (d2, p2), (d3, p3) = RECENCY_POINTS
    for row in (
        f"| {STRENGTH_POINTS} per point ({STRENGTH_POINTS}\u2013{5 * STRENGTH_POINTS}) |",
        f"| {RELATIONSHIP_POINTS} per point ({RELATIONSHIP_POINTS}\u2013{5 * RELATIONSHIP_POINTS}) |",
        f"+{p1} within {d1} days (or a date still ahead), +{p2} within {d2}, +{p3} within {d3}, nothing after that |",
        f"| +{PROJECT_POINTS} |",
        f"| \u2212{FATIGUE_PENALTY} each |",
    ):
        assert row in page
