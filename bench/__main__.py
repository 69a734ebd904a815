"""The benchmark: start-up, editing, checks, PDF and Excel at 1×, 10× and 100× the sample, each the
median of several runs in a fresh process, beside the floors measured in the same run.

    python -m bench [--runs 5] [--factors 1 10 100] [--only-scoring]
Writes bench/results.json and prints a table of times, ratios to the floors and peak memory, then
each target with the measured value and whether it is met.
"""
from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.floors import STARTUP_FLOOR
from bench.scale import scaled_data, scored_data

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"startup": 1.3, "pdf": 1.5, "xlsx": 2.0, "import": 2.0, "docx": 1.5, "edit_ms": 30, "paste_undo_ms": 100, "memory_mb": 300, "growth": 120,
           "scoring_share": 0.10}


_SETTINGS = tempfile.mkdtemp(prefix="bench-settings-")
atexit.register(shutil.rmtree, _SETTINGS, True)


def _child_env() -> dict[str, str]:
    """The children's environment: offscreen, and settings of their own (a user's 显示上年数 or window
    size would change what start-up does)."""
    return {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "XDG_CONFIG_HOME": _SETTINGS}


def _run(args: list[str]) -> tuple[float, float, str]:
    """Wall time, peak memory (MB) and output of a child process."""
    env = _child_env()
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             cwd=ROOT, text=True)
    out, err = child.communicate()
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err}")
    return elapsed, _child_peak_mb.pop(child.pid, 0.0), out


_child_peak_mb: dict[int, float] = {}
_popen_wait = subprocess.Popen._try_wait


def _try_wait(self, wait_flags):
    """Popen's wait through wait4, which tells each child's own peak memory (getrusage tells only
    the most any child has used)."""
    try:
        pid, status, usage = os.wait4(self.pid, wait_flags)
    except ChildProcessError:
        return _popen_wait(self, wait_flags)
    if pid == self.pid:
        _child_peak_mb[pid] = usage.ru_maxrss / 1024
    return pid, status


subprocess.Popen._try_wait = _try_wait


def until_shown(args: list[str]) -> tuple[float, float, float]:
    """Seconds from starting a process to its "shown" line and to its end, and its peak memory."""
    env = _child_env()
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                             cwd=ROOT, text=True)
    line = child.stdout.readline()
    shown = time.perf_counter() - start
    child.communicate()
    ended = time.perf_counter() - start
    if child.returncode != 0 or line.strip() != "shown":
        raise RuntimeError(f"{' '.join(args)} did not show its window")
    return shown, ended, _child_peak_mb.pop(child.pid, 0.0)


def _startup(probe: list[str], floor: list[str], runs: int) -> tuple[dict, dict]:
    """Cold starts of the editor and of its floor, in turns so that both meet the same machine:
    the time to the window shown (the process's exit, which follows, is kept as `exit`)."""
    samples = {"startup": [], "floor": []}
    for _ in range(runs):
        for key, args in (("startup", probe), ("floor", floor)):
            samples[key].append(until_shown(args))
    return tuple({"time": statistics.median(s[0] for s in runs_), "exit": statistics.median(s[1] for s in runs_),
                  "peak_mb": round(max(s[2] for s in runs_), 1)} for runs_ in samples.values())


def _worker(operation: str, db: Path, report_id: int, runs: int) -> dict:
    _elapsed, peak, out = _run(["-m", "bench.worker", operation, str(db), str(report_id), str(runs)])
    return {**json.loads(out.strip().splitlines()[-1]), "peak_mb": round(peak, 1)}


def _make_db(folder: Path, factor: int, scored: bool = False) -> tuple[Path, int]:
    """The sample N times (in the Suzhou form), or `scored`: the same in the mof form with weights."""
    from models.database import open_database
    from models.services.bulk import create_report_from_data

    path = folder / f"bench_{factor}{'_mof' if scored else ''}.db"
    db = open_database(path, backup=False)
    report_id = create_report_from_data(db, scored_data(factor) if scored else scaled_data(factor))
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
            startup, startup_floor = _startup(["-m", "bench.start_probe", str(db)], [str(floor_script)], runs)
            row = {"startup": startup, "startup_floor": startup_floor,
                   "editor": _worker("editor", db, report_id, runs)}
            for operation in ("checks", "pdf", "pdf_floor", "xlsx", "xlsx_floor", "import", "import_floor", "docx",
                              "docx_floor"):
                row[operation] = _worker(operation, db, report_id, runs)
            row.update(_scoring_row(folder, factor, runs))
            results["factors"][str(factor)] = row
            print(f"{factor}× done", file=sys.stderr, flush=True)
    results["targets"] = check_targets(results)
    return results


