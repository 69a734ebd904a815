"""Nothing lost: one writer, backups, damaged and strange files, vanished files, the command line."""
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from models import database as database_module
from models.backup import list_backups, make_backup, prune
from models.database import open_database
from models.errors import DamagedError, ReadOnlyError, StorageError, VanishedError
from models.lock import LockedError, lock_path
from models.restore import restore_backup
from models.services import set_field, set_report_field
from models.views import list_reports, load_report

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "schema_0001.db"


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def one_line_failure(result):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr.strip()


@pytest.fixture
def db_file(tmp_path):
    """A file of the current schema holding the sample report, not open, with no backups yet."""
    from models.sample import install_sample
    path = tmp_path / "reports.db"
    db = open_database(path)
    install_sample(db)
    db.close()
    return path


# -- one writer ---------------------------------------------------------------------------------
def test_second_writer_refused_with_the_holder_named(db_file):
    first = open_database(db_file)
    try:
        with pytest.raises(LockedError, match="另一个窗口"):
            open_database(db_file)
    finally:
        first.close()
    assert not lock_path(db_file).exists()


def test_other_process_named_then_stale_lock_taken_over(db_file):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from models.database import open_database\n"
        "db = open_database(%r); print('OPEN', flush=True); time.sleep(60)") % (str(ROOT), str(db_file))],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "OPEN"
        with pytest.raises(LockedError) as caught:
            open_database(db_file)
        message = caught.value.message
        assert f"进程 {holder.pid}" in message and socket.gethostname() in message and "自 " in message
        before = db_file.read_bytes()
        refused = one_line_failure(cli("demo", "--db", str(db_file)))
        assert f"进程 {holder.pid}" in refused and db_file.read_bytes() == before
        # readers are not writers: list works while the editor holds the file
        assert cli("list", "--db", str(db_file)).returncode == 0
    finally:
        holder.kill()
        holder.wait()
    assert lock_path(db_file).exists()  # left behind by the killed copy ...
    taken = open_database(db_file)      # ... recognised as stale and taken over
    taken.close()


# -- backups ------------------------------------------------------------------------------------
def test_backup_on_every_open_and_restore(db_file):
    db = open_database(db_file)
    report_id = list_reports(db)[0].id
    set_report_field(db, report_id, "department", "改过的单位")
    db.close()
    backups = list_backups(db_file)
    assert len(backups) == 1  # made when the file was opened, before the change
    db = open_database(db_file)
    db.close()
    assert len(list_backups(db_file)) == 2
    result = cli("restore", "--db", str(db_file), str(backups[0].path))
    assert result.returncode == 0, result.stderr
    db = open_database(db_file, read_only=True)
    try:
        assert load_report(db, report_id).department == "苏州市便民服务中心"
    finally:
        db.close()
    kept = Path(result.stdout.strip())  # the current file was kept as a backup first
    check = sqlite3.connect(kept)
    assert check.execute("SELECT department FROM reports").fetchone()[0] == "改过的单位"
    check.close()


def test_cli_backup(db_file):
    result = cli("backup", "--db", str(db_file))
    assert result.returncode == 0 and Path(result.stdout.strip()).exists()
    assert Path(result.stdout.strip()).parent == db_file.parent / "backups"


def test_prune_keeps_last_n_and_one_per_day_for_30_days(db_file):
    now = datetime(2026, 11, 27, 12, 0, 0)
    for days_ago in range(40):
        for hour in (9, 15):
            make_backup(db_file, now=now - timedelta(days=days_ago, hours=hour))
    prune(db_file, now=now, keep_last=5)
    kept = list_backups(db_file)
    days = {b.taken.date() for b in kept}
    assert len([b for b in kept if now - b.taken <= timedelta(days=30)]) >= 30
    assert all((now - timedelta(days=d)).date() in days for d in range(1, 30))
    assert all(now - b.taken <= timedelta(days=31) for b in kept)


