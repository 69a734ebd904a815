"""Cold start of the installed program (the .deb's /usr/bin/jixiao-ziping, no virtual environment)
against the same program from the virtual environment, on the sample report, in turns so both meet
the same machine; median of the runs. Also the sizes of the bundle and the .deb when given.

    python -m bench.installed [--command /usr/bin/jixiao-ziping] [--runs 7] [--bundle dist/jixiao-ziping]
                              [--deb dist/jixiao-ziping_0.1.0_amd64.deb]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"start_ratio": 1.2, "bundle_mb": 250, "deb_mb": 120}


def _until_shown(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    line = child.stdout.readline()
    shown = time.perf_counter() - start
    child.communicate()
    if child.returncode != 0 or line.strip() != "shown":
        raise RuntimeError(f"{' '.join(command)} did not show its window")
    return shown


def cold_starts(installed: str, runs: int) -> dict:
    """Milliseconds to the first window with the sample report: installed and from the venv."""
    with tempfile.TemporaryDirectory() as scratch:
        base = {"PATH": "/usr/bin:/bin", "HOME": scratch, "JIXIAO_DATA_DIR": str(Path(scratch) / "data"),
                "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "JIXIAO_EXIT_WHEN_SHOWN": "1",
                "LANG": "C.UTF-8"}
        db = Path(scratch) / "sample.db"
        subprocess.run([installed, "demo", "--db", str(db)], env=base, check=True, capture_output=True)
        commands = {"installed": [installed, "--db", str(db)],
                    "venv": [sys.executable, str(ROOT / "main.py"), "--db", str(db)]}
        samples = {key: [] for key in commands}
        for key, command in commands.items():   # once each unmeasured: the page cache holds both
            _until_shown(command, base)
        for _ in range(runs):
            for key, command in commands.items():
                samples[key].append(_until_shown(command, base))
    result = {key: round(statistics.median(values) * 1000, 1) for key, values in samples.items()}
    result["ratio"] = round(result["installed"] / result["venv"], 2)
    return result


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6, 1)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="bench.installed")
    parser.add_argument("--command", default="/usr/bin/jixiao-ziping")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle")
    parser.add_argument("--deb")
    args = parser.parse_args(argv)
    result = {"start": cold_starts(args.command, args.runs)}
    print(f"冷启动到窗口显示（示例报告）：安装版 {result['start']['installed']} ms，虚拟环境 "
          f"{result['start']['venv']} ms，×{result['start']['ratio']}（目标 ≤ ×{TARGETS['start_ratio']}）")
    if args.bundle:
        result["bundle_mb"] = folder_mb(Path(args.bundle))
        print(f"应用文件夹 {result['bundle_mb']} MB（目标 ≤ {TARGETS['bundle_mb']} MB）")
    if args.deb:
        result["deb_mb"] = round(Path(args.deb).stat().st_size / 1e6, 1)
        print(f".deb {result['deb_mb']} MB（目标 ≤ {TARGETS['deb_mb']} MB）")
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
