"""Speed goals of playbook-gen, measured in one run and reported as ratios.

    python benchmarks/run.py            # the full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # small sizes: checks the harness, not the goals

Every comparison takes the best of three runs, alternating the two builds
compared, so a noisy neighbour slows both alike. Seconds are printed for
context; the goals are ratios. Results go to standard output as a table and
to ``--json`` (default ``benchmarks/results/latest.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from multiprocessing.reduction import ForkingPickler

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_playbook, write_team

from playbook_gen.site import make_site

TODAY = date(2026, 11, 23)
RUNS = 3


def quiet_logs() -> None:
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)


def best_of(runs: int, *measures: Callable[[], float]) -> list[float]:
    """Run the measures alternately ``runs`` times; the best (lowest) time of each."""
    best = [float("inf")] * len(measures)
    for _ in range(runs):
        for index, measure in enumerate(measures):
            best[index] = min(best[index], measure())
    return best


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


class Timing(NamedTuple):
    """How long an action in this process took: wall clock, and the CPU time this process spent on it."""

    wall: float
    cpu: float


def timed_in_process(action: Callable[[], object]) -> Timing:
    start, start_cpu = time.perf_counter(), time.process_time()
    action()
    return Timing(time.perf_counter() - start, time.process_time() - start_cpu)


def best_timings(runs: int, *measures: Callable[[], Timing]) -> list[Timing]:
    """Run the measures alternately ``runs`` times; the best wall time and the best CPU time of each."""
    best = [Timing(float("inf"), float("inf"))] * len(measures)
    for _ in range(runs):
        for index, measure in enumerate(measures):
            found = measure()
            best[index] = Timing(min(best[index].wall, found.wall), min(best[index].cpu, found.cpu))
    return best


def plugin_build(root: Path, site_dir: Path) -> Timing:
    """`mkdocs build` with the playbook plugin, in this process, with the plugin lifecycle `mkdocs build` runs.

    MkDocs keeps a plugin object that has startup and shutdown events for the whole
    process; ``on_startup`` is where a command starts afresh, so every build measured
    here is a cold one, as a salesperson's `mkdocs build` is.
    """

    def run() -> None:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()

    return timed_in_process(run)


def floor_build(generated: Path, site_dir: Path) -> Timing:
    """Plain `mkdocs build` of the tree `playbook-gen generate` wrote: what MkDocs itself needs."""
    return timed_in_process(lambda: mkdocs_build(load_config(str(generated / "mkdocs.yml"), site_dir=str(site_dir))))


def generator_only(root: Path) -> Timing:
    """Profiles → Markdown, as the plugin makes them (``site.make_site``): reading, validating, planning and rendering every page."""
    return timed_in_process(lambda: make_site(root / "docs", root=root, salesperson=None, team=False, today=TODAY, templates_dir=root / "templates"))


def page_count(site_dir: Path) -> int:
    return sum(1 for _ in site_dir.rglob("index.html"))


def cli(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "playbook_gen", *args], cwd=cwd, check=True, capture_output=True)


def measure_scaling(work: Path, sizes: list[int]) -> dict[str, object]:
    results: dict[str, dict[str, float]] = {}
    for n in sizes:
        root = write_playbook(work / f"n{n}", contacts=n)
        site = work / f"n{n}-site"
        seconds = min(plugin_build(root, site).wall for _ in range(RUNS))
        pages = page_count(site)
        results[str(n)] = {"contacts": n, "pages": pages, "seconds": seconds, "per_page_ms": 1000 * seconds / pages}
    small, mid, large = (results[str(n)] for n in sizes)
    marginal_low = (mid["seconds"] - small["seconds"]) / (mid["pages"] - small["pages"])
    marginal_high = (large["seconds"] - mid["seconds"]) / (large["pages"] - mid["pages"])
    return {
        "sizes": results,
        "marginal_ms_low": 1000 * marginal_low,
        "marginal_ms_high": 1000 * marginal_high,
        "marginal_ratio": marginal_high / marginal_low,
    }


def measure_floor(work: Path, n: int) -> dict[str, float]:
    root = write_playbook(work / f"floor{n}", contacts=n)
    generated = work / f"floor{n}-generated"
    cli("--config", str(root / "mkdocs.yml"), "generate", "--out", str(generated), cwd=root)
    plugin, floor, generator = best_timings(
        RUNS, lambda: plugin_build(root, work / "p-site"), lambda: floor_build(generated, work / "f-site"), lambda: generator_only(root)
    )
    return {
        "contacts": n,
        "plugin_seconds": plugin.wall,
        "floor_seconds": floor.wall,
        "plugin_cpu_seconds": plugin.cpu,
        "floor_cpu_seconds": floor.cpu,
        "plugin_over_floor": plugin.cpu / floor.cpu,
        "plugin_over_floor_wall": plugin.wall / floor.wall,
        "generator_seconds": generator.wall,
        "generator_cpu_seconds": generator.cpu,
        "generator_share": generator.cpu / plugin.cpu,
        "generator_share_wall": generator.wall / plugin.wall,
    }


def measure_team(work: Path, contacts: int, salespeople: int) -> dict[str, float]:
    """One salesperson's build in a team of ``salespeople`` against the same salesperson's build alone.

    Each salesperson has ``contacts`` contacts and half as many customers; neighbours share
    one customer in ten, so the whole team plans together. The build is seller-1's, whose
    own files are the same in both repositories.
    """
    team = write_team(work / f"team{salespeople}", contacts=contacts, salespeople=salespeople)
    alone = write_team(work / "team1", contacts=contacts, salespeople=1)
    in_team, by_self = best_timings(RUNS, lambda: plugin_build(team, work / "team-site"), lambda: plugin_build(alone, work / "alone-site"))
    return {
        "contacts_each": contacts,
        "salespeople": salespeople,
        "profiles": sum(1 for _ in (team / "docs").rglob("*.md")) - 2,
        "team_seconds": in_team.wall,
        "alone_seconds": by_self.wall,
        "team_cpu_seconds": in_team.cpu,
        "alone_cpu_seconds": by_self.cpu,
        "team_over_alone": in_team.cpu / by_self.cpu,
        "team_over_alone_wall": in_team.wall / by_self.wall,
    }


def measure_parses(work: Path, n: int, salespeople: int) -> dict[str, float]:
    """`build --all` (with the team site) parses and validates each profile once for all its sites: a count, not a time.

    The parent reads the playbook into a ProfileCache; every worker process receives it once
    and each build reports the profiles it parsed itself. Handing the cache over costs a
    pickle in the parent and an unpickle in each worker, measured here against parsing.
    """
    # Imported here: the other sections also measure versions of playbook-gen from before the cache.
    from playbook_gen.jobs import plan_builds, run_builds
    from playbook_gen.playbook import ProfileCache
    from playbook_gen.project import load_project, load_repository, salesperson_ids

    root = write_playbook(work / f"parses{n}", contacts=n, salespeople=salespeople)
    project = load_project(root / "mkdocs.yml")
    profiles = ProfileCache()
    parse = timed(lambda: load_repository(project, profiles=profiles))
    pickled: list[bytes] = []
    dump = timed(lambda: pickled.append(bytes(ForkingPickler.dumps(profiles))))
    load = timed(lambda: pickle.loads(pickled[0]))
    builds = plan_builds(project, salespeople=salesperson_ids(project.docs_dir), site_dir=work / f"parses{n}-sites", strict=False, team=True)
    results = list(run_builds(builds, jobs=2, profiles=profiles))
    assert all(result.ok for result in results), [line for result in results for line in result.messages]
    files = len(profiles.entries)
    return {
        "contacts": n,
        "salespeople": salespeople,
        "sites": len(builds),
        "profiles": files,
        "parsed_by_parent": profiles.parsed,
        "parsed_by_builds": sum(result.parsed for result in results),
        "parses_per_profile": (profiles.parsed + sum(result.parsed for result in results)) / files,
        "parse_seconds": parse,
        "pickle_bytes": len(pickled[0]),
        "handover_seconds": dump + load,
        "handover_over_parse": (dump + load) / parse,
    }


def measure_edit(work: Path, n: int) -> dict[str, float]:
    """Full build versus the rebuild after one profile edit, as `mkdocs serve --dirty` does them."""
    root = write_playbook(work / f"edit{n}", contacts=n)
    site = work / f"edit{n}-site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    profile = root / "docs/contacts/contact-1.md"
    original = profile.read_text(encoding="utf-8")
    try:
        full = timed(lambda: mkdocs_build(config, dirty=True))
        rebuilds = []
        for run in range(RUNS):
            profile.write_text(original.replace("planning a handover", f"planning a handover (edit {run})"), encoding="utf-8")
            rebuilds.append(timed(lambda: mkdocs_build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)), dirty=True)))
        full = min(full, plugin_build(root, work / f"edit{n}-full").wall)
    finally:
        config.plugins.on_shutdown()
    return {"contacts": n, "full_seconds": full, "edit_seconds": min(rebuilds), "edit_share": min(rebuilds) / full}


def measure_jobs(work: Path, n: int) -> dict[str, float]:
    root = write_playbook(work / f"jobs{n}", contacts=n, salespeople=4)

    def build_all(jobs: int) -> float:
        out = work / f"jobs-site-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        return timed(lambda: cli("build", "--all", "--jobs", str(jobs), "--site-dir", str(out), cwd=root))

    one, two = best_of(RUNS, lambda: build_all(1), lambda: build_all(2))
    return {"contacts": n, "salespeople": 4, "jobs1_seconds": one, "jobs2_seconds": two, "speedup": one / two}


def measure_record(work: Path, n: int) -> dict[str, float]:
    """One `record` command against `check` on the same playbook: it re-validates the whole playbook with the edit."""
    root = write_playbook(work / f"record{n}", contacts=n)
    days = iter(range(1, 1000))

    def record_once() -> float:
        day = (TODAY + timedelta(days=next(days))).isoformat()  # a later day each run: the file always changes
        return timed(lambda: cli("record", "contacted", "customer-1", "--date", day, cwd=root))

    check, record = best_of(RUNS, lambda: timed(lambda: cli("check", cwd=root)), record_once)
    return {"contacts": n, "customers": n // 2, "check_seconds": check, "record_seconds": record, "record_over_check": record / check}


def connections_csv(path: Path, rows: int) -> Path:
    """A LinkedIn Connections.csv of ``rows`` people (its current layout, notes first)."""
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    lines += [f"First{n},Last{n % 997},https://www.linkedin.com/in/person-{n},,Company {n % 3000},Owner,02 Dec 2026" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure_import(work: Path, existing: int, rows: tuple[int, int]) -> dict[str, float]:
    """Import a LinkedIn file into a playbook that holds ``existing`` contacts, against `check` on the result,
    and the cost per row at two file sizes: (import of N rows - import of none) / N, so the reading of the
    playbook that every import does once is not spread over the rows."""
    result: dict[str, float] = {"existing_contacts": existing}
    per_row = []
    for count in rows:
        root = write_playbook(work / f"import{count}", contacts=existing)
        empty = connections_csv(work / f"connections{count}-empty.csv", 0)
        nothing = min(timed(lambda empty=empty, root=root: cli("import", "linkedin", str(empty), "--as", "contacts", cwd=root)) for _ in range(RUNS))
        source = connections_csv(work / f"connections{count}.csv", count)
        seconds = timed(lambda source=source, root=root: cli("import", "linkedin", str(source), "--as", "contacts", cwd=root))
        after = min(timed(lambda root=root: cli("check", cwd=root)) for _ in range(RUNS))
        per_row.append(max(seconds - nothing, 1e-9) / count)
        result.update({f"rows{count}_seconds": seconds, f"rows{count}_check_after": after, f"rows{count}_ms_per_row": 1000 * per_row[-1]})
    result["import_over_check"] = result[f"rows{rows[1]}_seconds"] / result[f"rows{rows[1]}_check_after"]
    result["per_row_growth"] = per_row[1] / per_row[0]
    return result


GOALS = {
    "marginal_ratio": ("<=", 1.3),
    "plugin_over_floor": ("<=", 1.05),
    "generator_share": ("<", 0.05),
    "edit_share": ("<", 0.15),
    "speedup": (">=", 1.7),
    "team_over_alone": ("<=", 1.5),
    "parses_per_profile": ("<=", 1.0),
    "record_over_check": ("<=", 1.5),
    "import_over_check": ("<=", 3.0),
    "per_row_growth": ("<=", 1.3),
}


def verdict(name: str, value: float) -> str:
    op, goal = GOALS[name]
    ok = {"<=": value <= goal, "<": value < goal, ">=": value >= goal}[op]
    return f"{value:.3f} (goal {op} {goal}) {'met' if ok else 'NOT met'}"


SECTIONS = ("scaling", "floor", "floor_large", "team", "parses", "edit", "jobs", "record", "import")


def measures(quick: bool) -> dict[str, Callable[[Path], dict]]:
    """Every section of the report and how it is measured, at full or quick sizes."""
    sizes = [5, 20, 40] if quick else [20, 200, 1000]
    n_compare = 20 if quick else 1000
    return {
        "scaling": lambda work: measure_scaling(work, sizes),
        "floor": lambda work: measure_floor(work, n_compare),
        "floor_large": lambda work: measure_floor(work, 40 if quick else 5000),
        "team": lambda work: measure_team(work, 10 if quick else 200, 4 if quick else 20),
        "parses": lambda work: measure_parses(work, 10 if quick else 800, 4),
        "edit": lambda work: measure_edit(work, n_compare),
        "jobs": lambda work: measure_jobs(work, 10 if quick else 800),  # 200 contacts per salesperson: real builds, not start-up
        "record": lambda work: measure_record(work, n_compare),
        "import": lambda work: measure_import(work, 200 if quick else 5000, (100, 1000) if quick else (1000, 10000)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: check the harness, not the goals")
    parser.add_argument("--only", help=f"comma-separated sections to measure (default: all of {', '.join(SECTIONS)})")
    parser.add_argument("--json", type=Path, default=Path(__file__).resolve().parent / "results" / "latest.json")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    quiet_logs()
    report: dict = {"quick": args.quick, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as scratch:
        for name, measure in measures(args.quick).items():
            if name in chosen:
                report[name] = measure(Path(scratch))
    print_report(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def print_report(report: dict) -> None:
    print("| measure | figure | ratio vs goal |")
    print("|---|---|---|")
    for name in SECTIONS:
        if name in report:
            for row in ROWS[name](report[name]):
                print(f"| {' | '.join(row)} |")


def _scaling_rows(scaling: dict) -> list[tuple[str, str, str]]:
    rows = [
        (f"plugin build, {size['contacts']} contacts ({size['pages']} pages)", f"{size['seconds']:.2f} s, {size['per_page_ms']:.1f} ms/page", "")
        for size in scaling["sizes"].values()
    ]
    rows.append(
        (
            "marginal ms/page, small→mid vs mid→large",
            f"{scaling['marginal_ms_low']:.2f} → {scaling['marginal_ms_high']:.2f}",
            verdict("marginal_ratio", scaling["marginal_ratio"]),
        )
    )
    return rows


def _floor_rows(floor: dict) -> list[tuple[str, str, str]]:
    n = f"{floor['contacts']:,} contacts"
    return [
        (
            f"plugin build vs plain MkDocs floor, {n}",
            f"CPU {floor['plugin_cpu_seconds']:.2f} s vs {floor['floor_cpu_seconds']:.2f} s; wall {floor['plugin_seconds']:.2f} s vs {floor['floor_seconds']:.2f} s ({floor['plugin_over_floor_wall']:.3f})",
            verdict("plugin_over_floor", floor["plugin_over_floor"]),
        ),
        (
            f"generator (profiles → Markdown) share of the build, {n}",
            f"CPU {floor['generator_cpu_seconds']:.2f} s; wall {floor['generator_seconds']:.2f} s ({floor['generator_share_wall']:.3f})",
            verdict("generator_share", floor["generator_share"]),
        ),
    ]


def _team_rows(team: dict) -> list[tuple[str, str, str]]:
    return [
        (
            f"one salesperson's build, team of {team['salespeople']} vs alone ({team['contacts_each']} contacts each, {team['profiles']:,} profiles in the team)",
            f"CPU {team['team_cpu_seconds']:.2f} s vs {team['alone_cpu_seconds']:.2f} s; wall {team['team_seconds']:.2f} s vs {team['alone_seconds']:.2f} s ({team['team_over_alone_wall']:.3f})",
            verdict("team_over_alone", team["team_over_alone"]),
        )
    ]


def _parses_rows(parses: dict) -> list[tuple[str, str, str]]:
    return [
        (
            f"build --all --team, {parses['salespeople']} salespeople ({parses['sites']} sites, {parses['profiles']:,} profiles): parses per profile",
            f"parent {parses['parsed_by_parent']:,}, builds {parses['parsed_by_builds']:,} (each site parsing all: {parses['sites'] * parses['profiles']:,})",
            verdict("parses_per_profile", parses["parses_per_profile"]),
        ),
        (
            "handing the parsed profiles to a worker (pickle + unpickle) vs parsing them",
            f"{parses['handover_seconds']:.2f} s vs {parses['parse_seconds']:.2f} s ({parses['pickle_bytes'] / 1e6:.1f} MB)",
            f"{parses['handover_over_parse']:.3f}",
        ),
    ]


def _edit_rows(edit: dict) -> list[tuple[str, str, str]]:
    return [
        (
            "one-edit rebuild under serve --dirty vs full build",
            f"{edit['edit_seconds']:.2f} s vs {edit['full_seconds']:.2f} s",
            verdict("edit_share", edit["edit_share"]),
        )
    ]


def _jobs_rows(jobs: dict) -> list[tuple[str, str, str]]:
    return [
        (
            f"build --all, {jobs['salespeople']} salespeople: --jobs 1 vs --jobs 2",
            f"{jobs['jobs1_seconds']:.2f} s vs {jobs['jobs2_seconds']:.2f} s",
            verdict("speedup", jobs["speedup"]),
        )
    ]


def _record_rows(record: dict) -> list[tuple[str, str, str]]:
    return [
        (
            f"record vs check, {record['contacts']} contacts + {record['customers']} customers",
            f"{record['record_seconds']:.2f} s vs {record['check_seconds']:.2f} s",
            verdict("record_over_check", record["record_over_check"]),
        )
    ]


def _import_rows(imported: dict) -> list[tuple[str, str, str]]:
    small, large = sorted(int(k[4:-8]) for k in imported if k.startswith("rows") and k.endswith("_seconds"))
    return [
        (
            f"import {large} LinkedIn rows into {imported['existing_contacts']} contacts vs check of the result",
            f"{imported[f'rows{large}_seconds']:.2f} s vs {imported[f'rows{large}_check_after']:.2f} s",
            verdict("import_over_check", imported["import_over_check"]),
        ),
        (
            f"import cost per row, {small} vs {large} rows",
            f"{imported[f'rows{small}_ms_per_row']:.2f} vs {imported[f'rows{large}_ms_per_row']:.2f} ms",
            verdict("per_row_growth", imported["per_row_growth"]),
        ),
    ]


ROWS: dict[str, Callable[[dict], list[tuple[str, str, str]]]] = {
    "scaling": _scaling_rows,
    "floor": _floor_rows,
    "floor_large": _floor_rows,
    "team": _team_rows,
    "parses": _parses_rows,
    "edit": _edit_rows,
    "jobs": _jobs_rows,
    "record": _record_rows,
    "import": _import_rows,
}


if __name__ == "__main__":
    raise SystemExit(main())
