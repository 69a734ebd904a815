"""Starting the editor: the application object, a Chinese font and Qt's own Chinese texts, the files to
open, the error handler (every unexpected exception, on any thread, logged and shown in Chinese)."""
from __future__ import annotations

import gc
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QSettings, QTimer, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from models.errors import DomainError

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
BUNDLED_FONT = FONT_DIR / "DroidSansFallbackFull.ttf"
PREFERRED_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", "Source Han Sans SC",
                      "WenQuanYi Micro Hei", "PingFang SC", "SimSun", "宋体"]


def ensure_chinese_font(app: QApplication) -> str:
    """Use a Chinese system font when there is one, else the bundled one; returns the family."""
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for family in PREFERRED_FAMILIES:
        if family in chinese:
            break
    else:
        family = chinese[0] if chinese else ""
    if not family:
        font_id = QFontDatabase.addApplicationFont(str(BUNDLED_FONT))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = families[0] if families else ""
    if family:
        font = QFont(app.font())
        font.setFamilies([family])
        font.setPointSize(max(app.font().pointSize(), 10))
        app.setFont(font)
    return family


INTERNAL_ERROR_TITLE = "程序出错"


def bug_message(value, log: Path | None) -> str:
    """What the user is told about a bug: that nothing saved is lost, and where the details are."""
    text = value.message if isinstance(value, DomainError) else "程序遇到了一个内部错误。您已保存的修改不受影响。"
    if log is not None:
        return f"{text}\n\n详细情况已记录在文件：\n{log}\n请把这个文件发给技术支持。"
    return f"{text}\n\n请把“显示详情”中的内容发给技术支持。"


class _BugReporter(QObject):
    """Lives on the GUI thread: a report emitted from a worker thread is shown there, never on the worker."""

    report = Signal(str, str)  # message, details

    def __init__(self):
        super().__init__()
        self.report.connect(self._show)

    @staticmethod
    def _show(message: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, INTERNAL_ERROR_TITLE, message,
                          parent=QApplication.activeWindow())
        box.setDetailedText(details)
        box.exec()


_reporter: _BugReporter | None = None


def report_bug(kind, value, tb) -> None:
    """A bug (on any thread): log it in the data folder, then say so plainly in a dialog that names the log."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    from models.error_log import write_log
    details = "".join(traceback.format_exception(kind, value, tb))
    sys.stderr.write(details)
    log = write_log(kind, value, tb)
    if _reporter is None or QApplication.instance() is None:
        return
    _reporter.report.emit(bug_message(value, log), details)


_excepthook = report_bug  # the name the editor has installed it under


def install_error_handler() -> None:
    """Every exception that reaches the event loop, or ends a thread, goes to report_bug."""
    global _reporter
    if _reporter is None:
        _reporter = _BugReporter()
    sys.excepthook = report_bug
    threading.excepthook = lambda hook: report_bug(hook.exc_type, hook.exc_value, hook.exc_traceback)


_translators: list[QTranslator] = []


def install_translations(app: QApplication) -> bool:
    """Qt's own texts (OK, Cancel, Show Details…, file dialogs) in Chinese, from the translations that
    ship with PySide6."""
    if not _translators:
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in ("qtbase_zh_CN",):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _translators.append(translator)
    return bool(_translators)


def make_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName("JixiaoZiping")
    QCoreApplication.setApplicationName("绩效自评")
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    ensure_chinese_font(app)
    install_translations(app)
    return app


def choose_files(db_arg: str | None) -> tuple[Path, Path | None]:
    """(file to open, the user's own file). With no --db: the user's file, or the sample's file
    when the user has no report yet."""
    import os

    from models.paths import DB_ENV
    from models.server import is_server_url
    for given in (db_arg, None if db_arg else os.environ.get(DB_ENV)):
        if is_server_url(given):  # a PostgreSQL server (--db or JIXIAO_DB): its URL as given, never a Path
            return given, None
    if db_arg:
        return Path(db_arg), None
    from models.database import open_database
    from models.errors import StorageError
    from models.firststart import ensure_user_files
    from models.views import list_reports

    user_path, sample_path = ensure_user_files()
    try:
        db = open_database(user_path, read_only=True)  # a look only: the editor opens (and backs up) the file
    except StorageError:
        db = open_database(user_path)  # one that needs its schema brought up to date (backed up first)
    try:
        has_reports = bool(list_reports(db))
    finally:
        db.close()
    return (user_path if has_reports else sample_path), user_path


def _started(on_shown) -> None:
    """The window is up: collect garbage again, leaving alone what start-up built (it lives as long
    as the program, and later collections need not walk through it each time), then load what the
    first window did without, a piece at a time, while the user looks at it."""
    gc.freeze()
    gc.enable()
    if on_shown is not None:
        on_shown()
    for step in _LATER:
        QTimer.singleShot(0, step)


def _load_editing() -> None:
    """The services and SQLAlchemy's ORM, which the first edit needs."""
    from sqlalchemy.orm import configure_mappers
    from models.services import rows, reports, budget  # noqa: F401
    configure_mappers()


def _load_checks() -> None:
    import models.checks  # noqa: F401  (the first check runs 400 ms after the report opens)


def _load_tables() -> None:
    """The table tabs' code, and PySide's Qt namespace that they use (15 ms the first time)."""
    from PySide6.QtCore import Qt
    import ui.pages.tables  # noqa: F401
    Qt.ItemDataRole.DisplayRole  # noqa: B018


_LATER = (_load_editing, _load_checks, _load_tables)


def run_editor(db_arg: str | None = None, on_shown=None) -> int:
    """The editor on `db_arg` (or the user's own file); `on_shown()` is called once it is up."""
    app = make_application()
    install_error_handler()
    from ui.single_instance import hand_over, serve
    if hand_over(db_arg):  # an editor of this user runs: it comes to the front and opens db_arg
        return 0
    try:
        path, user_path = choose_files(db_arg)
    except DomainError as error:
        QMessageBox.critical(None, "无法打开", error.message)
        return 1
    from ui.main_window import MainWindow

    window = MainWindow(path, user_path, QSettings())
    if window.db is None:
        return 1
    window.show()
    QTimer.singleShot(0, lambda: _started(on_shown))

    def listen() -> None:  # once the window is up: later starts of the program come to it
        window.instance_server = serve(window)
    QTimer.singleShot(0, listen)
    return app.exec()
