"""Runs the checks shortly after each edit, on a worker thread so typing is never held up.

The worker checks a snapshot of what the editor already holds in memory (taken on the GUI thread,
a few list copies), so it never reads the database while the editor writes to it. A rule that fails
with a bug is reported like every other bug (logged, a message on the GUI thread); the program goes on."""
from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from models.views import load_report

DELAY_MS = 400


class _Signals(QObject):
    done = Signal(int, object)  # generation, list of findings


class _Job(QRunnable):
    def __init__(self, check, report, generation, signals):
        super().__init__()
        self.check, self.report, self.generation, self.signals = check, report, generation, signals

    def run(self):
        try:
            findings = self.check(self.report)
        except BaseException:  # a bug in a rule must not end the program: logged and shown on the GUI thread
            import sys
            from ui.app import report_bug
            report_bug(*sys.exc_info())
            return
        self.signals.done.emit(self.generation, findings)


class CheckRunner(QObject):
    """Call `schedule()` after an edit; `finished(findings)` arrives on the GUI thread."""

    finished = Signal(object)
    unreadable = Signal(object)  # UnreadableError: the stored report cannot be read (a damaged file)

    def __init__(self, parent=None, snapshot=None):
        super().__init__(parent)
        self.db = None
        self.report_id = None
        self.snapshot = snapshot  # () -> the report as the editor holds it now (ReportData), or None
        self.findings = []
        self._generation = 0
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS, timeout=self._start)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def attach(self, db, report_id) -> None:
        self.db, self.report_id = db, report_id
        self.findings = []
        self._generation += 1
        self.schedule()

    def detach(self) -> None:
        """The file is being closed: no more runs, and a running one is ignored."""
        self._timer.stop()
        self.db = self.report_id = None
        self._generation += 1

    def schedule(self) -> None:
        self._timer.start()

    def run_now(self) -> list:
        """Synchronously, for the moment before something leaves the program."""
        from models.checks import run_checks
        self._timer.stop()
        self._generation += 1
        report = (self.snapshot() if self.snapshot is not None else None) if self.report_id else None
        if report is None and self.report_id:
            report = load_report(self.db, self.report_id)
        self.findings = run_checks(report) if report is not None else []
        self.finished.emit(self.findings)
        return self.findings

    def _start(self) -> None:
        if self.report_id is None:
            return
        from models.checks import run_checks  # loaded here, not on the worker thread
        from models.errors import UnreadableError
        try:
            report = self.snapshot() if self.snapshot is not None else None
            if report is None:
                report = load_report(self.db, self.report_id)
        except UnreadableError as error:  # the window says so and closes the report
            self.unreadable.emit(error)
            return
        self._generation += 1
        self._pool.start(_Job(run_checks, report, self._generation, self._signals))

    def _done(self, generation: int, findings) -> None:
        if generation != self._generation:
            return  # a later edit has already asked for a fresher run
        self.findings = findings
        self.finished.emit(findings)

    def wait(self) -> None:
        self._pool.waitForDone()
