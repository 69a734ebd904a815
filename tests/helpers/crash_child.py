"""A writer to be killed: applies scripted edits through the service functions and prints
`ACK n` after edit n has been committed. Used by the crash tests and bench/crash_stress.py.

    python tests/helpers/crash_child.py DB REPORT_ID FIRST_EDIT [INSIDE_AFTER]

With INSIDE_AFTER = k, after k edits it starts one more large change, flushes it to the file without
committing, prints `INSIDE` and waits to be killed: a kill in the middle of a commit, every time,
which leaves the hot journal the program must recover when it next opens the file.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text  # noqa: E402

from models.database import open_database  # noqa: E402
from models.services import add_row, set_field  # noqa: E402
from models.views import load_budget  # noqa: E402


def edit(db, report_id: int, number: int, leaf_ids: list[int]) -> None:
    """Edit n: a new key task named edit-n, and on every 3rd edit an amount that encodes n."""
    add_row(db, "tasks", report_id, values={"name": f"edit-{number}", "completion": "完成情况" * 20})
    if number % 3 == 0:
        set_field(db, "budget", leaf_ids[number % len(leaf_ids)], "actual", f"{number}.{number % 100:02d}")


def killed_inside_a_commit(db, report_id: int, number: int) -> None:
    with db.transaction() as session:
        session.execute(text("UPDATE key_tasks SET name = :name, completion = :long WHERE report_id = :id"),
                        {"name": f"in-flight-{number}", "long": "未提交的修改" * 300, "id": report_id})
        session.flush()
        print("INSIDE", flush=True)
        time.sleep(120)


def main() -> None:
    db_path, report_id, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    inside_after = int(sys.argv[4]) if len(sys.argv) > 4 else None
    db = open_database(db_path, backup=False)
    leaves = [row.id for row in load_budget(db, report_id) if not row.is_parent]
    print("READY", flush=True)
    number = first
    while True:
        if inside_after is not None and number - first == inside_after:
            killed_inside_a_commit(db, report_id, number)
        edit(db, report_id, number, leaves)
        print(f"ACK {number}", flush=True)
        number += 1


if __name__ == "__main__":
    main()
