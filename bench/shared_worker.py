"""One measurement of the shared-database figures in a fresh process; prints a JSON line.

    python -m bench.shared_worker summary DB RUNS       summarize every report (median seconds, rows, queries)
    python -m bench.shared_worker load DB REPORT_ID RUNS    models.views.load_report (median seconds)
"""
from __future__ import annotations

import json
import statistics
import sys
import time


def _median(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    from sqlalchemy import event

    from models.database import open_database

    operation, target = sys.argv[1], sys.argv[2]
    db = open_database(target, read_only=True)
    try:
        if operation == "summary":
            from models.summary import summarize

            runs = int(sys.argv[3])
            from models import summary

            queries = [0]
            event.listen(db.engine, "before_cursor_execute", lambda *_a: queries.__setitem__(0, queries[0] + 1))
            rows = summarize(db, parallel=False)
            per_run = queries[0]   # in one process: one query per table
            result = {"time": _median(lambda: summarize(db), runs), "rows": len(rows), "queries": per_run}
            # What the wall time would be on idle cores: the parent's CPU and the slowest worker's.
            start = time.process_time()
            summarize(db)
            result["parent_cpu"] = time.process_time() - start
            result["workers_cpu"] = list(summary.WORKER_CPU)
            # The work itself, in this process alone (CPU seconds, steady on a busy machine).
            start = time.process_time()
            summarize(db, parallel=False)
            result["cpu_one_process"] = time.process_time() - start
        elif operation == "load":
            from models.views import load_report

            report_id, runs = int(sys.argv[3]), int(sys.argv[4])
            load_report(db, report_id)
            result = {"time": _median(lambda: load_report(db, report_id), max(runs, 20))}
        else:
            sys.exit(f"unknown operation {operation}")
    finally:
        db.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
