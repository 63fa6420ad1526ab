"""How ``playbook-gen import`` scales, measured in one run and reported as ratios (SPEC §9: linear time).

    python benchmarks/imports.py            # 10,000 rows twice, then 1,000 / 10,000 / 100,000 rows (several minutes on 2 cores)
    python benchmarks/imports.py --quick    # small sizes: checks the harness, not the goals

Goals:

- **one given name**: 10,000 rows that all share one given name ("Dana …", each at
  its own company) against 10,000 rows of varied names; matching compares a row
  only with its block (same given and family name, or same given name at the same
  company), so the ratio stays near 1 (goal ≤ 1.5).
- **cost per row**: (import of N rows − import of no rows) / N at 1,000, 10,000 and
  100,000 rows; flat means linear (goal: largest / smallest ≤ 1.5).
- **memory of a vCard photo**: the peak memory the vCard reader holds for a card
  with an 18 MB photo, against the file's size (goal ≤ 0.1: the photo is dropped
  while it is read, never held whole).

Every import is the real command in its own process, into a fresh playbook.
Seconds are printed for context; the goals are ratios, never assertions in tests.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

SYLLABLES = ["ba", "ke", "li", "mo", "nu", "ra", "se", "ti", "vo", "za", "da", "fe", "gi", "ho", "ju", "pa", "ro", "su", "te", "wi"]
MKDOCS_YML = 'site_name: Import benchmark\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n      today: "2026-11-23"\n'
SALESPERSON = "---\nname: Maya Okafor\noffer: get their numbers in order\n---\n"
GOALS = {"one_given_name_ratio": 1.5, "per_row_growth": 1.5, "photo_memory_share": 0.1}


def word(n: int, syllables: int) -> str:
    """A made-up name, distinct for each ``n`` below 20 ** syllables: "Bakeli"."""
    return "".join(SYLLABLES[(n // 20**k) % 20] for k in range(syllables)).capitalize()


def connections(path: Path, rows: int, *, one_given_name: bool) -> Path:
    """A LinkedIn Connections.csv of ``rows`` different people: each family name and company once, half with an email."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n')
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for n in range(rows):
            given = "Dana" if one_given_name else word(n * 7919 % 8000, 3)  # 8,000 given names, in no order
            family = word(n, 4) + "son"
            email = f"{given.lower()}.{family.lower()}@example.com" if n % 2 else ""
            writer.writerow(
                [given, family, f"https://www.linkedin.com/in/{given.lower()}-{family.lower()}", email, f"{word(n + 11, 4)} Ltd", "Owner", "02 Dec 2026"]
            )
    return path


def playbook(root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs" / "salespeople").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "docs" / "salespeople" / "maya-okafor.md").write_text(SALESPERSON, encoding="utf-8")
    return root


def import_seconds(work: Path, source: Path) -> float:
    """One import of ``source`` into a fresh playbook, in its own process."""
    root = playbook(work / "playbook")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "playbook_gen", "import", "linkedin", str(source), "--as", "contacts"], cwd=root, check=True, capture_output=True)
    return time.perf_counter() - start


def best(runs: int, *sources: Path, work: Path) -> list[float]:
    """The best of ``runs`` imports of each source, alternating them so a noisy neighbour slows both alike."""
    found = [float("inf")] * len(sources)
    for _ in range(runs):
        for index, source in enumerate(sources):
            found[index] = min(found[index], import_seconds(work, source))
    return found


def measure_one_given_name(work: Path, rows: int, runs: int) -> dict[str, float]:
    varied = connections(work / "varied.csv", rows, one_given_name=False)
    same = connections(work / "dana.csv", rows, one_given_name=True)
    varied_seconds, same_seconds = best(runs, varied, same, work=work)
    return {"rows": rows, "varied_seconds": varied_seconds, "one_given_name_seconds": same_seconds, "one_given_name_ratio": same_seconds / varied_seconds}