def test_failed_backup_leaves_nothing_half_written(db_file, monkeypatch):
    from models import backup as backup_module

    def full_disk(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(backup_module.os, "fsync", full_disk)
    with pytest.raises(StorageError, match="磁盘空间不足"):
        make_backup(db_file)
    assert [p.name for p in (db_file.parent / "backups").iterdir()] == []


def test_restore_refuses_a_damaged_backup(db_file, tmp_path):
    bad = tmp_path / "bad-backup.db"
    bad.write_bytes(FIXTURE.read_bytes()[:3000])
    before = db_file.read_bytes()
    with pytest.raises(StorageError):
        restore_backup(db_file, bad)
    assert db_file.read_bytes() == before


# -- damaged and strange files: message, way forward, file untouched --------------------------------
def damaged_cases(tmp_path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("不是数据库", encoding="utf-8")
    truncated = tmp_path / "cut.db"
    truncated.write_bytes(FIXTURE.read_bytes()[:20000])
    newer = tmp_path / "newer.db"
    shutil.copy(FIXTURE, newer)
    with sqlite3.connect(newer) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0099_future'")
    raw.close()
    return [(not_db, "不是绩效自评的数据文件"), (truncated, "损坏"), (newer, "更新版本")]


def test_damaged_files_refused_untouched_everywhere(tmp_path):
    for path, expected in damaged_cases(tmp_path):
        before = path.read_bytes()
        with pytest.raises(StorageError, match=expected):
            open_database(path)
        for command in (["list"], ["check"], ["demo"], ["export", "--pdf", str(tmp_path / "x.pdf")]):
            message = one_line_failure(cli(command[0], "--db", str(path), *command[1:]))
            assert expected in message, (command, message)
        assert path.read_bytes() == before
        assert not list_backups(path)


def test_truncated_file_offers_restore(db_file, tmp_path):
    db = open_database(db_file)  # makes a backup
    db.close()
    db_file.write_bytes(FIXTURE.read_bytes()[:20000])
    with pytest.raises(DamagedError, match="从备份恢复"):
        open_database(db_file)
    restore_backup(db_file, list_backups(db_file)[0].path)
    db = open_database(db_file, read_only=True)
    assert list_reports(db)[0].department == "苏州市便民服务中心"
    db.close()


def test_read_only_file_or_folder(db_file, monkeypatch):
    # Tests run as root in CI, for whom nothing is read-only: the permission check is simulated,
    # the read-only connection that follows is real.
    monkeypatch.setattr(database_module, "writable", lambda _path: False)
    before = db_file.read_bytes()
    with pytest.raises(ReadOnlyError, match="只读"):
        open_database(db_file)
    db = open_database(db_file, read_only=True)
    try:
        report_id = list_reports(db)[0].id
        assert load_report(db, report_id).department == "苏州市便民服务中心"
        with pytest.raises(ReadOnlyError):
            set_report_field(db, report_id, "department", "x")
    finally:
        db.close()
    assert db_file.read_bytes() == before and not lock_path(db_file).exists()


def test_really_read_only_connection_refuses_writes(db_file):
    db = open_database(db_file, read_only=True)
    try:
        with pytest.raises(ReadOnlyError):
            with db._sessions.begin() as session:  # bypass the guard: SQLite itself must refuse
                from sqlalchemy import text
                session.execute(text("UPDATE reports SET department = 'x'"))
    except Exception as error:  # the driver's own error, not a silent write
        assert "readonly" in str(error).lower() or isinstance(error, ReadOnlyError)
    finally:
        db.close()
    check = sqlite3.connect(db_file)
    assert check.execute("SELECT department FROM reports").fetchone()[0] == "苏州市便民服务中心"
    check.close()


def test_file_vanishing_while_open(db_file, tmp_path):
    db = open_database(db_file)
    report_id = list_reports(db)[0].id
    set_report_field(db, report_id, "department", "最后保存的")
    moved = tmp_path / "moved-away.db"
    os.rename(db_file, moved)
    try:
        with pytest.raises(VanishedError, match="另存为"):
            set_report_field(db, report_id, "department", "不会保存")
        assert not db_file.exists()  # never silently recreated
        rescue = tmp_path / "rescue.db"
        db.save_copy(rescue)
    finally:
        db.close()
    check = sqlite3.connect(rescue)
    assert check.execute("SELECT department FROM reports").fetchone()[0] == "最后保存的"
    check.close()
