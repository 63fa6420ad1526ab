"""The fixed parts of the method: opportunity scores and bands, the stage ladder, the cool-down, dates."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from playbook_gen.method import (
    LADDER,
    STAGE_LABELS,
    any_match,
    cooled_down,
    first_free_week,
    first_name,
    monday_of,
    opportunity_band,
    opportunity_score,
    rated_outcomes,
    same_text,
    story_may_be_told,
)
from playbook_gen.model import STAGES, Outcome

from factories import TODAY, build_playbook, read


def outcome(statement: str, importance: int | None, satisfaction: int | None) -> Outcome:
    return Outcome(statement=statement, importance=importance, satisfaction=satisfaction)


@pytest.mark.parametrize(
    ("importance", "satisfaction", "score"),
    [(8, 3, 13), (10, 1, 19), (5, 9, 5), (7, 7, 7), (1, 10, 1), (6, 5, 7)],
)
def test_opportunity_score_is_importance_plus_unmet_importance(importance: int, satisfaction: int, score: int) -> None:
    assert opportunity_score(outcome("x", importance, satisfaction)) == score


@pytest.mark.parametrize(("importance", "satisfaction"), [(None, 4), (8, None), (None, None)])
def test_an_outcome_rated_on_one_side_only_has_no_score(importance: int | None, satisfaction: int | None) -> None:
    assert opportunity_score(outcome("x", importance, satisfaction)) is None


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (19, "extreme"),
        (16, "extreme"),
        (15, "high"),
        (12, "high"),  # the ranges overlap at 12: a boundary belongs to the higher band
        (11, "worth exploring"),
        (10, "worth exploring"),
        (9, "low"),
        (1, "low"),
    ],
)
def test_opportunity_bands(score: int, band: str) -> None:
    assert opportunity_band(score) == band


def test_rated_outcomes_are_sorted_highest_first_and_unrated_ones_left_out() -> None:
    outcomes = [
        outcome("Predictable cash", 6, 5),  # 7
        outcome("A calm handover", 9, 2),  # 16
        outcome("Fewer surprises", 8, None),  # unrated
        outcome("Clean books", 7, 3),  # 11
        outcome("Board trust", 8, 4),  # 12
        outcome("Alpha tie", 6, 1),  # 11, less important than "Clean books"
    ]
    ranked = rated_outcomes(outcomes)
    assert [(r.outcome.statement, r.score, r.band) for r in ranked] == [
        ("A calm handover", 16, "extreme"),
        ("Board trust", 12, "high"),
        ("Clean books", 11, "worth exploring"),
        ("Alpha tie", 11, "worth exploring"),
        ("Predictable cash", 7, "low"),
    ]


def test_the_ladder_runs_from_first_conversation_to_sales_process_in_spec_order() -> None:
    assert [rung.stage for rung in LADDER] == ["first-conversation", "explore", "identify", "match", "propose", "sales-process"]
    assert [rung.stage for rung in LADDER] == list(STAGES[STAGES.index("first-conversation") : STAGES.index("sales-process") + 1])
    for rung in LADDER:
        assert rung.goal.strip() and rung.label == STAGE_LABELS[rung.stage]
        assert "?" in rung.move_on_when, f"{rung.stage}: moving on is decided by a question"


def test_every_stage_has_a_label() -> None:
    assert set(STAGE_LABELS) == set(STAGES)


def test_monday_of_every_day_of_a_week() -> None:
    for offset in range(7):
        assert monday_of(date(2026, 11, 23) + timedelta(days=offset)) == date(2026, 11, 23)
    assert monday_of(date(2027, 1, 3)) == date(2026, 12, 28)  # a Sunday across the new year


def test_cool_down_counts_asks_before_and_after_the_week() -> None:
    week = date(2026, 11, 23)
    six_weeks = timedelta(weeks=6)
    assert cooled_down([], week=week, cooldown_weeks=6)
    assert cooled_down([week - six_weeks], week=week, cooldown_weeks=6)
    assert not cooled_down([week - six_weeks + timedelta(days=1)], week=week, cooldown_weeks=6)
    assert cooled_down([week + six_weeks], week=week, cooldown_weeks=6)
    assert not cooled_down([week + six_weeks - timedelta(days=1)], week=week, cooldown_weeks=6)
    assert not cooled_down([week - timedelta(weeks=20), week + timedelta(days=3)], week=week, cooldown_weeks=6)


def test_first_free_week_is_a_monday_a_whole_window_after_the_last_ask() -> None:
    tuesday = date(2026, 10, 13)
    assert first_free_week([tuesday], from_week=TODAY, cooldown_weeks=6) == date(2026, 11, 30)
    assert first_free_week([], from_week=TODAY, cooldown_weeks=6) == TODAY
    assert first_free_week([date(2026, 12, 2)], from_week=TODAY, cooldown_weeks=2) == date(2026, 12, 21)


def test_a_story_is_told_only_for_a_finished_project_of_the_last_180_days() -> None:
    week = date(2026, 12, 7)
    assert story_may_be_told(week - timedelta(days=180), today=TODAY, week=week)
    assert not story_may_be_told(week - timedelta(days=181), today=TODAY, week=week)
    assert not story_may_be_told(TODAY + timedelta(days=1), today=TODAY, week=week), "a planned finish is not a story yet"
    assert not story_may_be_told(None, today=TODAY, week=week)
    # In the current week the ask is made from today on, not from its Monday.
    wednesday = date(2026, 11, 25)
    assert story_may_be_told(wednesday - timedelta(days=1), today=wednesday, week=monday_of(wednesday))
    assert not story_may_be_told(wednesday - timedelta(days=181), today=wednesday, week=monday_of(wednesday))


@pytest.mark.parametrize(
    ("name", "first"),
    [("Dana Ruiz", "Dana"), ("Dr. Lena Fischer", "Lena"), ("Prof Dr Ada Byron", "Ada"), ("张伟", "张伟"), ("Dr.", "Dr."), ("Zoë", "Zoë")],
)
def test_first_name_skips_courtesy_titles(name: str, first: str) -> None:
    assert first_name(name) == first


def test_text_matching_ignores_case_and_surrounding_space() -> None:
    assert same_text(" Financial Advisor", "financial advisor ")
    assert not same_text("accountant", None)
    assert any_match(["Accountant", "lawyer"], [None, "ACCOUNTANT"])
    assert not any_match([], ["accountant"])


@pytest.fixture(scope="module")
def outcome_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_playbook(
        tmp_path_factory.mktemp("outcomes"),
        {
            "docs/salespeople/maya-okafor.md": "---\nname: Maya Okafor\noffer: plan the handover\n---\n",
            "docs/contacts/dana-ruiz.md": """\
                ---
                name: Dana Ruiz
                stage: explore
                outcomes:
                  - {statement: Predictable cash, importance: 6, satisfaction: 5}
                  - {statement: A calm handover, importance: 9, satisfaction: 2}
                  - {statement: Board trust, importance: 8, satisfaction: 4}
                  - {statement: Not rated yet}
                ---
                """,
        },
    )


def test_contact_page_sorts_rated_outcomes_by_opportunity_with_bands(outcome_site: Path) -> None:
    html = read(outcome_site, "contacts/dana-ruiz/index.html")
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>", html)
    assert [(statement, int(score), band) for statement, _, _, score, band in rows] == [
        ("A calm handover", 16, "extreme"),
        ("Board trust", 12, "high"),
        ("Predictable cash", 7, "low"),
    ]


def test_contact_page_marks_the_current_stage_on_the_ladder(outcome_site: Path) -> None:
    html = read(outcome_site, "contacts/dana-ruiz/index.html")
    current = [line for line in html.splitlines() if "current stage" in line]
    assert len(current) == 1 and "Explore" in current[0]
    for rung in LADDER:
        assert rung.label in html


HOW_IT_WORKS = Path(__file__).resolve().parent.parent / "playbook_gen" / "method_pages" / "how-it-works.md"


def _plain(text: str) -> str:
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")


def test_how_it_works_shows_the_ladder_the_pages_use() -> None:
    page = _plain(HOW_IT_WORKS.read_text(encoding="utf-8"))
    for rung in LADDER:
        assert f"| {rung.label} | {_plain(rung.goal)} | {_plain(rung.move_on_when)} |" in page


def test_how_it_works_shows_the_bands_the_pages_use() -> None:
    page = HOW_IT_WORKS.read_text(encoding="utf-8")
    for low, high in ((16, 19), (12, 15), (10, 11), (1, 9)):
        band = opportunity_band(low)
        assert opportunity_band(high) == band
        assert re.search(rf"\| {low}\u2013{high}[^|]*\| {band} \|", page), band
