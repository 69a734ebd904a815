"""Opening a report database file: checks, durability settings, migrations, one transaction per change."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from models.errors import SchemaTooNewError, StorageError
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS

_SQLITE_HEADER = b"SQLite format 3\x00"


class Database:
    """An open database file. Every change goes through `transaction()`: one commit per user action."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.engine = create_engine(f"sqlite:///{self.path}")
        event.listen(self.engine, "connect", _configure_connection)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end, or not at all."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _configure_connection(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # A rollback journal (not WAL) keeps the whole report in one file that can be copied, mailed
    # or kept on a network drive, and opens from a read-only folder. synchronous=FULL syncs the
    # journal and the file on every commit, so an edit acknowledged to the user survives a crash
    # or a power cut; one user edit per commit makes the cost of that negligible.
    cursor.execute("PRAGMA journal_mode = DELETE")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def open_database(path: str | Path, create: bool = True) -> Database:
    """Open (and if allowed create) a report file, bringing its schema up to date.

    Raises StorageError with a Chinese message for a missing file, a file that is not a
    database of this program, or one written by a newer version.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise StorageError(f"找不到文件：{path}")
        if not path.parent.exists():
            raise StorageError(f"文件夹不存在：{path.parent}")
    elif path.is_dir():
        raise StorageError(f"“{path}”是文件夹，不是报告数据文件")
    else:
        _check_header(path)
    revision = _read_revision(path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise SchemaTooNewError(
            f"文件“{path.name}”由更新版本的程序创建（结构版本 {revision}），请升级本程序后再打开。")
    db = Database(path)
    if revision != HEAD_REVISION:
        try:
            _upgrade(db)
        except Exception:
            db.close()
            raise
    return db


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise StorageError(f"无法读取文件“{path}”：{error.strerror or error}") from None
    if header and header != _SQLITE_HEADER:
        raise StorageError(f"“{path.name}”不是绩效自评的数据文件（不是 SQLite 数据库）。")


def _read_revision(path: Path) -> str | None:
    """The file's schema revision, read with plain sqlite3 so an up-to-date file needs no Alembic."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                if tables - {"sqlite_sequence"}:
                    raise StorageError(f"“{path.name}”是其他程序的数据库，不是绩效自评的数据文件。")
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StorageError(f"“{path.name}”已损坏或不是绩效自评的数据文件（{error}）。") from None


def _upgrade(db: Database) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with db.engine.connect() as connection:
        # Batch migrations rebuild tables; foreign keys are checked again once they are done.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.commit()
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.commit()
    if problems:
        raise StorageError(f"升级数据文件后发现 {len(problems)} 处数据引用不一致，已停止。")
