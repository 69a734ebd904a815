"""Opening a report database — a file (SQLite, the embedded default) or a PostgreSQL server
(`postgresql://USER@HOST[:PORT]/DBNAME`, see models/server.py): checks, one writer per file (a file
lock) or per report (models/report_lock.py on a server), a backup, durability settings, migrations,
and one transaction per change, each bumping the row version of the reports it changed."""
from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from models.errors import DamagedError, ReadOnlyError, SchemaTooNewError, StaleError, StorageError, VanishedError
from models.lock import FileLock
from models.paths import sqlite_uri
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS
from models.server import ServerAddress, is_server_url

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


class _FileBackend:
    """A database file: its path, whether it is still there, SQLite's errors in Chinese."""

    kind = "sqlite"

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.display = str(path)
        self.location = str(path)

    def make_engine(self, read_only: bool):
        engine = _engine(self.path, "ro" if read_only else "rwc")
        event.listen(engine, "connect", _configure_connection)
        return engine

    def before_write(self) -> None:
        if not self.path.exists():
            raise VanishedError(f"数据文件“{self.path}”已被移走或删除，修改没有保存。"
                                f"请用“文件 › 另存为”把当前内容保存到别处。")

    errors = (OperationalError,)

    def error(self, error, writing: bool | None = None) -> StorageError:
        return _storage_error(error, self.path)


class _ServerBackend:
    """A PostgreSQL database: its address (never a password), psycopg's connections, its errors in Chinese."""

    kind = "postgresql"
    path = None

    def __init__(self, address: ServerAddress):
        from sqlalchemy.exc import DBAPIError

        self.address = address
        self.name = self.display = address.display
        self.location = address.url
        self.errors = (DBAPIError,)
        self.read_only = False  # set by Database: a read-only opening's failures never say "修改没有保存"

    def make_engine(self, read_only: bool):
        return server_engine(self.address, read_only)

    def before_write(self) -> None:
        pass

    def error(self, error, writing: bool | None = None) -> StorageError:
        """The error in Chinese; `writing` (default: unless opened read-only) whether a change failed."""
        from models.server import server_error
        return server_error(error, self.address, writing=not self.read_only if writing is None else writing)


def server_engine(address: ServerAddress, read_only: bool = False, pool=None):
    """An engine on the server through psycopg 3 (StorageError naming the extra when it is missing).
    A read-only engine's transactions are read-only on the server itself."""
    from models.server import require_driver

    require_driver()
    import psycopg
    from sqlalchemy.pool import QueuePool

    kwargs = address.connect_kwargs()
    if read_only:
        kwargs["options"] = (kwargs.get("options", "") + " -c default_transaction_read_only=on").strip()
    return create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(**kwargs),
                         poolclass=pool or QueuePool, pool_pre_ping=True)


