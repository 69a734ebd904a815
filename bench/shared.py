"""The shared-database figures: 1,000 unit reports (the sample with varied numbers and department
names, one SQLite file each, as units send them) collected into a SQLite file and into PostgreSQL;
the collect rate, the summary of the 1,000 reports, opening one report as the editor does on both,
and the cell edit round trip at 100× on PostgreSQL.

    python -m bench.shared [--units 1000] [--runs 3] [--factor 100] [--pg URL | --sqlite-only] [--out FILE]

Collect is timed as `main.py collect` in a fresh process (start-up included); the summary as
`models.summary.summarize` in a fresh process (the median of RUNS, with the queries counted) and as
`main.py summary` (wall time); opening a report and the cell edit round trip through bench/worker.py's
editor measurement (the running editor opening the report, every tab shown; setData → commit →
derived → repaint), on a 1× report and on a FACTOR× report added to each database. Without --pg (or
JIXIAO_BENCH_PG) a throwaway PostgreSQL server is started (tools/pg_throwaway.py) when PostgreSQL is
installed; otherwise the PostgreSQL rows are skipped. Prints a table and writes bench/shared_results.json.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"summary_s": 2.0, "open_ratio": 1.5, "edit_ms": 50}
_PLACES = ("东城", "西城", "南湖", "北山", "新区", "高新", "滨江", "临湖", "金阊", "平江", "沧浪", "吴中", "相城")
_KINDS = ("便民服务中心", "档案馆", "文化馆", "疾病预防控制中心", "农业服务站", "图书馆", "体育中心", "社区服务中心")


def _scaled(text: str | None, factor: Decimal) -> str | None:
    if text in (None, ""):
        return text
    return str((Decimal(text) * factor).quantize(Decimal("0.01")))


def unit_data(number: int) -> dict:
    """The sample as unit `number` might send it: its own name, amounts scaled by 0.6–1.9, some years
    2023, a fifth of them in 元, 执行率 varied."""
    data = copy.deepcopy(_SAMPLE or _load_sample())
    factor = Decimal(60 + (number * 37) % 131) / 100
    in_yuan = number % 5 == 0
    unit_factor = factor * (10000 if in_yuan else 1)
    data["department"] = f"{_PLACES[number % len(_PLACES)]}{_KINDS[number % len(_KINDS)]}{number:04d}"
    data["year"] = 2022 if number % 4 else 2023
    data["amount_unit"] = "元" if in_yuan else "万元"

    spent = Decimal(92 + number % 9) / 100   # 执行率 differs from unit to unit

    def scale(line):
        for key in ("initial", "adjustment", "actual"):
            if key in line:
                line[key] = _scaled(line[key], unit_factor * (spent if key == "actual" else 1))
        for child in line.get("children", []):
            scale(child)
    for line in data["budget"]:
        scale(line)
    _restate_rate(data)
    return data


def _restate_rate(data: dict) -> None:
    """The 预算执行率 indicator's 完成值 as the scaled budget computes it (else the checks find an error)."""
    from models.money import percent_of

    leaves = []

    def walk(line):
        if line.get("children"):
            for child in line["children"]:
                walk(child)
        else:
            leaves.append(line)
    for line in data["budget"]:
        walk(line)
    adjusted = sum(Decimal(line.get("initial") or 0) + Decimal(line.get("adjustment") or 0) for line in leaves)
    actual = sum(Decimal(line.get("actual") or 0) for line in leaves)
    rate = percent_of(actual, adjusted)
    for indicator in data["indicators"]:
        if indicator["name"] == "预算执行率" and rate is not None:
            indicator["actual"] = f"{rate}%"


_SAMPLE: dict = {}


def _load_sample() -> dict:
    from models.sample import sample_data

    _SAMPLE.update(sample_data())
    return _SAMPLE


