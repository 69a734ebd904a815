"""Crash stress: thousands of SIGKILLs of a writer at random moments; after each, the file must pass
PRAGMA integrity_check and hold every acknowledged edit.

    python -m bench.crash_stress [KILLS]        (default 2000)
"""
from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from models.database import open_database
from models.sample import install_sample
from models.views import load_tasks
from tests.test_crash import kill_after_random_edits


def main(kills: int = 2000) -> None:
    rng = random.Random()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stress.db"
        db = open_database(path)
        report_id = install_sample(db)
        db.close()
        next_edit, acknowledged, started = 1, [], time.monotonic()
        for kill in range(1, kills + 1):
            last = kill_after_random_edits(path, report_id, next_edit, rng)
            acknowledged += range(next_edit, last + 1)
            with sqlite3.connect(path) as raw:
                check = raw.execute("PRAGMA integrity_check").fetchone()[0]
            raw.close()
            if check != "ok":
                sys.exit(f"kill {kill}: integrity_check says {check}")
            reopened = open_database(path, backup=False)
            try:
                names = {task.name for task in load_tasks(reopened, report_id)}
            finally:
                reopened.close()
            lost = [n for n in acknowledged if f"edit-{n}" not in names]
            if lost:
                sys.exit(f"kill {kill}: acknowledged edits lost: {lost[:10]}")
            next_edit = last + 2
            if kill % 100 == 0:
                print(f"{kill} kills, {len(acknowledged)} acknowledged edits, all present "
                      f"({time.monotonic() - started:.0f} s)", flush=True)
        print(f"OK: {kills} kills, {len(acknowledged)} acknowledged edits, none lost, file sound every time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
