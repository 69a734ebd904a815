"""Crash stress: thousands of SIGKILLs of a writer at random moments (every 4th inside a commit). After each kill the PROGRAM
opens the file first (read-only, as `list`, `check`, `export` and the editor's start do), so a hot
journal left by the kill must be recovered by the program itself; then it must hold every
acknowledged edit (the last one above all) and pass PRAGMA integrity_check.

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
from models.errors import StorageError
from models.sample import install_sample
from tests.test_crash import kill_after_random_edits, names_seen_by_the_program


def main(kills: int = 2000) -> None:
    rng = random.Random()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stress.db"
        journal = path.with_name(path.name + "-journal")
        db = open_database(path)
        report_id = install_sample(db)
        db.close()
        next_edit, acknowledged, hot, started = 1, [], 0, time.monotonic()
        for kill in range(1, kills + 1):
            inside = rng.randrange(4) if kill % 4 == 0 else None  # every 4th kill lands inside a commit
            last = kill_after_random_edits(path, report_id, next_edit, rng, inside)
            acknowledged += range(next_edit, last + 1)
            hot += journal.exists() and journal.stat().st_size > 0
            try:
                names = names_seen_by_the_program(path, report_id)
            except StorageError as error:
                sys.exit(f"kill {kill}: the program could not open the file: {error.message}")
            lost = [n for n in acknowledged if f"edit-{n}" not in names]
            if lost:
                sys.exit(f"kill {kill}: acknowledged edits lost: {lost[:10]}")
            if any(name.startswith("in-flight") for name in names):
                sys.exit(f"kill {kill}: an edit never committed is in the file")
            with sqlite3.connect(path) as raw:
                check = raw.execute("PRAGMA integrity_check").fetchone()[0]
            raw.close()
            if check != "ok":
                sys.exit(f"kill {kill}: integrity_check says {check}")
            next_edit = last + 2
            if kill % 100 == 0:
                print(f"{kill} kills ({hot} left a hot journal), {len(acknowledged)} acknowledged edits, "
                      f"all present ({time.monotonic() - started:.0f} s)", flush=True)
        print(f"OK: {kills} kills, {hot} of them mid-commit (hot journal), {len(acknowledged)} acknowledged "
              f"edits, 0 lost, the program opened the file first every time, file sound every time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