def make_unit_files(folder: Path, count: int) -> list[Path]:
    """`count` unit files, each a SQLite report file holding one report (copies of one empty file of
    the current schema, so the migrations run once)."""
    from models.database import open_database
    from models.services.bulk import create_report_from_data

    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "_empty.db"
    open_database(template, backup=False).close()
    empty = template.read_bytes()
    template.unlink()
    paths = []
    for number in range(1, count + 1):
        path = folder / f"unit{number:04d}.db"
        path.write_bytes(empty)
        db = open_database(path, backup=False, lock=False)
        try:
            create_report_from_data(db, unit_data(number))
        finally:
            db.close()
        paths.append(path)
    return paths


def _env() -> dict:
    """Offscreen, with settings of the children's own (as bench/__main__.py runs its children)."""
    settings = tempfile.mkdtemp(prefix="bench-shared-settings-")
    return {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "XDG_CONFIG_HOME": settings, "JIXIAO_DATA_DIR": settings}


def _child(module: str, args: list[str]) -> dict:
    """A measurement in a fresh process (python -m MODULE …): its JSON line."""
    out = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=_env(), text=True, capture_output=True)
    if out.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _wall(args: list[str]) -> float:
    """Seconds of `main.py ARGS` in a fresh process, start-up included."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode not in (0, 1):
        raise RuntimeError(f"main.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return elapsed


def _collect(target: str, sources: list[Path]) -> tuple[float, int]:
    """Seconds of `main.py collect --db TARGET SOURCES…` in a fresh process, and the reports collected."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "main.py", "collect", "--db", target, *map(str, sources)], cwd=ROOT,
                            env=_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"collect into {target} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed, sum(1 for line in result.stdout.splitlines() if line.endswith("\t已收集"))


def _first_report(target: str) -> int:
    from models.database import open_database
    from models.views import list_reports

    db = open_database(target, read_only=True)
    try:
        return list_reports(db)[0].id
    finally:
        db.close()


def _add_scaled(target: str, factor: int) -> int:
    from bench.scale import scaled_data
    from models.database import open_database
    from models.services.bulk import create_report_from_data

    db = open_database(target)
    try:
        return create_report_from_data(db, scaled_data(factor))
    finally:
        db.close()


