"""The benchmark harness runs end to end (small sizes): it measures every goal and writes its JSON.

It asserts that each figure was measured, never how fast anything was: timings
belong to `python benchmarks/run.py`, not to the test suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_quick_benchmark_reports_every_goal(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/run.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["quick"] is True
    for section, key in (
        ("scaling", "marginal_ratio"),
        ("floor", "plugin_over_floor"),
        ("floor", "generator_share"),
        ("floor_large", "plugin_over_floor"),
        ("floor_large", "generator_share"),
        ("team", "team_over_alone"),
        ("parses", "parses_per_profile"),
        ("edit", "edit_share"),
        ("jobs", "speedup"),
        ("record", "record_over_check"),
        ("import", "import_over_check"),
        ("import", "per_row_growth"),
    ):
        assert report[section][key] > 0, (section, key)
    for goal in (
        "marginal",
        "floor",
        "generator",
        "team of 4",
        "parses per profile",
        "serve --dirty",
        "--jobs",
        "record vs check",
        "import 1000 LinkedIn rows",
        "import cost per row",
    ):
        assert goal in result.stdout


def test_quick_import_benchmark_reports_its_ratios(tmp_path: Path) -> None:
    out = tmp_path / "imports.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/imports.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["quick"] is True
    for section, key in (("one_given_name", "one_given_name_ratio"), ("per_row", "per_row_growth"), ("photo", "photo_memory_share")):
        assert report[section][key] > 0, (section, key)
    for goal in ("sharing one given name", "cost per row", "photo"):
        assert goal in result.stdout
