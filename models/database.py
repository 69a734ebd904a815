"""Opening a report database file: checks, one writer, a backup, durability settings, migrations,
and one transaction per change."""
from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from models.errors import DamagedError, ReadOnlyError, SchemaTooNewError, StorageError, VanishedError
from models.lock import FileLock
from models.paths import sqlite_uri
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_SQLITE_HEADER = b"SQLite format 3\x00"
WAY_FORWARD = "可以从备份恢复（文件 › 从备份恢复，或 python main.py restore），或选择其他文件。"
_TMP_PREFIX = "_alembic_tmp_"  # the table a batch migration copies into before it swaps


class RecoveryNeededError(StorageError):
    """A write was interrupted (a crash, a power cut) and the file cannot be written to finish it.
    The file is sound: opened where it can be written, SQLite completes the recovery by itself."""


def _recovery_needed(path: Path) -> RecoveryNeededError:
    return RecoveryNeededError(
        f"“{path.name}”上次写入时程序意外中断，旁边的“{path.name}-journal”记录着中断前的状态，"
        f"需要在可写的位置打开一次才能自动恢复（不会丢失已保存的修改）。请让文件可写，或把这两个文件一起复制到"
        f"可写的文件夹后再打开；不要删除 -journal 文件，也不要从备份恢复。")


def _engine(path: Path, mode: str):
    """An engine whose connections open `path` itself, through an escaped URI (a `#`, `?` or `%` in a
    name must not cut the name short or be read as an option)."""
    from sqlalchemy.pool import QueuePool

    uri = sqlite_uri(path, mode)
    # check_same_thread off, as SQLAlchemy does for a file: the check runs on a worker thread.
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                         poolclass=QueuePool)


class Database:
    """An open database file. Every change goes through `transaction()`: one commit per user action."""

    def __init__(self, path: Path, read_only: bool = False, lock: FileLock | None = None):
        self.path = Path(path)
        self.read_only = read_only
        self._lock = lock
        self.engine = _engine(self.path, "ro" if read_only else "rwc")
        event.listen(self.engine, "connect", _configure_connection)
        self._session_factory = None

    @property
    def _sessions(self):
        """ORM sessions, for the services; made (and the ORM loaded) when first needed."""
        if self._session_factory is None:
            from sqlalchemy.orm import sessionmaker
            self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._session_factory

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end, or not at all."""
        if self.read_only:
            raise ReadOnlyError(f"“{self.path.name}”是以只读方式打开的，不能修改。")
        if not self.path.exists():
            raise VanishedError(f"数据文件“{self.path}”已被移走或删除，修改没有保存。"
                                f"请用“文件 › 另存为”把当前内容保存到别处。")
        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as error:
            raise _storage_error(error, self.path) from None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """An ORM session for reading only."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain (Core) connection for reading only: what `models.views` reads through."""
        with self.engine.connect() as connection:
            yield connection

    def save_copy(self, target: str | Path) -> None:
        """Write the whole content, as this connection sees it, to another file (atomically)."""
        from models.backup import copy_database
        from models.paths import refuse_database_target

        refuse_database_target(target, self.path)  # 另存为 onto the file itself would replace it mid-use
        raw = self.engine.raw_connection()
        try:
            copy_database(raw.driver_connection, Path(target))
        finally:
            raw.close()

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _storage_error(error: OperationalError, path: Path) -> StorageError:
    text = str(error.orig).lower()
    if "readonly" in text or "read-only" in text:
        return ReadOnlyError(f"无法写入“{path.name}”：文件或文件夹是只读的。修改没有保存。")
    if "disk is full" in text or "full" in text:
        return StorageError(f"磁盘空间不足，修改没有保存（“{path.name}”保持原样）。")
    if "locked" in text or "busy" in text:
        return StorageError(f"“{path.name}”正被其他程序占用，修改没有保存，请稍后重试。")
    return StorageError(f"无法写入“{path.name}”：{error.orig}。修改没有保存。")