def _server(args):
    """(a PostgreSQL URL for the 1,000 reports, the throwaway server started for it or None)."""
    url = args.pg or os.environ.get("JIXIAO_BENCH_PG")
    if url:
        return url, None
    sys.path.insert(0, str(ROOT))
    from tools.pg_throwaway import ThrowawayServer, find_bindir

    if find_bindir() is None:
        return None, None
    server = ThrowawayServer()
    server.start()
    return server.create_database("bench_shared"), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--factor", type=int, default=100, help="the size of the report edited (× the sample)")
    parser.add_argument("--pg", help="postgresql://USER@HOST:PORT/DB (its password from .pgpass or PGPASSWORD)")
    parser.add_argument("--sqlite-only", action="store_true", help="no PostgreSQL rows (a smoke test)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "shared_results.json")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-shared-"))
    results: dict = {"units": args.units, "runs": args.runs, "factor": args.factor, "cpus": os.cpu_count(),
                     "load_before": os.getloadavg()[0]}
    server = None
    try:
        start = time.perf_counter()
        sources = make_unit_files(folder / "units", args.units)
        results["make_units_s"] = time.perf_counter() - start
        targets = {"sqlite": str(folder / "bureau.db")}
        pg_url, server = (None, None) if args.sqlite_only else _server(args)
        if pg_url:
            targets["postgresql"] = pg_url
        for kind, target in targets.items():
            elapsed, collected = _collect(target, sources)
            results[f"{kind}_collect_s"] = elapsed
            results[f"{kind}_collected"] = collected
            results[f"{kind}_collect_rate"] = collected / elapsed
            measured = _child("bench.shared_worker", ["summary", target, str(args.runs)])
            results[f"{kind}_summary_s"] = measured["time"]
            results[f"{kind}_summary_rows"] = measured["rows"]
            results[f"{kind}_summary_queries"] = measured["queries"]
            results[f"{kind}_summary_cpu_s"] = measured["cpu_one_process"]
            results[f"{kind}_summary_workers_cpu_s"] = measured["workers_cpu"]
            results[f"{kind}_summary_critical_cpu_s"] = measured["parent_cpu"] + max(measured["workers_cpu"] or [0])
            results[f"{kind}_summary_cli_s"] = statistics.median(
                _wall(["summary", "--db", target]) for _ in range(args.runs))
            report_id = _first_report(target)
            results[f"{kind}_load_ms"] = _child("bench.shared_worker", ["load", target, str(report_id),
                                                                         str(args.runs)])["time"] * 1000
            editor = _child("bench.worker", ["editor", target, str(report_id), str(args.runs)])
            results[f"{kind}_open_ms"] = editor["open"] * 1000
            results[f"{kind}_open_first_ms"] = editor["open_first"] * 1000
            results[f"{kind}_edit_1x_ms"] = editor["edit"] * 1000
            big = _add_scaled(target, args.factor)
            editor = _child("bench.worker", ["editor", target, str(big), str(args.runs)])
            results[f"{kind}_edit_{args.factor}x_ms"] = editor["edit"] * 1000
            results[f"{kind}_open_{args.factor}x_ms"] = editor["open"] * 1000
        if pg_url:
            results["open_ratio"] = results["postgresql_open_ms"] / results["sqlite_open_ms"]
            results["load_ratio"] = results["postgresql_load_ms"] / results["sqlite_load_ms"]
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    _print(results)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def _print(results: dict) -> None:
    units, factor = results["units"], results["factor"]
    print(f"{units} unit files made in {results['make_units_s']:.1f} s")
    print(f"{'':<11} {'collect':>18} {'summary':>9} {'(CLI)':>7} {'queries':>7} {'load 1×':>8} "
          f"{'open 1×':>8} {'edit 1×':>8} {f'edit {factor}×':>9}")
    for kind in ("sqlite", "postgresql"):
        if f"{kind}_collect_s" not in results:
            print(f"{kind:<11} not measured (no server: install PostgreSQL or give --pg URL)")
            continue
        print(f"{kind:<11} {results[f'{kind}_collect_rate']:>7.0f} reports/s "
              f"{results[f'{kind}_summary_s'] * 1000:>6.0f} ms {results[f'{kind}_summary_cli_s']:>5.2f} s "
              f"{results[f'{kind}_summary_queries']:>7} {results[f'{kind}_load_ms']:>5.1f} ms "
              f"{results[f'{kind}_open_ms']:>5.0f} ms {results[f'{kind}_edit_1x_ms']:>5.1f} ms "
              f"{results[f'{kind}_edit_{factor}x_ms']:>6.1f} ms")
    for kind in ("sqlite", "postgresql"):
        if f"{kind}_summary_s" in results:
            met = results[f"{kind}_summary_s"] <= TARGETS["summary_s"]
            print(f"summary of {results[f'{kind}_summary_rows']} reports on {kind}: "
                  f"{results[f'{kind}_summary_s']:.2f} s (≤ {TARGETS['summary_s']} s: {'met' if met else 'NOT met'}; "
                  f"{results[f'{kind}_summary_cpu_s']:.2f} CPU s in one process; on idle cores "
                  f"{results[f'{kind}_summary_critical_cpu_s']:.2f} s = this process's CPU + the slowest of "
                  f"{len(results[f'{kind}_summary_workers_cpu_s'])} workers)")
    if "open_ratio" in results:
        met = results["open_ratio"] <= TARGETS["open_ratio"]
        print(f"open one report in the editor, PostgreSQL / SQLite: ×{results['open_ratio']:.2f} "
              f"(≤ ×{TARGETS['open_ratio']}: {'met' if met else 'NOT met'}; load_report alone ×{results['load_ratio']:.2f})")
        edit = results[f"postgresql_edit_{factor}x_ms"]
        print(f"cell edit round trip on PostgreSQL at {factor}×: {edit:.1f} ms "
              f"(≤ {TARGETS['edit_ms']} ms: {'met' if edit <= TARGETS['edit_ms'] else 'NOT met'})")


if __name__ == "__main__":
    main()
