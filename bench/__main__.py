"""The benchmark: start-up, editing, checks, PDF and Excel at 1×, 10× and 100× the sample, each the
median of several runs in a fresh process, beside the floors measured in the same run.

    python -m bench [--runs 5] [--factors 1 10 100]
Writes bench/results.json and prints a table of times, ratios to the floors and peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.floors import STARTUP_FLOOR
from bench.scale import scaled_data

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"startup": 1.3, "pdf": 1.5, "xlsx": 2.0}


def _run(args: list[str]) -> tuple[float, float, str]:
    """Wall time, peak memory (MB) and output of a child process."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before) / 1024, done.stdout


def _cold(args: list[str], runs: int) -> dict:
    samples, peaks = [], []
    for _ in range(runs):
        elapsed, _peak, _out = _run(args)
        samples.append(elapsed)
    return {"time": statistics.median(samples)}


def _worker(operation: str, db: Path, report_id: int, runs: int) -> dict:
    _elapsed, _peak, out = _run(["-m", "bench.worker", operation, str(db), str(report_id), str(runs)])
    return json.loads(out.strip().splitlines()[-1])


def _make_db(folder: Path, factor: int) -> tuple[Path, int]:
    from models.database import open_database
    from models.services.bulk import create_report_from_data

    path = folder / f"bench_{factor}.db"
    db = open_database(path, backup=False)
    report_id = create_report_from_data(db, scaled_data(factor))
    db.close()
    return path, report_id


def measure(factors, runs: int) -> dict:
    results = {"runs": runs, "factors": {}}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        floor_script = folder / "startup_floor.py"
        floor_script.write_text(STARTUP_FLOOR, encoding="utf-8")
        for factor in factors:
            db, report_id = _make_db(folder, factor)
            row = {
                "startup": _cold(["-m", "bench.start_probe", str(db)], runs),
                "startup_floor": _cold([str(floor_script)], runs),
                **{f"editor": _worker("editor", db, report_id, runs)},
            }
            for operation in ("checks", "pdf", "pdf_floor", "xlsx", "xlsx_floor", "import"):
                row[operation] = _worker(operation, db, report_id, runs)
            results["factors"][str(factor)] = row
            print(f"{factor}× done", file=sys.stderr, flush=True)
    return results


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def report_table(results: dict) -> str:
    lines = ["| operation | " + " | ".join(f"{f}×" for f in results["factors"]) + " |",
             "|---|" + "---|" * len(results["factors"])]
    rows = [
        ("cold start to window with report (floor)", lambda r: f"{_ms(r['startup']['time'])} "
         f"({_ms(r['startup_floor']['time'])}, ×{r['startup']['time'] / r['startup_floor']['time']:.2f})"),
        ("open report in running editor", lambda r: _ms(r["editor"]["open"])),
        ("cell edit round trip", lambda r: _ms(r["editor"]["edit"])),
        ("all checks", lambda r: _ms(r["checks"]["time"])),
        ("PDF export (floor)", lambda r: f"{_ms(r['pdf']['time'])} ({_ms(r['pdf_floor']['time'])}, "
         f"×{r['pdf']['time'] / r['pdf_floor']['time']:.2f})"),
        ("Excel export (floor)", lambda r: f"{_ms(r['xlsx']['time'])} ({_ms(r['xlsx_floor']['time'])}, "
         f"×{r['xlsx']['time'] / r['xlsx_floor']['time']:.2f})"),
        ("Excel import", lambda r: _ms(r["import"]["time"])),
        ("peak memory: editor / PDF / Excel import", lambda r: f"{r['editor']['peak_mb']:.0f} / "
         f"{r['pdf']['peak_mb']:.0f} / {r['import']['peak_mb']:.0f} MB"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results["factors"].values()) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()
    results = measure(args.factors, args.runs)
    Path(args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(report_table(results))


if __name__ == "__main__":
    main()
