"""Several writers on one server: per-report locks held by two programs at once, the same report opened
twice (read-only, the holder named), a crashed holder's lock taken over once its heartbeat is a minute
old, row versions that refuse to overwrite a change made elsewhere, and a client killed with SIGKILL in
the middle of an import (the report is there whole or not at all)."""
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from models.database import open_database
from models.errors import StaleError
from models.report_lock import Holder, ReportLock, acquire_report_lock, current_holder

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "helpers" / "pg_editor.py"


def child(*args, env=None):
    return subprocess.Popen([sys.executable, str(HELPER), *map(str, args)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def expect(process, word, timeout=120):
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if selector.select(timeout=1):
            line = process.stdout.readline()
            if not line:
                break
            if line.startswith(word):
                return line.strip()
    process.kill()
    raise AssertionError(f"no {word}: {process.stderr.read()}")


@pytest.fixture
def two_reports(pg_db):
    from models.sample import install_sample

    db = open_database(pg_db)
    ids = install_sample(db), install_sample(db)
    db.close()
    return pg_db, ids


def test_two_editors_in_two_processes_edit_two_reports_at_once(two_reports):
    url, (first, second) = two_reports
    editors = [child("edit", url, first, 15), child("edit", url, second, 15)]
    try:
        for editor in editors:
            expect(editor, "LOCKED")
        db = open_database(url, read_only=True)
        try:
            holders = {report_id: current_holder(db, report_id) for report_id in (first, second)}
        finally:
            db.close()
        assert {h.pid for h in holders.values()} == {e.pid for e in editors}  # both held at the same time
        for editor in editors:
            expect(editor, "DONE")
        db = open_database(url, read_only=True)
        try:
            from models.views import load_report
            for editor, report_id in zip(editors, (first, second)):
                report = load_report(db, report_id)
                assert report.narrative["performance"] == f"第 14 次修改（进程 {editor.pid}）"
                assert sum(task.name.startswith(f"task-{editor.pid}-") for task in report.tasks) == 15
            versions = dict(db.engine.connect().execute(text("SELECT id, row_version FROM reports")).all())
        finally:
            db.close()
        assert versions[first] == versions[second] == 1 + 30  # every change counted: 15 × (field + row)
    finally:
        for editor in editors:
            if editor.poll() is None:
                editor.stdin.write("\n")
                editor.stdin.flush()
        for editor in editors:
            assert editor.wait(timeout=60) == 0
    db = open_database(url, read_only=True)
    try:  # closing released both locks
        assert current_holder(db, first) is None and current_holder(db, second) is None
    finally:
        db.close()


def test_the_same_report_opened_twice_is_read_only_with_the_holder_named(two_reports):
    url, (first, _second) = two_reports
    editor = child("hold", url, first)
    try:
        expect(editor, "LOCKED")
        db = open_database(url)
        try:
            held = acquire_report_lock(db, first)
        finally:
            db.close()
        assert isinstance(held, Holder) and held.pid == editor.pid
        message = held.read_only_message()
        assert re.fullmatch(rf"报告正由 \S+@\S+（进程 {editor.pid}，自 \d\d:\d\d 起）编辑，以只读方式打开", message)
        # and in a second program too
        other = child("edit", url, first, 1)
        line = expect(other, "HELD")
        assert other.wait(timeout=60) == 3 and f"（进程 {editor.pid}，" in line
    finally:
        editor.kill()
        editor.wait()


def test_a_crashed_editors_lock_is_taken_over_once_its_heartbeat_is_a_minute_old(two_reports):
    url, (first, _second) = two_reports
    editor = child("hold", url, first)
    expect(editor, "LOCKED")
    os.kill(editor.pid, signal.SIGKILL)  # a crash: the lock row stays behind
    editor.wait()
    db = open_database(url)
    try:
        assert isinstance(acquire_report_lock(db, first), Holder)  # its heartbeat is fresh: still held
        with db.engine.begin() as connection:  # time passes: the heartbeat is 61 s old
            connection.execute(text("UPDATE report_locks SET heartbeat = LOCALTIMESTAMP - interval '61 seconds'"))
        lock = acquire_report_lock(db, first)
        assert isinstance(lock, ReportLock) and current_holder(db, first).pid == os.getpid()
        assert lock.heartbeat() is True
    finally:
        db.close()


def test_a_holder_whose_lock_was_taken_over_learns_it_and_cannot_overwrite(two_reports):
    from models.services import set_report_field

    url, (first, _second) = two_reports
    sleeper, taker = open_database(url), open_database(url)
    try:
        mine = acquire_report_lock(sleeper, first)
        assert isinstance(mine, ReportLock)
        with taker.engine.begin() as connection:  # the laptop slept: no heartbeat for a minute
            connection.execute(text("UPDATE report_locks SET heartbeat = heartbeat - interval '2 minutes'"))
        theirs = acquire_report_lock(taker, first)
        assert isinstance(theirs, ReportLock)
        set_report_field(taker, first, "title", "接手者的标题")
        assert mine.heartbeat() is False  # the editor turns read-only on this
        with pytest.raises(StaleError, match=rf"报告正由 \S+（进程 {os.getpid()}，自 \d\d:\d\d 起）编辑，本次修改没有保存"):
            set_report_field(sleeper, first, "title", "旧窗口的标题")
    finally:
        sleeper.close()
        taker.close()
    db = open_database(url, read_only=True)
    try:
        from models.views import load_report_header
        assert load_report_header(db, first).title == "接手者的标题"
    finally:
        db.close()


def test_a_stale_row_version_is_refused_and_the_reloaded_version_writes(two_reports):
    from models.services import add_row, set_report_field

    url, (first, second) = two_reports
    one, two = open_database(url), open_database(url)
    try:
        start = one.remember_version(first)
        set_report_field(one, first, "title", "一")
        assert one.seen_versions[first] == start + 1
        two.remember_version(first)
        add_row(two, "tasks", first, values={"name": "别处加的行"})  # a change made elsewhere
        with pytest.raises(StaleError) as stale:
            set_report_field(one, first, "title", "一（未重新载入）")
        assert stale.value.report_id == first
        with one.engine.connect() as connection:  # nothing of the refused change was written
            title, version = connection.execute(text(f"SELECT title, row_version FROM reports WHERE id = {first}")).one()
        assert (title, version) == ("一", start + 2)
        set_report_field(one, first, "title", "一（重新载入后）")  # the editor reloaded: its next change goes in
        set_report_field(one, second, "title", "另一份报告不受影响")
        two.remember_version(first)
        set_report_field(two, first, "unit_head", "张三")
    finally:
        one.close()
        two.close()


def test_row_versions_count_on_a_file_too(tmp_path):
    from models.sample import install_sample
    from models.services import set_report_field

    db = open_database(tmp_path / "r.db")
    try:
        report_id = install_sample(db)
        before = db.remember_version(report_id)
        set_report_field(db, report_id, "title", "新标题")
        assert db.remember_version(report_id) == before + 1
    finally:
        db.close()


def test_a_client_killed_in_the_middle_of_an_import_leaves_the_report_whole_or_absent(pg_db, tmp_path):
    from models.sample import install_sample
    from models.views import load_report
    from reports.xlsx_export import export_workbook

    db = open_database(pg_db)
    sample = load_report(db, install_sample(db))
    db.close()
    workbook = tmp_path / "unit.xlsx"
    export_workbook(sample, workbook)

    def counts():
        db = open_database(pg_db, read_only=True)
        try:
            with db.engine.connect() as connection:
                return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                        for table in ("reports", "budget_lines", "key_tasks", "indicators")}
        finally:
            db.close()

    before = counts()
    for _attempt in range(2):
        importer = child("import", pg_db, workbook)
        expect(importer, "INSIDE")  # all rows sent, the commit not
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait()
        assert counts() == before  # never half: the server rolled the dead client's transaction back
    done = child("import", pg_db, workbook, env={"GO": "1"})
    new_id = int(expect(done, ""))
    assert done.wait(timeout=60) == 0
    after = counts()
    assert after["reports"] == before["reports"] + 1
    assert after["budget_lines"] - before["budget_lines"] == len(sample.budget)
    db = open_database(pg_db, read_only=True)
    try:
        assert len(load_report(db, new_id).tasks) == len(sample.tasks)
    finally:
        db.close()


def test_a_command_does_not_change_a_report_an_editor_holds(two_reports):
    from models.services import set_report_field

    url, (first, second) = two_reports
    editor = child("hold", url, first)
    try:
        expect(editor, "LOCKED")
        db = open_database(url)
        try:
            with pytest.raises(StaleError, match=rf"报告正由 \S+（进程 {editor.pid}，"):
                set_report_field(db, first, "title", "命令改的标题")
            set_report_field(db, second, "title", "另一份照常修改")
        finally:
            db.close()
        done = subprocess.run([sys.executable, "main.py", "finalize", "--db", url, "--report", str(first)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and f"（进程 {editor.pid}，" in done.stderr, done.stderr
    finally:
        editor.kill()
        editor.wait()
    db = open_database(url, read_only=True)
    try:  # the editor crashed: a minute later its lock no longer stands in the way
        from models.views import load_report_header
        assert load_report_header(db, first).status == "draft"
    finally:
        db.close()