def _scoring_row(folder: Path, factor: int, runs: int) -> dict:
    """Scoring the report in a scored form (mof, weights entered) and all checks on the same report."""
    db, report_id = _make_db(folder, factor, scored=True)
    return {"scoring": _worker("scoring", db, report_id, runs), "checks_scored": _worker("checks", db, report_id, runs),
            "edit_scored": _worker("edit_scored", db, report_id, runs)}


def measure_scoring(factors, runs: int) -> dict:
    """Only the scoring figures (python -m bench --only-scoring): scoring, all checks on the scored
    report, and all checks on the Suzhou one, per factor."""
    results = {"runs": runs, "factors": {}}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for factor in factors:
            db, report_id = _make_db(folder, factor)
            results["factors"][str(factor)] = {"checks": _worker("checks", db, report_id, runs),
                                               **_scoring_row(folder, factor, runs)}
    return results


def scoring_table(results: dict) -> str:
    lines = ["| operation | " + " | ".join(f"{f}×" for f in results["factors"]) + " |",
             "|---|" + "---|" * len(results["factors"])]
    for label, cell in (
            ("scoring (mof, every indicator weighted)", lambda r: _ms(r["scoring"]["time"])),
            ("all checks, same report (mof)", lambda r: _ms(r["checks_scored"]["time"])),
            ("all checks (suzhou)", lambda r: _ms(r["checks"]["time"])),
            ("scoring ÷ all checks (mof)", lambda r: f"{r['scoring']['time'] / r['checks_scored']['time']:.1%}"),
            ("cell edit round trip, mof (分值 → 得分 and 总分)", lambda r: _ms(r["edit_scored"]["edit"]))):
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results["factors"].values()) + " |")
    return "\n".join(lines)


OPERATIONS = [  # label, the time of one run in a row of results
    ("start-up", lambda r: r["startup"]["time"]),
    ("first open of a report", lambda r: r["editor"]["open_first"]),
    ("open report", lambda r: r["editor"]["open"]),
    ("cell edit", lambda r: r["editor"]["edit"]),
    ("check marks refresh", lambda r: r["editor"]["marks"]),
    ("all checks", lambda r: r["checks"]["time"]),
    ("PDF export", lambda r: r["pdf"]["time"]),
    ("Excel export", lambda r: r["xlsx"]["time"]),
    ("Excel import", lambda r: r["import"]["time"]),
    ("Word export", lambda r: r["docx"]["time"]),
]
MEMORY = [("startup", "start-up"), ("editor", "editor"), ("checks", "checks"), ("pdf", "PDF export"),
          ("xlsx", "Excel export"), ("import", "Excel import"), ("docx", "Word export")]


def check_targets(results: dict) -> list[dict]:
    """Every target of the benchmark that the measured sizes allow, with its value and whether it is met."""
    sizes = results["factors"]
    targets = []

    def target(name: str, value: float, limit: float, unit: str = "×") -> None:
        targets.append({"target": name, "value": round(value, 3), "limit": limit, "unit": unit,
                        "met": value <= limit})
    if "1" in sizes:
        row = sizes["1"]
        target("start-up at 1× against its floor", row["startup"]["time"] / row["startup_floor"]["time"],
               TARGETS["startup"])
    for factor, row in sizes.items():
        target(f"PDF export at {factor}× against its floor", row["pdf"]["time"] / row["pdf_floor"]["time"],
               TARGETS["pdf"])
        target(f"Excel export at {factor}× against its floor", row["xlsx"]["time"] / row["xlsx_floor"]["time"],
               TARGETS["xlsx"])
        target(f"Excel import at {factor}× against its floor", row["import"]["time"] / row["import_floor"]["time"],
               TARGETS["import"])
        target(f"Word export at {factor}× against its floor", row["docx"]["time"] / row["docx_floor"]["time"],
               TARGETS["docx"])
    if "100" in sizes:
        row = sizes["100"]
        target("cell edit round trip at 100×", row["editor"]["edit"] * 1000, TARGETS["edit_ms"], "ms")
        target("undo of a 100-cell paste at 100×", row["editor"]["paste_undo"] * 1000, TARGETS["paste_undo_ms"], "ms")
        target("redo of a 100-cell paste at 100×", row["editor"]["paste_redo"] * 1000, TARGETS["paste_undo_ms"], "ms")
        if "scoring" in row:
            target("scoring against all checks at 100× (mof)", row["scoring"]["time"] / row["checks_scored"]["time"],
                   TARGETS["scoring_share"])
        if "edit_scored" in row:
            target("cell edit round trip at 100× in a scored form (mof)", row["edit_scored"]["edit"] * 1000,
                   TARGETS["edit_ms"], "ms")
        if "1" in sizes:
            for label, time_of in OPERATIONS:
                target(f"{label}: 100× against 1×", time_of(row) / time_of(sizes["1"]), TARGETS["growth"])
        for key, label in MEMORY:
            target(f"peak memory at 100×: {label}", row[key]["peak_mb"], TARGETS["memory_mb"], "MB")
    return targets


