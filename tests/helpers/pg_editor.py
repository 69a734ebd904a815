"""A second program on the shared server, for tests/test_pg_locks.py.

    python tests/helpers/pg_editor.py edit URL REPORT_ID N
        takes the report's lock (prints LOCKED, or HELD <message> and exits 3), then makes N edits of
        the report, each its own transaction, prints DONE and waits for a line on stdin, then releases.
    python tests/helpers/pg_editor.py hold URL REPORT_ID
        takes the lock, prints LOCKED and waits (to be killed: a crash while editing).
    python tests/helpers/pg_editor.py import URL WORKBOOK
        imports the workbook as a new report, printing INSIDE once all its rows are on the server but
        not committed, and waits there (to be killed with SIGKILL in the middle of the import); with
        GO=1 in the environment it commits instead and prints the new id.
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.database import open_database  # noqa: E402
from models.report_lock import Holder, acquire_report_lock  # noqa: E402


def main() -> int:
    command, url = sys.argv[1], sys.argv[2]
    db = open_database(url)
    if command in ("edit", "hold"):
        report_id = int(sys.argv[3])
        lock = acquire_report_lock(db, report_id)
        if isinstance(lock, Holder):
            print("HELD", lock.read_only_message(), flush=True)
            return 3
        print("LOCKED", flush=True)
        if command == "hold":
            time.sleep(600)
            return 0
        from models.services import add_row, set_report_field

        for number in range(int(sys.argv[4])):
            set_report_field(db, report_id, "performance", f"第 {number} 次修改（进程 {os.getpid()}）")
            add_row(db, "tasks", report_id, values={"name": f"task-{os.getpid()}-{number}"})
            lock.heartbeat()
        print("DONE", flush=True)
        sys.stdin.readline()
        db.close()  # releases the lock
        return 0
    if command == "import":
        from sqlalchemy import event
        from sqlalchemy.orm import Session

        from models.services.bulk import create_report_from_data
        from reports.xlsx_import import read_workbook

        data = read_workbook(sys.argv[3])
        if os.environ.get("GO") != "1":
            @event.listens_for(Session, "before_commit")
            def inside(session):
                session.flush()  # every row of the report is on the server, the COMMIT not yet sent
                print("INSIDE", flush=True)
                time.sleep(600)
        print(create_report_from_data(db, data), flush=True)
        db.close()
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
