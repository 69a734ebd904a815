"""The editor's side of a shared server: the open report's lock (taken when a report is opened, its
heartbeat renewed every 20 s by a timer, given back when another report or file is opened), the
report shown read-only with its holder named when another program edits it, and a change refused
because the report was changed elsewhere (StaleError): the report is read again and the user told.

A file keeps its file lock (one program writes the whole file): nothing here applies to it.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from models.errors import StorageError

RELOADED = "报告已被其他人修改，已重新载入"
LOST = "报告已由其他程序接手编辑（本程序的心跳超过一分钟未更新），现以只读方式显示"


class ReportLockKeeper(QObject):
    """Owned by the main window: `take(report_id)` before a report is shown, `let_go()` when it is not."""

    def __init__(self, window):
        super().__init__(window)
        from models.report_lock import HEARTBEAT_SECONDS

        self.window = window
        self.lock = None
        self.message: str | None = None   # why the open report is read-only (its holder), or None
        self.timer = QTimer(self)
        self.timer.setInterval(HEARTBEAT_SECONDS * 1000)
        self.timer.timeout.connect(self.heartbeat)

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
            self.window.show_status(self.message)
            return
        db.read_only_reports.pop(report_id, None)
        self.lock = result
        self.timer.start()

    def let_go(self) -> None:
        self.timer.stop()
        lock, self.lock, self.message = self.lock, None, None
        if lock is not None:
            try:
                lock.release()
            except StorageError:
                pass  # the server is gone: the heartbeat runs out by itself

    def heartbeat(self) -> None:
        lock = self.lock
        if lock is None:
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

    def _reload(self, db, report_id: int) -> None:
        window = self.window
        if window.db is not db or window.session is None or window.session.report_id != report_id:
            return
        window.open_report(report_id)
        window.show_error(RELOADED)