class Database:
    """An open database (a file or a server). Every change goes through `transaction()`: one commit per
    user action, which also counts up `reports.row_version` of each report it changed."""

    def __init__(self, path: Path | None = None, read_only: bool = False, lock: FileLock | None = None,
                 server: ServerAddress | None = None):
        self.backend = _ServerBackend(server) if server is not None else _FileBackend(Path(path))
        self.path = self.backend.path          # None on a server
        self.read_only = read_only
        self.backend.read_only = read_only
        self._lock = lock
        self.engine = self.backend.make_engine(read_only)
        self._session_factory = None
        # report id -> the row version this program last read or wrote: a write finding another
        # number there raises StaleError instead of overwriting a change made elsewhere.
        self.seen_versions: dict[int, int] = {}
        self.report_locks: list = []            # models.report_lock.ReportLock held through this database
        # report id -> why it is shown read-only (another program holds its lock): a change is refused
        self.read_only_reports: dict[int, str] = {}
        self.on_stale = None                    # called with the report id after a StaleError (the editor reloads)

    @property
    def is_server(self) -> bool:
        return self.backend.kind == "postgresql"

    @property
    def name(self) -> str:
        """The file's name, or USER@HOST:PORT/DB: for messages and the window title."""
        return self.backend.name

    @property
    def display(self) -> str:
        """The file's full path, or USER@HOST:PORT/DB (never a password)."""
        return self.backend.display

    @property
    def location(self) -> str:
        """What opens this database again: the file's path, or the server's URL without a password."""
        return self.backend.location

    @property
    def _sessions(self):
        """ORM sessions, for the services; made (and the ORM loaded) when first needed."""
        if self._session_factory is None:
            from sqlalchemy.orm import sessionmaker
            self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
            event.listen(self._session_factory, "before_flush", _note_touched_reports)
        return self._session_factory

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end, or not at all. The reports it
        changed get their row version counted up in the same transaction; a report whose version is
        not the one this program last saw raises StaleError (nothing is saved)."""
        if self.read_only:
            raise ReadOnlyError(f"“{self.name}”是以只读方式打开的，不能修改。")
        self.backend.before_write()
        bumped: dict[int, int] = {}
        try:
            with self._sessions.begin() as session:
                yield session
                session.flush()
                bumped = self._bump_versions(session, session.info.pop("touched_reports", set()))
        except self.backend.errors as error:
            raise self.backend.error(error) from None
        except StaleError as error:
            if self.on_stale is not None and error.report_id is not None:
                self.on_stale(error.report_id)
            raise
        self.seen_versions.update(bumped)

    def _bump_versions(self, session, touched: set[int]) -> dict[int, int]:
        from sqlalchemy import select, update

        from models.tables import reports

        bumped = {}
        if self.is_server and touched:
            self._refuse_reports_held_elsewhere(session, touched)
        for report_id in sorted(touched):
            if report_id in self.read_only_reports:
                raise ReadOnlyError(f"{self.read_only_reports[report_id]}，不能修改。")
            statement = update(reports).where(reports.c.id == report_id)
            seen = self.seen_versions.get(report_id)
            if seen is not None:
                statement = statement.where(reports.c.row_version == seen)
            new = session.execute(statement.values(row_version=reports.c.row_version + 1)
                                  .returning(reports.c.row_version)).scalar()
            if new is None:
                current = session.execute(select(reports.c.row_version).where(reports.c.id == report_id)).scalar()
                if current is None:
                    continue  # the report was deleted by this very change
                self.seen_versions[report_id] = current  # the editor reloads: its next change starts from here
                raise StaleError(f"报告（编号 {report_id}）已被其他人修改（版本 {seen} → {current}），"
                                 f"本次修改没有保存。请重新载入报告后再修改。", report_id)
            bumped[report_id] = new
        return bumped

    def _refuse_reports_held_elsewhere(self, session, touched: set[int]) -> None:
        """On a server: a report whose lock another program holds (its heartbeat live) is not changed
        by this one — not by a command, nor by an editor whose own lock was taken over meanwhile."""
        from sqlalchemy import select

        from models.report_lock import STALE_SECONDS, Holder
        from models.tables import report_locks

        mine = {lock.token for lock in self.report_locks if lock.held}
        rows = session.execute(select(report_locks).where(
            report_locks.c.report_id.in_(sorted(touched)),
            report_locks.c.heartbeat >= text(f"LOCALTIMESTAMP - interval '{STALE_SECONDS} seconds'"))).all()
        for row in rows:
            if row.token not in mine:
                holder = Holder(row.holder_user, row.holder_host, row.holder_pid, row.since, row.heartbeat)
                raise StaleError(f"报告正由 {holder.describe()}编辑，本次修改没有保存。", row.report_id)

    def remember_version(self, report_id: int) -> int | None:
        """Read the report's row version now and take it as the one this program has seen (opening
        or reloading a report in the editor); None when the report is not there."""
        from sqlalchemy import select

        from models.tables import reports

        with self.connect() as connection:
            version = connection.execute(select(reports.c.row_version).where(reports.c.id == report_id)).scalar()
        if version is None:
            self.seen_versions.pop(report_id, None)
        else:
            self.seen_versions[report_id] = version
        return version

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """An ORM session for reading only."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain (Core) connection for reading only: what `models.views` reads through. On a server a
        lost connection or a refusal is said in Chinese (StorageError)."""
        if not self.is_server:
            with self.engine.connect() as connection:
                yield connection
            return
        try:
            with self.engine.connect() as connection:
                yield connection
        except self.backend.errors as error:
            raise self.backend.error(error, writing=False) from None  # a read: nothing was being changed

    def save_copy(self, target: str | Path) -> None:
        """Write the whole content, as this connection sees it, to another file (atomically); from a
        server, a portable SQLite file holding every report."""
        if self.is_server:
            from models.backup import export_reports
            export_reports(self, Path(target))
            return
        from models.backup import copy_database
        from models.paths import refuse_database_target

        refuse_database_target(target, self.path)  # 另存为 onto the file itself would replace it mid-use
        raw = self.engine.raw_connection()
        try:
            copy_database(raw.driver_connection, Path(target))
        finally:
            raw.close()

    def close(self) -> None:
        for report_lock in list(self.report_locks):
            try:
                report_lock.release()
            except StorageError:
                pass  # the server is gone: the lock's heartbeat runs out by itself
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _note_touched_reports(session, _context, _instances) -> None:
    """Before each flush: the reports whose rows this change adds, alters or deletes (a report added
    by it starts at version 1 and is not counted)."""
    from models.schema import Report

    touched = session.info.setdefault("touched_reports", set())
    for instance in (*session.dirty, *session.deleted):
        report_id = instance.id if isinstance(instance, Report) else getattr(instance, "report_id", None)
        if report_id is not None:
            touched.add(report_id)
    for instance in session.new:
        if not isinstance(instance, Report) and getattr(instance, "report_id", None) is not None:
            touched.add(instance.report_id)


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
    """Open (and if allowed create) a report file, or a database on a PostgreSQL server given by its
    URL, bringing its schema up to date.

    Writers of a file take the file's lock and make a backup first; `read_only` opens without either.
    On a server the editor locks each report it edits (models.report_lock); the server's own backups
    apply (and `backup --db URL`). Raises StorageError (or a subclass) with a Chinese message and a
    way forward; the file or database is never modified when opening fails.
    """
    if is_server_url(str(path)):
        return _open_server(str(path), create, read_only)
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


def _open_server(url: str, create: bool, read_only: bool) -> Database:
    from models.server import parse_url

    address = parse_url(url)
    db = Database(server=address, read_only=read_only)
    try:
        revision = _server_revision(db)
        if revision is None and (not create or read_only):
            raise StorageError(f"服务器数据库“{address.display}”是空的，还没有绩效自评的数据"
                               f"（可以先用 import 或 demo 命令写入报告）。")
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise SchemaTooNewError(f"服务器数据库“{address.display}”由更新版本的程序创建（结构版本 {revision}），"
                                    f"请升级本程序后再打开。")
        if revision != HEAD_REVISION:
            if read_only:
                raise StorageError(f"服务器数据库“{address.display}”需要升级结构后才能打开，而它是以只读方式打开的。"
                                   f"请以可写方式打开一次（或运行 python main.py backup --db 该地址）。")
            _upgrade_server(db)
        return db
    except BaseException as error:
        db.close()
        if isinstance(error, db.backend.errors):
            raise db.backend.error(error) from None
        raise


def _server_tables(connection) -> set[str]:
    return {row[0] for row in connection.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}


def _server_revision(db: Database) -> str | None:
    """The revision recorded on the server; None for an empty database. StorageError for another
    program's tables, or for ours without the record."""
    with db.engine.connect() as connection:
        names = _server_tables(connection)
        if "alembic_version" not in names:
            if names:
                raise StorageError(f"服务器数据库“{db.name}”中已有其他程序的数据表，不是绩效自评的数据库。"
                                   f"请为绩效自评单独建一个数据库。")
            return None
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    if row is None:
        raise DamagedError(f"服务器数据库“{db.name}”缺少结构版本记录（alembic_version 表是空的），无法确定如何读取。"
                           f"请联系服务器管理员，或用 restore 命令从备份文件恢复。")
    return row[0]


_MIGRATION_LOCK = 2020051  # pg_advisory_xact_lock key: two programs upgrading one database take turns


def _upgrade_server(db: Database) -> None:
    """Create or upgrade the schema on the server in ONE transaction (PostgreSQL's DDL is transactional):
    all migrations and the revision record commit together, or nothing does."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        names = _server_tables(connection)
        if "alembic_version" in names:
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            if row is not None and row[0] == HEAD_REVISION:
                return  # another program did it while we waited
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


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