def _configure_connection(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # A rollback journal (not WAL) keeps the whole report in one file that can be copied, mailed
    # or kept on a network drive, and opens from a read-only folder. synchronous=FULL syncs the
    # journal and the file on every commit, so an edit acknowledged to the user survives a crash
    # or a power cut; one user edit per commit makes the cost of that negligible.
    try:
        cursor.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError:
        pass  # a read-only connection cannot change the journal mode; it has nothing to journal
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def writable(path: Path) -> bool:
    """Whether the file and its folder (for the journal) can be written."""
    folder = path.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def open_database(path: str | Path, create: bool = True, read_only: bool = False, lock: bool = True,
                  backup: bool = True) -> Database:
    """Open (and if allowed create) a report file, bringing its schema up to date.

    Writers take the file's lock and make a backup first; `read_only` opens without either.
    Raises StorageError (or a subclass) with a Chinese message and a way forward; the file is never
    modified when opening fails.
    """
    path = Path(path)
    try:
        kind = os.stat(path).st_mode
    except FileNotFoundError:
        kind = None
    except (OSError, ValueError) as error:
        raise StorageError(f"无法访问文件“{path}”：{getattr(error, 'strerror', None) or error}") from None
    if kind is None:
        if not create or read_only:
            raise StorageError(f"找不到文件：{path}")
        if not path.parent.exists():
            raise StorageError(f"文件夹不存在：{path.parent}")
    elif stat.S_ISDIR(kind):
        raise StorageError(f"“{path}”是文件夹，不是报告数据文件")
    elif not stat.S_ISREG(kind):  # a device, a FIFO (reading one would wait forever), a socket
        raise StorageError(f"“{path}”不是普通文件，不能作为报告数据文件。请选择其他文件。")
    else:
        _check_header(path)
        recover_hot_journal(path)
    if not read_only and not writable(path):
        raise ReadOnlyError(f"“{path.name}”或其所在文件夹是只读的，不能修改。可以以只读方式打开查看和导出，"
                            f"或把文件复制到可写的位置后再打开。")
    revision = _read_revision(path)
    if revision is None and kind is not None and (not create or read_only):
        raise StorageError(f"“{path.name}”是空文件或空数据库，不是绩效自评的数据文件。请选择其他文件。")
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise SchemaTooNewError(
            f"文件“{path.name}”由更新版本的程序创建（结构版本 {revision}），请升级本程序后再打开。")
    if read_only:
        if revision != HEAD_REVISION:
            raise StorageError(f"“{path.name}”需要升级结构后才能打开，而它是只读的。请把文件复制到可写的位置。")
        return Database(path, read_only=True)
    file_lock = FileLock(path) if lock else None
    if file_lock is not None:
        file_lock.acquire()
    try:
        if backup and path.exists() and path.stat().st_size > 0:
            from models.backup import make_backup
            make_backup(path)
        db = Database(path, lock=file_lock)
        if revision != HEAD_REVISION:
            try:
                _upgrade(db)
            except Exception:
                db.close()
                raise
        return db
    except BaseException:
        if file_lock is not None:
            file_lock.release()
        raise


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise StorageError(f"无法读取文件“{path}”：{error.strerror or error}") from None
    if header and header != _SQLITE_HEADER:
        raise StorageError(f"“{path.name}”不是绩效自评的数据文件（不是 SQLite 数据库）。请选择其他文件。")


def _read_revision(path: Path) -> str | None:
    """The file's schema revision, read with plain sqlite3 (read-only) so an up-to-date file needs
    no Alembic; a damaged file is recognised here, before anything writes to it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
        try:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in names:
                if {name for name in names if not name.startswith("sqlite_")}:
                    raise StorageError(f"“{path.name}”是其他程序的数据库，不是绩效自评的数据文件。请选择其他文件。")
                return None
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise DamagedError(f"“{path.name}”已损坏（完整性检查未通过）。{WAY_FORWARD}")  # SQLite's English report: no help
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            from models.structure import check_tables, revision_without_record
            revision = row[0] if row else revision_without_record(connection, path)
            check_tables(names, revision, path)
            return revision
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
            raise _recovery_needed(path) from None
        if getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise StorageError(f"“{path.name}”正被其他程序写入，请稍后重试。") from None
        raise DamagedError(f"“{path.name}”已损坏或不是绩效自评的数据文件。{WAY_FORWARD}") from None


def recover_hot_journal(path: Path) -> None:
    """Finish the recovery from an interrupted write before anything reads the file.

    A crash in the middle of a commit leaves `FILE-journal` (a "hot journal") beside the file. A
    read-write connection rolls it back on its first read, restoring the last committed state; a
    read-only one cannot, and SQLite refuses it — which must never be mistaken for damage, since a
    restore from a backup would then throw away every edit made since that backup."""
    journal = path.with_name(path.name + "-journal")
    try:
        if os.stat(journal).st_size == 0:
            return
    except OSError:
        return
    if not writable(path):
        raise _recovery_needed(path)
    try:
        connection = sqlite3.connect(sqlite_uri(path, "rw"), uri=True, timeout=5)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        pass  # what is wrong with the file is found, and said, by the checks that follow


def _upgrade(db: Database) -> None:
    """Bring the schema up to date in ONE transaction: all migrations and the bookkeeping commit
    together, or nothing does. pysqlite opens no transaction before DDL (a batch migration's first
    CREATE TABLE would commit on its own), so its transaction handling is switched off and the
    transaction is begun explicitly. A file left half-way by an older version (a committed
    `_alembic_tmp_*` table, the revision still old) is repaired inside the same transaction."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy.pool import NullPool

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    uri = sqlite_uri(db.path, "rwc")  # a new file is created by its first schema

    def connect():
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        # Batch migrations rebuild tables; foreign keys are checked once they are done. (The pragma
        # is a no-op inside a transaction, hence here, before BEGIN.)
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA busy_timeout = 5000")
        return connection

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
    event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    try:
        with engine.begin() as connection:
            _finish_interrupted_batch(connection)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StorageError(f"升级数据文件后发现 {len(problems)} 处数据引用不一致，已停止，文件保持原样。")
    except OperationalError as error:
        raise _upgrade_error(error, db.path) from None
    finally:
        engine.dispose()


def _finish_interrupted_batch(connection: Connection) -> None:
    """A `_alembic_tmp_X` table left committed by an interrupted batch migration: dropped when `X`
    is still there (X holds the data), renamed to `X` when X was already dropped."""
    tables = {row[0] for row in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name in sorted(tables):
        if name.startswith(_TMP_PREFIX):
            original = name[len(_TMP_PREFIX):]
            if original in tables:
                connection.exec_driver_sql(f'DROP TABLE "{name}"')
            else:
                connection.exec_driver_sql(f'ALTER TABLE "{name}" RENAME TO "{original}"')


def _upgrade_error(error: OperationalError, path: Path) -> StorageError:
    text = str(error.orig).lower()
    if "full" in text:
        return StorageError(f"磁盘空间不足，无法升级“{path.name}”的结构；文件保持原样。请腾出空间后再打开。")
    return StorageError(f"无法升级“{path.name}”的结构（{error.orig}）；文件保持原样。")
