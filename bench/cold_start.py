"""Cold start of the editor on a report file, measured from outside the process (median of runs).

    python -m bench.cold_start [FACTOR ...]
"""
from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from bench.scale import scaled_data
from models.database import open_database
from models.services.bulk import create_report_from_data

RUNS = 5


def cold_start_ms(path: Path) -> float:
    """Median milliseconds from starting the editor on `path` to its window shown with the report."""
    from bench.__main__ import until_shown

    samples = [until_shown(["-m", "bench.start_probe", str(path)])[0] for _ in range(RUNS)]
    return round(statistics.median(samples) * 1000, 1)


def main(factors=(1, 100)) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for factor in factors:
            path = Path(scratch) / f"start_{factor}.db"
            db = open_database(path)
            create_report_from_data(db, scaled_data(factor))
            db.close()
            print(f"{factor}×\t冷启动到窗口显示（含打开报告）\t{cold_start_ms(path)} ms")


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (1, 100))