def _ms(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _against(row: dict, key: str) -> str:
    mine, floor = row[key]["time"], row[f"{key}_floor"]["time"]
    return f"{_ms(mine)} ({_ms(floor)}, ×{mine / floor:.2f})"


def report_table(results: dict) -> str:
    lines = ["| operation | " + " | ".join(f"{f}×" for f in results["factors"]) + " |",
             "|---|" + "---|" * len(results["factors"])]
    rows = [
        ("cold start to window with report (floor)", lambda r: _against(r, "startup")),
        ("first open of the report, every tab built and shown", lambda r: _ms(r["editor"]["open_first"])),
        ("open report in running editor (every tab shown)", lambda r: _ms(r["editor"]["open"])),
        ("cell edit round trip", lambda r: _ms(r["editor"]["edit"])),
        ("undo / redo of a 100-cell paste", lambda r: f"{_ms(r['editor']['paste_undo'])} / "
         f"{_ms(r['editor']['paste_redo'])}"),
        ("check marks refreshed on every tab (findings)", lambda r: f"{_ms(r['editor']['marks'])} "
         f"({r['editor']['findings']})"),
        ("all checks", lambda r: _ms(r["checks"]["time"])),
        ("scoring, mof (all checks on the same report)", lambda r: f"{_ms(r['scoring']['time'])} "
         f"({_ms(r['checks_scored']['time'])})"),
        ("cell edit round trip, mof (分值 → 得分 and 总分)", lambda r: _ms(r["edit_scored"]["edit"])),
        ("PDF export (floor)", lambda r: _against(r, "pdf")),
        ("Excel export (floor)", lambda r: _against(r, "xlsx")),
        ("Excel import (floor)", lambda r: _against(r, "import")),
        ("Word export (floor)", lambda r: _against(r, "docx")),
        ("peak memory: start-up / editor / checks", lambda r: f"{r['startup']['peak_mb']:.0f} / "
         f"{r['editor']['peak_mb']:.0f} / {r['checks']['peak_mb']:.0f} MB"),
        ("peak memory: PDF / Excel export / import", lambda r: f"{r['pdf']['peak_mb']:.0f} / "
         f"{r['xlsx']['peak_mb']:.0f} / {r['import']['peak_mb']:.0f} MB"),
        ("peak memory: Word export (floor)", lambda r: f"{r['docx']['peak_mb']:.0f} MB "
         f"({r['docx_floor']['peak_mb']:.0f} MB)"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results["factors"].values()) + " |")
    return "\n".join(lines)


def targets_table(results: dict) -> str:
    lines = ["| target | measured | limit | met |", "|---|---|---|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['value']:g} {t['unit']} | {t['limit']:g} {t['unit']} | "
                     f"{'yes' if t['met'] else 'NO'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--installed", default="/usr/bin/jixiao-ziping",
                        help="the installed program (make deb; dpkg -i) to time against the venv, when present")
    parser.add_argument("--only-scoring", action="store_true",
                        help="only scoring and all checks (printed; results.json is left as it is)")
    args = parser.parse_args()
    if args.only_scoring:
        print(scoring_table(measure_scoring(args.factors, args.runs)))
        return
    results = measure(args.factors, args.runs)
    if Path(args.installed).exists():
        from bench.installed import cold_starts
        results["installed"] = cold_starts(args.installed, max(args.runs, 5))
    Path(args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(report_table(results))
    print()
    print(targets_table(results))
    if "installed" in results:
        start = results["installed"]
        print(f"cold start of the installed program {start['installed']} ms against the venv {start['venv']} ms: "
              f"×{start['ratio']} (target ≤ ×1.2)")


if __name__ == "__main__":
    main()
