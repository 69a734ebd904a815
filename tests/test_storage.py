"""The database file: integer money, durability settings, migrations, refusal of strange files."""
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from models.database import open_database
from models.errors import SchemaTooNewError, StorageError
from models.schema import Base
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS
from models.services import create_report
from models.views import list_reports, load_report

FIXTURES = Path(__file__).parent / "fixtures"


def test_amounts_are_integers_in_sqlite(sample):
    db, _ = sample
    with sqlite3.connect(db.path) as raw:
        rows = raw.execute("SELECT name, typeof(initial), initial, adjustment FROM budget_lines "
                           "WHERE initial IS NOT NULL").fetchall()
    assert rows and all(kind == "integer" for _name, kind, _i, _a in rows)
    by_name = {name: (initial, adjustment) for name, _k, initial, adjustment in rows}
    assert by_name["基本支出"] == (70881, 5646)
    assert by_name["全市便民服务人员业务技能培训"] == (1560, -315)


def test_connection_settings(db):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "delete"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_several_reports_in_one_file(sample):
    db, sample_id = sample
    other = create_report(db, 2023, "苏州市便民服务中心")
    third = create_report(db, "２０２３年", "另一个单位")
    listed = [(r.id, r.year, r.department) for r in list_reports(db)]
    assert listed == [(sample_id, 2022, "苏州市便民服务中心"), (third, 2023, "另一个单位"),
                      (other, 2023, "苏州市便民服务中心")]


def test_known_revisions_match_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent.parent / "models" / "migrations"))
    script = ScriptDirectory.from_config(config)
    revisions = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(revisions) == KNOWN_REVISIONS
    assert script.get_current_head() == HEAD_REVISION


def test_migrated_schema_equals_the_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_file_of_the_first_schema_opens_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", path)
    db = open_database(path, create=False)
    try:
        [summary] = list_reports(db)
        report = load_report(db, summary.id)
        assert report.department == "苏州市便民服务中心"
        assert len(report.budget) == 18 and len(report.tasks) == 14 and len(report.indicators) == 75
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    finally:
        db.close()


def _refused(path: Path, error_type=StorageError):
    before = path.read_bytes()
    with pytest.raises(error_type) as caught:
        open_database(path)
    assert path.read_bytes() == before
    return caught.value.message


def test_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库", encoding="utf-8")
    assert "不是绩效自评的数据文件" in _refused(path)


def test_truncated_database_is_refused_untouched(tmp_path):
    path = tmp_path / "cut.db"
    data = (FIXTURES / "schema_0001.db").read_bytes()
    path.write_bytes(data[:5000])
    message = _refused(path)
    assert "损坏" in message or "不是" in message


def test_other_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    raw.close()
    assert "其他程序" in _refused(path)


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    shutil.copy(FIXTURES / "schema_0001.db", path)
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0099_future'")
    raw.close()
    assert "更新版本" in _refused(path, SchemaTooNewError)


def test_missing_file_when_not_creating(tmp_path):
    with pytest.raises(StorageError, match="找不到文件"):
        open_database(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_first_schema_upgrade_backs_up_first_and_ids_are_never_reused(tmp_path):
    from models.backup import list_backups
    from models.services import add_row, remove_rows
    from models.views import load_tasks

    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", path)
    db = open_database(path)
    try:
        [backup] = list_backups(path)  # taken before the migration ran
        with sqlite3.connect(backup.path) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_initial"
        raw.close()
        report_id = list_reports(db)[0].id
        last = load_tasks(db, report_id)[-1].id
        remove_rows(db, "tasks", [last])
        assert add_row(db, "tasks", report_id, values={"name": "新"}) > last
    finally:
        db.close()
