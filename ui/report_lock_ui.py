"""The editor's side of a shared server: the open report's lock (taken when a report is opened, its
heartbeat renewed every 20 s by a timer, given back when another report or file is opened), the
report shown read-only with its holder named when another program edits it, and a change refused
because the report was changed elsewhere (StaleError): the report is read again and the user told.

While a report is shown read-only because another program holds it, the same timer watches it: a
change stored there (its row version moved) is read again (the tab and the current cell kept), and a
holder whose heartbeat is older than the stale limit (its program crashed) is taken over — the report
turns editable. JIXIAO_HEARTBEAT_MS (or `keeper.interval_ms`) shortens the 20 s for tests.

A file keeps its file lock (one program writes the whole file): nothing here applies to it.
"""
from __future__ import annotations

import os
from datetime import datetime

from PySide6.QtCore import QObject, QTimer

from models.errors import StorageError

RELOADED = "报告已被其他人修改，已重新载入"
LOST = "报告已由其他程序接手编辑（本程序的心跳超过一分钟未更新），现以只读方式显示"
CHANGED = "已载入其他人的修改"
INTERVAL_ENV = "JIXIAO_HEARTBEAT_MS"


def taken_over(holder) -> str:
    """The status line when a crashed holder's lock was taken over (holder None: it had let go)."""
    if holder is None:
        return "报告已不再由其他程序编辑，现由本程序编辑"
    return f"报告原由 {holder.describe()}编辑的程序已无响应，现由本程序编辑"


def _who(holder) -> tuple | None:
    """A holder without its heartbeat (which moves every 20 s)."""
    return None if holder is None else (holder.user, holder.host, holder.pid, holder.since)


class ReportLockKeeper(QObject):
    """Owned by the main window: `take(report_id)` before a report is shown, `let_go()` when it is not."""

    def __init__(self, window):
        super().__init__(window)
        from models.report_lock import HEARTBEAT_SECONDS

        self.window = window
        self.lock = None
        self.message: str | None = None   # why the open report is read-only (its holder), or None
        self.watched = None               # (db, report_id, holder): the report shown read-only, watched
        self.timer = QTimer(self)
        self.timer.setInterval(int(os.environ.get(INTERVAL_ENV) or HEARTBEAT_SECONDS * 1000))
        self.timer.timeout.connect(self.heartbeat)

    @property
    def interval_ms(self) -> int:
        """How often the heartbeat is renewed and a read-only report looked at (20 s)."""
        return self.timer.interval()

    @interval_ms.setter
    def interval_ms(self, value: int) -> None:
        self.timer.setInterval(int(value))

    def watch(self, db) -> None:
        """A database was opened: a stale change there reloads the report."""
        db.on_stale = lambda report_id: QTimer.singleShot(0, lambda: self._reload(db, report_id))

    def take(self, db, report_id: int | None) -> None:
        """Lock the report about to be shown (a server, writable), or name who holds it."""
        from models.report_lock import Holder, acquire_report_lock

        if self.lock is not None and self.lock.db is db and self.lock.report_id == report_id and self.lock.held:
            try:  # reloaded: still ours? (it may have been taken over while this program slept)
                still = self.lock.heartbeat()
            except StorageError:
                still = True  # the server is away: the next change says so
            if still:
                db.remember_version(report_id)  # the version on screen is the current one
                return
        self.let_go()
        if db is None or report_id is None or not db.is_server or db.read_only:
            return
        try:
            result = acquire_report_lock(db, report_id)
        except StorageError as error:
            self.message = error.message
            db.read_only_reports[report_id] = error.message
            return
        if isinstance(result, Holder):
            self.message = result.read_only_message()
            db.read_only_reports[report_id] = self.message
            try:  # the version about to be shown: a later one is read again (watch)
                db.remember_version(report_id)
            except StorageError:
                pass
            self.watched = (db, report_id, result)
            self.timer.start()
            self.window.show_status(self.message)
            return
        db.read_only_reports.pop(report_id, None)
        self.lock = result
        self.timer.start()

    def let_go(self) -> None:
        self.timer.stop()
        self.watched = None
        lock, self.lock, self.message = self.lock, None, None
        if lock is not None:
            try:
                lock.release()
            except StorageError:
                pass  # the server is gone: the heartbeat runs out by itself

    def heartbeat(self) -> None:
        lock = self.lock
        if lock is None:
            if self.watched is not None:
                self.watch_held()
            return
        try:
            kept = lock.heartbeat()
        except StorageError as error:
            self.window.show_status(f"{error.message}（将在 20 秒后重试）")
            return
        if not kept:
            self.timer.stop()
            self.lock = None
            self.message = LOST
            lock.db.read_only_reports[lock.report_id] = LOST
            self.window.show_error(LOST)
            self.window.open_report(lock.report_id)

    def watch_held(self) -> None:
        """The report is shown read-only because another program holds it: a holder whose heartbeat
        ran out (or who let go) is taken over and the report turns editable; a change stored
        elsewhere is read again. One read every interval; a write only to take the lock over."""
        from models.report_lock import Holder, acquire_report_lock, watch_state

        db, report_id, holder = self.watched
        window = self.window
        if window.db is not db or window.session is None or window.session.report_id != report_id:
            self.let_go()
            return
        try:
            version, now_holder, stale = watch_state(db, report_id)
            result = acquire_report_lock(db, report_id) if now_holder is None or stale else None
        except StorageError as error:
            window.show_status(f"{error.message}（将在 {self.interval_ms // 1000} 秒后重试）")
            return
        if version is None:
            return  # deleted elsewhere: the next action says so
        if result is not None and not isinstance(result, Holder):  # ours now
            self.timer.stop()
            self.watched, self.message, self.lock = None, None, result
            db.read_only_reports.pop(report_id, None)
            self.timer.start()
            window.open_report(report_id)  # editable, from the version just read with the lock
            window.show_error(taken_over(now_holder))
            return
        if isinstance(result, Holder):
            now_holder = result  # another program was quicker
        changed = version != db.seen_versions.get(report_id)
        if changed or _who(now_holder) != _who(holder):
            window.open_report(report_id)  # read again, the holder of now named (take())
        if changed:
            window.show_error(f"{CHANGED}（{datetime.now():%H:%M:%S}）")

    def _reload(self, db, report_id: int) -> None:
        window = self.window
        if window.db is not db or window.session is None or window.session.report_id != report_id:
            return
        window.open_report(report_id)
        window.show_error(RELOADED)
