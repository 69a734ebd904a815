"""Schema upgrades are atomic: a failure half-way leaves the file exactly as it was, and a file left
half-way by an older version (a committed `_alembic_tmp_*` table, the revision still old) opens."""
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.ddl.impl import DefaultImpl
from sqlalchemy.exc import OperationalError

from models.database import open_database
from models.errors import StorageError
from models.schema_version import HEAD_REVISION
from models.views import list_reports, load_report

FIXTURE = Path(__file__).parent / "fixtures" / "schema_0001.db"


@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    return path


def full_disk_on(monkeypatch, method: str, call: int):
    """Make the `call`-th call of the migration operation `method` fail as a full disk does."""
    original, calls = getattr(DefaultImpl, method), []

    def failing(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise OperationalError("migration step", {}, sqlite3.OperationalError("database or disk is full"))
        return original(self, *args, **kwargs)
    monkeypatch.setattr(DefaultImpl, method, failing)
    return calls


def revision_and_tables(path):
    with sqlite3.connect(path) as raw:
        revision = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    raw.close()
    return revision, tables


def assert_opens_with_its_data(path):
    db = open_database(path)
    try:
        [summary] = list_reports(db)
        report = load_report(db, summary.id)
        assert report.department == "苏州市便民服务中心"
        assert len(report.budget) == 18 and len(report.tasks) == 14 and len(report.indicators) == 75
    finally:
        db.close()
    revision, tables = revision_and_tables(path)
    assert revision == HEAD_REVISION and not [t for t in tables if t.startswith("_alembic_tmp_")]


@pytest.mark.parametrize("method, call", [
    ("rename_table", 3),   # half-way through 0002's table rebuilds: two tables done, the third copied
    ("create_table", 1),   # in 0003, after 0002 has completed
])
def test_upgrade_failing_half_way_leaves_the_file_unchanged(old_file, monkeypatch, method, call):
    before = old_file.read_bytes()
    calls = full_disk_on(monkeypatch, method, call)
    with pytest.raises(StorageError, match="磁盘空间不足") as caught:
        open_database(old_file)
    assert len(calls) == call and "保持原样" in caught.value.message
    assert old_file.read_bytes() == before
    assert not old_file.with_name("old.db-journal").exists() and not old_file.with_name("old.db.lock").exists()
    monkeypatch.undo()
    assert_opens_with_its_data(old_file)  # the next open upgrades it, and nothing is stuck


def test_file_left_with_a_committed_tmp_table_opens(old_file):
    # What an older version left on a full disk: the batch migration's first CREATE TABLE committed
    # on its own, the revision still 0001; every writer then failed with "already exists".
    with sqlite3.connect(old_file) as raw:
        raw.execute("CREATE TABLE _alembic_tmp_reports (id INTEGER NOT NULL PRIMARY KEY)")
    raw.close()
    assert_opens_with_its_data(old_file)


def test_file_left_with_only_the_tmp_copy_of_a_table_opens(old_file):
    # The table already dropped, its copy not yet renamed back: the copy holds the data.
    with sqlite3.connect(old_file) as raw:
        raw.execute("PRAGMA legacy_alter_table = ON")
        raw.execute("ALTER TABLE key_tasks RENAME TO _alembic_tmp_key_tasks")
    raw.close()
    assert_opens_with_its_data(old_file)
