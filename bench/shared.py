"""The shared-database figures: 1,000 unit reports (the sample with varied numbers and department
names, one SQLite file each, as units send them) collected into a SQLite file and into PostgreSQL;
the collect rate, the summary of the 1,000 reports, opening one report as the editor does on both,
and the cell edit round trip at 100× on PostgreSQL.

    python -m bench.shared [--units 1000] [--pg URL] [--runs 3]

Without --pg (or JIXIAO_BENCH_PG) a throwaway PostgreSQL server is started when `initdb` is found
(tests/pg_server.py's way, if present); otherwise the PostgreSQL rows are skipped. Prints a table and
writes bench/shared_results.json.
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


def _time(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _child(args: list[str]) -> dict:
    """A measurement in a fresh process (python -m bench.shared_worker …): its JSON line."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    out = subprocess.run([sys.executable, "-m", "bench.shared_worker", *args], cwd=ROOT, env=env, text=True,
                         capture_output=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _collect(target: str, sources: list[Path]) -> tuple[float, int]:
    """Seconds and exit code of `main.py collect --db TARGET SOURCES…` in a fresh process."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "main.py", "collect", "--db", target, *map(str, sources)], cwd=ROOT,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"collect into {target} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed, result.returncode


def _pg_url(args) -> tuple[str | None, object]:
    """A PostgreSQL URL to measure on, and what stops the server started for it (or None)."""
    url = args.pg or os.environ.get("JIXIAO_BENCH_PG")
    if url:
        return url, None
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        from pg_server import start_server  # the tests' throwaway server, when that helper exists
    except ImportError:
        return None, None
    server = start_server(Path(tempfile.mkdtemp(prefix="bench-pg-")))
    if server is None:
        return None, None
    return server.url("bench"), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", help="postgresql://USER@HOST:PORT/DB (its password from .pgpass or PGPASSWORD)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-shared-"))
    results: dict = {"units": args.units}
    try:
        start = time.perf_counter()
        sources = make_unit_files(folder / "units", args.units)
        results["make_units_s"] = time.perf_counter() - start
        targets = {"sqlite": str(folder / "bureau.db")}
        pg_url, server = _pg_url(args)
        if pg_url:
            targets["postgresql"] = pg_url
        try:
            for kind, target in targets.items():
                elapsed, _code = _collect(target, sources)
                results[f"{kind}_collect_s"] = elapsed
                results[f"{kind}_collect_rate"] = args.units / elapsed
                measured = _child(["summary", target, str(args.runs)])
                results[f"{kind}_summary_s"] = measured["time"]
                results[f"{kind}_summary_rows"] = measured["rows"]
                measured = _child(["open", target, str(args.runs)])
                results[f"{kind}_open_s"] = measured["time"]
            if pg_url:
                results["open_ratio"] = results["postgresql_open_s"] / results["sqlite_open_s"]
                measured = _child(["edit", pg_url, str(args.runs), "100"])
                results["postgresql_edit_100x_ms"] = measured["time"] * 1000
                measured = _child(["edit", targets["sqlite"], str(args.runs), "100"])
                results["sqlite_edit_100x_ms"] = measured["time"] * 1000
        finally:
            if server is not None:
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _print(results)
    (ROOT / "bench" / "shared_results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def _print(results: dict) -> None:
    units = results["units"]
    print(f"{units} unit files made in {results['make_units_s']:.1f} s")
    for kind in ("sqlite", "postgresql"):
        if f"{kind}_collect_s" not in results:
            print(f"{kind}: not measured (no server)")
            continue
        print(f"{kind:<11} collect {results[f'{kind}_collect_s']:.1f} s ({results[f'{kind}_collect_rate']:.0f} reports/s)"
              f"  summary {results[f'{kind}_summary_s'] * 1000:.0f} ms ({results[f'{kind}_summary_rows']} rows)"
              f"  open one report {results[f'{kind}_open_s'] * 1000:.1f} ms")
    if "open_ratio" in results:
        print(f"open on PostgreSQL / SQLite ×{results['open_ratio']:.2f} (≤ {TARGETS['open_ratio']})")
        print(f"cell edit round trip at 100×: PostgreSQL {results['postgresql_edit_100x_ms']:.1f} ms, "
              f"SQLite {results['sqlite_edit_100x_ms']:.1f} ms (≤ {TARGETS['edit_ms']} ms)")
    for kind in ("sqlite", "postgresql"):
        if f"{kind}_summary_s" in results:
            met = results[f"{kind}_summary_s"] <= TARGETS["summary_s"]
            print(f"summary of {units} on {kind} ≤ {TARGETS['summary_s']} s: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
