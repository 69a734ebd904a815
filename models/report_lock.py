"""One editor per report on a shared server: a row of `report_locks` (holder's user, machine, process,
a token for this opening, since when, a heartbeat). The editor renews the heartbeat every
HEARTBEAT_SECONDS (`ReportLock.heartbeat()`, from a timer); a lock whose heartbeat is older than
STALE_SECONDS belongs to a program that crashed or lost its network, and the next opening takes it
over. Times are the server's clock (machines' clocks differ), read in the same transaction.

A file keeps its file lock (models/lock.py): there one program writes at a time anyway.
"""
from __future__ import annotations

import getpass
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from models.errors import StorageError

if TYPE_CHECKING:
    from models.database import Database

HEARTBEAT_SECONDS = 20
STALE_SECONDS = 60


@dataclass(frozen=True)
class Holder:
    """Who holds a report's lock."""

    user: str
    host: str
    pid: int
    since: datetime
    heartbeat: datetime

    def describe(self) -> str:
        return f"{self.user}@{self.host}（进程 {self.pid}，自 {self.since:%H:%M} 起）"

    def read_only_message(self) -> str:
        return f"报告正由 {self.describe()}编辑，以只读方式打开"


def me() -> tuple[str, str, int]:
    """This program's user, machine and process."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        user = str(os.getuid()) if hasattr(os, "getuid") else "?"
    return user[:128], socket.gethostname()[:255], os.getpid()


def server_now(connection) -> datetime:
    """The server's clock (a file's: this machine's)."""
    if connection.dialect.name == "postgresql":
        return connection.exec_driver_sql("SELECT LOCALTIMESTAMP").scalar()
    return datetime.now()


class ReportLock:
    """A report lock this program holds; `heartbeat()` keeps it, `release()` gives it back."""

    def __init__(self, db: Database, report_id: int, token: str):
        self.db, self.report_id, self.token = db, report_id, token
        self.held = True

    def heartbeat(self) -> bool:
        """Renew the heartbeat; False when the lock is no longer ours (taken over after our heartbeat
        ran out, or the report deleted): the editor must then stop writing (read-only)."""
        if not self.held:
            return False
        from sqlalchemy import update

        from models.tables import report_locks

        try:
            with self.db.engine.begin() as connection:
                now = server_now(connection)
                result = connection.execute(update(report_locks).where(
                    report_locks.c.report_id == self.report_id, report_locks.c.token == self.token)
                    .values(heartbeat=now))
        except self.db.backend.errors as error:
            raise self.db.backend.error(error, writing=False) from None  # no edit of the user's was lost
        if result.rowcount != 1:
            self._forget()
            return False
        return True

    def holder(self) -> Holder | None:
        return current_holder(self.db, self.report_id)

    def release(self) -> None:
        if not self.held:
            return
        from sqlalchemy import delete

        from models.tables import report_locks

        self._forget()
        try:
            with self.db.engine.begin() as connection:
                connection.execute(delete(report_locks).where(
                    report_locks.c.report_id == self.report_id, report_locks.c.token == self.token))
        except self.db.backend.errors as error:
            raise self.db.backend.error(error, writing=False) from None  # no edit of the user's was lost

    def _forget(self) -> None:
        self.held = False
        if self in self.db.report_locks:
            self.db.report_locks.remove(self)


def current_holder(db: Database, report_id: int) -> Holder | None:
    from sqlalchemy import select

    from models.tables import report_locks

    with db.connect() as connection:
        row = connection.execute(select(report_locks).where(report_locks.c.report_id == report_id)).first()
    if row is None:
        return None
    return Holder(row.holder_user, row.holder_host, row.holder_pid, row.since, row.heartbeat)


def acquire_report_lock(db: Database, report_id: int, stale_after: int = STALE_SECONDS) -> ReportLock | Holder:
    """Take the report's lock: a ReportLock, or the Holder of a live lock held by another opening (the
    report is then opened read-only, the holder named). A lock whose heartbeat is older than
    `stale_after` seconds is taken over. The row version read here is the one the editor starts from."""
    from sqlalchemy import select

    from models.tables import report_locks, reports

    if db.read_only:
        raise StorageError(f"“{db.name}”是以只读方式打开的，不能编辑报告。")
    user, host, pid = me()
    token = uuid.uuid4().hex
    if db.is_server:
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    try:
        with db.engine.begin() as connection:
            now = server_now(connection)
            values = dict(report_id=report_id, holder_user=user, holder_host=host, holder_pid=pid, token=token,
                          since=now, heartbeat=now)
            statement = insert(report_locks).values(**values)
            statement = statement.on_conflict_do_update(
                index_elements=[report_locks.c.report_id],
                set_={name: statement.excluded[name] for name in values if name != "report_id"},
                where=report_locks.c.heartbeat < now - timedelta(seconds=stale_after))
            connection.execute(statement)
            row = connection.execute(select(report_locks).where(report_locks.c.report_id == report_id)).first()
            version = connection.execute(select(reports.c.row_version).where(reports.c.id == report_id)).scalar()
    except db.backend.errors as error:
        if "foreign key" in str(getattr(error, "orig", error)).lower():
            raise StorageError(f"找不到编号为 {report_id} 的报告（可能刚被其他人删除）。") from None
        raise db.backend.error(error, writing=False) from None
    if row is None or row.token != token:
        if row is None:
            raise StorageError(f"找不到编号为 {report_id} 的报告。")
        return Holder(row.holder_user, row.holder_host, row.holder_pid, row.since, row.heartbeat)
    if version is not None:
        db.seen_versions[report_id] = version
    lock = ReportLock(db, report_id, token)
    db.report_locks.append(lock)
    return lock


def watch_state(db: Database, report_id: int,
                stale_after: int = STALE_SECONDS) -> tuple[int | None, Holder | None, bool]:
    """For an editor showing the report read-only (another program holds it): the report's row version
    now (None: the report is gone), its lock's holder (None: nobody), and whether that holder's heartbeat
    is older than `stale_after` seconds by the server's clock — one read, no write."""
    from sqlalchemy import select

    from models.tables import report_locks, reports

    with db.connect() as connection:  # (a lost server: StorageError)
        now = server_now(connection)
        version = connection.execute(select(reports.c.row_version).where(reports.c.id == report_id)).scalar()
        row = connection.execute(select(report_locks).where(report_locks.c.report_id == report_id)).first()
    if row is None:
        return version, None, False
    holder = Holder(row.holder_user, row.holder_host, row.holder_pid, row.since, row.heartbeat)
    return version, holder, row.heartbeat < now - timedelta(seconds=stale_after)
