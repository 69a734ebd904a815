"""A PostgreSQL server as the report database: the migrations on the server against the models, a newer
revision refused, the largest amount, passwords never in the URL, the driver missing, read-only."""
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from models.database import open_database
from models.errors import ReadOnlyError, SchemaTooNewError, StorageError
from models.schema_version import HEAD_REVISION

ROOT = Path(__file__).resolve().parents[1]


def test_the_migration_chain_on_the_server_gives_the_models_tables(pg_db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from models.schema import Base

    db = open_database(pg_db)
    try:
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
            differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                           Base.metadata)
            # every amount column is BIGINT there (1 万亿 in hundredths needs more than 32 bits)
            kinds = dict(connection.execute(text(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema()")).all())
    finally:
        db.close()
    assert differences == []
    for column in ("budget_lines.initial", "budget_lines.adjustment", "budget_lines.actual",
                   "indicators.weight", "funding_rows.adjusted", "funding_rows.actual"):
        assert kinds[column] == "bigint", column
    assert kinds["reports.row_version"] == "integer"


def test_the_largest_amount_is_kept_to_the_cent(pg_db):
    from models.money import MAX_AMOUNT
    from models.sample import install_sample
    from models.services import set_field
    from models.views import load_budget

    largest = MAX_AMOUNT - Decimal("0.01")  # 999 999 999 999.99: 10^14 hundredths would not fit an INTEGER
    db = open_database(pg_db)
    try:
        report_id = install_sample(db)
        leaf = next(row for row in load_budget(db, report_id) if not row.is_parent)
        set_field(db, "budget", leaf.id, "actual", str(largest))
        set_field(db, "budget", leaf.id, "initial", str(-largest))
        again = next(row for row in load_budget(db, report_id) if row.id == leaf.id)
    finally:
        db.close()
    assert again.actual == largest and again.initial == -largest


def test_a_newer_revision_on_the_server_is_refused(pg_db):
    open_database(pg_db).close()
    db = open_database(pg_db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    db.close()
    for read_only in (False, True):
        with pytest.raises(SchemaTooNewError, match="更新版本的程序.*0099_future"):
            open_database(pg_db, read_only=read_only)


def test_an_empty_database_is_refused_for_reading_and_another_programs_database_always(pg_db, pg_server):
    with pytest.raises(StorageError, match="是空的"):
        open_database(pg_db, read_only=True)
    import psycopg

    with psycopg.connect(pg_db, autocommit=True) as connection:
        connection.execute("CREATE TABLE customers (id integer)")
    with pytest.raises(StorageError, match="其他程序的数据表"):
        open_database(pg_db)


def test_a_read_only_opening_cannot_write_even_through_the_server(pg_db):
    from models.sample import install_sample
    from models.services import set_report_field

    db = open_database(pg_db)
    report_id = install_sample(db)
    db.close()
    db = open_database(pg_db, read_only=True)
    try:
        with pytest.raises(ReadOnlyError):
            set_report_field(db, report_id, "title", "改")
        with pytest.raises(Exception, match="read-only"):  # the server itself refuses, not only the program
            with db.engine.begin() as connection:
                connection.execute(text("UPDATE reports SET title = 'x'"))
    finally:
        db.close()


def test_a_password_in_the_url_is_refused_and_never_shown(pg_server):
    url = f"postgresql://jixiao:s3cret@127.0.0.1:{pg_server.port}/postgres"
    with pytest.raises(StorageError) as refused:
        open_database(url)
    assert "s3cret" not in refused.value.message and ".pgpass" in refused.value.message
    with pytest.raises(StorageError, match="含有密码"):
        open_database(f"postgresql://jixiao@127.0.0.1:{pg_server.port}/postgres?password=s3cret")
    done = subprocess.run([sys.executable, "main.py", "list", "--db", url], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and "s3cret" not in done.stderr and "含有密码" in done.stderr


def _clerk(pg_server, database_url):
    """A role that needs its password (scram-sha-256), like a real server's user."""
    import psycopg

    with psycopg.connect(pg_server.url, autocommit=True) as connection:
        connection.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clerk') THEN "
                           "CREATE ROLE clerk LOGIN PASSWORD 'pa55word'; END IF; END $$")
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("GRANT ALL ON SCHEMA public TO clerk")
    with psycopg.connect(pg_server.url, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" OWNER TO clerk')
    return f"postgresql://clerk@127.0.0.1:{pg_server.port}/{name}"


def test_the_password_comes_from_pgpass_or_pgpassword(pg_server, pg_db, tmp_path, monkeypatch):
    url = _clerk(pg_server, pg_db)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(StorageError, match="拒绝了用户 clerk 的登录.*pgpass"):
        open_database(url)
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:clerk:pa55word\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    db = open_database(url)
    db.close()
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setenv("PGPASSWORD", "pa55word")
    done = subprocess.run([sys.executable, "main.py", "demo", "--db", url], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_without_psycopg_a_server_url_names_the_extra_to_install(pg_server, tmp_path):
    code = ("import sys; sys.modules['psycopg'] = None; import main; "
            f"sys.exit(main.main(['list', '--db', '{pg_server.url}']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "JIXIAO_DATA_DIR": str(tmp_path)})
    assert done.returncode == 1
    assert "pip install -e .[server]" in done.stderr and "psycopg" in done.stderr


def test_a_server_that_is_not_there_is_named_in_chinese(pg_server):
    from tools.pg_throwaway import _free_port

    with pytest.raises(StorageError, match="无法连接到服务器 jixiao@127.0.0.1"):
        open_database(f"postgresql://jixiao@127.0.0.1:{_free_port()}/postgres?connect_timeout=3")
    with pytest.raises(StorageError, match="没有数据库“nowhere”"):
        open_database(f"postgresql://jixiao@127.0.0.1:{pg_server.port}/nowhere")


def test_an_address_is_shown_without_password_and_survives_a_path():
    from models.server import is_server_url, parse_url, safe_display

    address = parse_url(str(Path("postgresql://clerk@db.example:5433/reports")))  # Path folds the //
    assert (address.user, address.host, address.port, address.dbname) == ("clerk", "db.example", 5433, "reports")
    assert address.display == "clerk@db.example:5433/reports"
    assert is_server_url("postgres://x@h/d") and not is_server_url("/tmp/reports.db")
    assert safe_display("postgresql://a:b@h/d") == "postgresql://a:***@h/d"


def test_a_server_database_of_an_older_revision_is_upgraded_with_its_rows(pg_db):
    """The chain step by step: a database left at 0003 (before forms, row versions, BIGINT amounts)
    with a report in it is brought to the head in one go, its rows kept."""
    from alembic import command
    from alembic.config import Config

    import models.database as database

    db = database.Database(server=__import__("models.server", fromlist=["parse_url"]).parse_url(pg_db))
    try:
        config = Config()
        config.set_main_option("script_location", str(ROOT / "models" / "migrations"))
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0003_versions")
            connection.execute(text(
                "INSERT INTO reports (title, year, department, amount_unit, status, is_sample, created_at, updated_at,"
                " goals, org_setup, duties, operation, performance, problems, improvements, result_application,"
                " result_disclosure, preparer, phone, finance_head, unit_head, fill_date) VALUES ('t', 2023, '某局',"
                " '万元', 'draft', false, now(), now(), '', '', '', '', '', '', '', '', '', '', '', '', '', '')"))
            connection.execute(text("INSERT INTO budget_lines (report_id, position, name, actual) "
                                    "VALUES (1, 0, '基本支出', 2000000000)"))
    finally:
        db.close()
    db = open_database(pg_db)
    try:
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
            row = connection.execute(text("SELECT form, row_version FROM reports")).one()
        assert tuple(row) == ("suzhou", 1)
        from models.services import set_field
        from models.views import load_budget
        line = load_budget(db, 1)[0]
        assert line.actual == Decimal("20000000.00")
        set_field(db, "budget", line.id, "actual", "900000000000.00")  # past 32 bits now that it is BIGINT
        assert load_budget(db, 1)[0].actual == Decimal("900000000000.00")
    finally:
        db.close()


def test_a_service_file_names_the_server(pg_server, pg_db, tmp_path, monkeypatch):
    name = pg_db.rsplit("/", 1)[1]
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[reports]\nhost=127.0.0.1\nport={pg_server.port}\nuser=jixiao\ndbname={name}\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    db = open_database("postgresql://?service=reports")
    try:
        assert db.name == "service=reports"
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT current_database()")).scalar() == name
    finally:
        db.close()


def test_a_server_gone_after_opening_is_said_in_chinese(pg_db, pg_server):
    import psycopg

    from models.sample import install_sample
    from models.views import list_reports

    db = open_database(pg_db)
    try:
        install_sample(db)
        name = pg_db.rsplit("/", 1)[1]
        with psycopg.connect(pg_server.url, autocommit=True) as admin:  # the administrator cuts every session
            admin.execute("ALTER DATABASE " + f'"{name}"' + " ALLOW_CONNECTIONS false")
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        with pytest.raises(StorageError, match=f"服务器 jixiao@127.0.0.1:{pg_server.port}/{name}"):
            list_reports(db)
    finally:
        db.close()