def measure_per_row(work: Path, sizes: list[int], runs: int) -> dict[str, object]:
    nothing = best(runs, connections(work / "none.csv", 0, one_given_name=False), work=work)[0]
    per_size = {}
    for size in sizes:
        seconds = best(runs if size <= 10_000 else 1, connections(work / f"rows{size}.csv", size, one_given_name=False), work=work)[0]
        per_size[str(size)] = {"rows": size, "seconds": seconds, "ms_per_row": 1000 * max(seconds - nothing, 1e-9) / size}
    costs = [entry["ms_per_row"] for entry in per_size.values()]
    return {"empty_seconds": nothing, "sizes": per_size, "per_row_growth": max(costs) / min(costs)}


def measure_photo(work: Path, photo_megabytes: int) -> dict[str, float]:
    """Peak memory of reading a vCard whose photo is ``photo_megabytes`` (base64, folded as vCard writers do)."""
    from playbook_gen.imports.vcard import read_vcard

    encoded = base64.b64encode(os.urandom(photo_megabytes * 1_000_000 * 3 // 4)).decode()
    folded = "\r\n ".join(encoded[i : i + 74] for i in range(0, len(encoded), 74))
    path = work / "photo.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Helen Markovic\r\nORG:Markovic Clinic\r\nPHOTO;ENCODING=b;TYPE=JPEG:" + folded + "\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    warm = work / "warm.vcf"
    warm.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Souza\r\nEND:VCARD\r\n", encoding="utf-8")
    list(read_vcard(warm))  # vobject's own import is no part of the card's cost
    tracemalloc.start()
    try:
        rows = list(read_vcard(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows and rows[0].values["name"] == "Helen Markovic"
    size = path.stat().st_size
    return {"file_bytes": size, "peak_bytes": peak, "photo_memory_share": peak / size}


def verdict(name: str, value: float) -> str:
    goal = GOALS[name]
    return f"{value:.3f} (goal <= {goal}) {'met' if value <= goal else 'NOT met'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: check the harness, not the goals")
    parser.add_argument("--json", type=Path, default=Path(__file__).resolve().parent / "results" / "imports.json")
    args = parser.parse_args()
    rows = 200 if args.quick else 10_000
    sizes = [50, 200, 500] if args.quick else [1_000, 10_000, 100_000]
    runs = 1 if args.quick else 3
    with tempfile.TemporaryDirectory(prefix="playbook-import-bench-") as scratch:
        work = Path(scratch)
        report = {
            "quick": args.quick,
            "cpus": os.cpu_count(),
            "one_given_name": measure_one_given_name(work, rows, runs),
            "per_row": measure_per_row(work, sizes, runs),
            "photo": measure_photo(work, 2 if args.quick else 18),
        }
    print_report(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def print_report(report: dict) -> None:
    same, per_row, photo = report["one_given_name"], report["per_row"], report["photo"]
    print("| measure | figure | ratio vs goal |")
    print("|---|---|---|")
    print(
        f"| import {same['rows']:,} rows sharing one given name vs {same['rows']:,} varied names | "
        f"{same['one_given_name_seconds']:.2f} s vs {same['varied_seconds']:.2f} s | {verdict('one_given_name_ratio', same['one_given_name_ratio'])} |"
    )
    for entry in per_row["sizes"].values():
        print(f"| import {entry['rows']:,} rows | {entry['seconds']:.2f} s, {entry['ms_per_row']:.3f} ms per row | |")
    print(
        f"| import cost per row, largest vs smallest of {', '.join(f'{int(k):,}' for k in per_row['sizes'])} rows | | {verdict('per_row_growth', per_row['per_row_growth'])} |"
    )
    print(
        f"| vCard with a {photo['file_bytes'] / 1e6:.0f} MB photo: peak memory of reading it | "
        f"{photo['peak_bytes'] / 1e6:.2f} MB | {verdict('photo_memory_share', photo['photo_memory_share'])} |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
