"""The main window: a report switcher, the five tabs, menus, undo/redo and the time of the last save."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QPushButton, QTabWidget,
    QToolBar, QVBoxLayout, QWidget)

from models import services
from models.database import open_database
from models.errors import DomainError, StorageError, UnreadableError
from models.views import check_readable, list_reports, load_report_header
from ui.check_runner import CheckRunner
from ui.page_slots import PageSpec, Pages
from ui.session import EditorContext, ReportSession
from ui.settings import LAST_REPORT, RECENT_FILES, SHOW_PREVIOUS_YEAR, WINDOW_GEOMETRY

MAX_RECENT = 8
# the row commands of the table tabs, as the 编辑 menu names them (with their access keys)
ROW_COMMANDS = {"insert": "插入行(&I)", "append": "末尾添加行(&A)", "delete": "删除行(&D)", "up": "上移(&O)",
                "down": "下移(&N)", "child": "添加下级(&C)", "indent": "增加缩进(&T)", "outdent": "减少缩进(&L)"}
TABLES = ("budget", "tasks", "indicators")
PAGE_SPECS = [
    PageSpec("basic", "基本信息", "ui.pages.basic_info", "BasicInfoPage"),
    PageSpec("narrative", "报告正文", "ui.pages.narrative", "NarrativePage"),
    PageSpec("budget", "预算信息", "ui.pages.tables", "BudgetPage"),
    PageSpec("tasks", "年度重点任务", "ui.pages.tables", "TasksPage"),
    PageSpec("indicators", "部门整体自评表", "ui.pages.tables", "IndicatorsPage"),
    PageSpec("checks", "检查", "ui.pages.checks", "ChecksPage"),
]


def undo_label(verb: str, key: str, text: str) -> str:
    """“撤销 修改“机构设置”(&U)”: the undo/redo entry naming what it undoes, on one line."""
    if not text:
        return f"{verb}(&{key})"
    return f"{verb} {' '.join(text.replace('&', '&&').split())}(&{key})"


class ReportSwitcher(QComboBox):
    """The report list: listed afresh from the database each time it opens (a report made elsewhere
    meanwhile — by `next-year` on the command line, another accountant — is there)."""

    def __init__(self, refresh):
        super().__init__()
        self.refresh = refresh

    def showPopup(self) -> None:
        self.refresh()
        super().showPopup()


def switcher_labels(reports, forms: dict[int, str]) -> list[str]:
    """“2023 年度 · 部门”; a label two reports share gets their 编号 and 表式 (`forms`: id -> form key)."""
    from collections import Counter

    from models.forms import get_form

    def plain(report):
        year = "？" if report.year is None else report.year  # None: unreadable in a damaged file
        sample = "（示例）" if report.is_sample else ""
        return f"{year} 年度 · {report.department or '（未填部门）'}{sample}"

    labels = [plain(report) for report in reports]
    counts = Counter(labels)
    result = []
    for report, label in zip(reports, labels):
        if counts[label] > 1:
            form = f" · {get_form(forms[report.id]).name}" if report.id in forms else ""
            label = f"{label}（编号 {report.id}{form}）"
        result.append(label)
    return result


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path, user_db_path: Path | None = None, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings()
        self.user_db_path = user_db_path  # where "新建我的报告" goes when the sample file is open
        self.db = None
        self.session: ReportSession | None = None
        self.report = None              # header, narrative and sign-off of the open report
        self.previous_report = None     # last year's report, when 显示上年数 is on
        self._error_shown = False       # the status bar shows a refused edit's message
        from ui.report_lock_ui import ReportLockKeeper
        self.report_locks = ReportLockKeeper(self)  # a server: the open report's lock and its heartbeat
        self.checker = CheckRunner(self, snapshot=self._report_snapshot)
        self.checker.finished.connect(self._show_findings)
        self.checker.unreadable.connect(self._report_unreadable)
        self.context = EditorContext(  # what printing, exports, imports, versions and backups may use
            self, self.settings, file=lambda: self.db, session=lambda: self.session,
            commit_pending=self._apply_pages, reload=self.reload_reports, show_status=self.show_status,
            run_checks=lambda: self.checker.run_now(), show_finding=self._show_checks,
            open_file=self.open_file, close_file=self.close_file)
        self._build_ui()
        self._build_menus()
        geometry = WINDOW_GEOMETRY.read(self.settings)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        self.open_file(db_path)

    # -- construction ------------------------------------------------------------------------
    def _build_ui(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        self.banner = QFrame()  # a frame draws its style-sheet background without further ado
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("#banner { background: #fff4d6; border: 1px solid #e8c66a; }")
        self.banner_text = QLabel()
        self.banner_button = QPushButton("新建我的报告…")
        self.banner_button.clicked.connect(self.new_report)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.banner_button)
        layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        self.pages = Pages(self.tabs, PAGE_SPECS, self._page_built)
        layout.addWidget(self.tabs, 1)
        layout.addStretch(0)  # takes the room while there is no report (the tabs hidden), not the banner
        self.setCentralWidget(central)

        bar = QToolBar("报告")
        bar.setObjectName("report_toolbar")
        bar.setMovable(False)
        self.switcher_label = QLabel(" 当前报告(&S)：")
        bar.addWidget(self.switcher_label)
        self.switcher = ReportSwitcher(self._refresh_switcher)
        self.switcher.setMinimumWidth(360)
        self.switcher_label.setBuddy(self.switcher)
        self.switcher.activated.connect(self._switch_chosen)
        bar.addWidget(self.switcher)
        self.addToolBar(bar)
        self.toolbar = bar

        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.saved_label)

    def _action(self, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding of the platform
        elif shortcut is not None:
            # setShortcuts, not setShortcut: PySide resolves setShortcut's overloads by building every
            # enum of the Qt namespace (15 ms), which the window should not wait for
            action.setShortcuts([shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)])
        # triggered(bool) would hand `checked` to a slot's first optional argument (a target file, a
        # reason): every menu entry calls its slot with no argument at all
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("文件(&F)")
        self.new_action = self._action("新建报告(&N)…", self.new_report, QKeySequence.StandardKey.New)
        file_menu.addAction(self.new_action)
        file_menu.addAction(self._action("打开数据文件(&O)…", self.choose_file, QKeySequence.StandardKey.Open))
        self.server_action = self._action("连接服务器(&C)…", self.connect_server)
        file_menu.addAction(self.server_action)
        self.recent_menu = file_menu.addMenu("最近打开的文件(&R)")
        file_menu.addSeparator()
        self.output_actions = [
            self._action("打印预览(&V)…", self.print_preview, QKeySequence("Ctrl+Shift+P")),
            self._action("打印(&P)…", self.print_report, QKeySequence.StandardKey.Print),
            self._action("导出 PDF(&E)…", self.export_pdf, QKeySequence("Ctrl+E")),
            self._action("导出 Excel(&W)…", self.export_excel),
            self._action("导出 Word(&D)…", self.export_word),
        ]
        for action in self.output_actions:
            file_menu.addAction(action)
        self.import_action = self._action("导入 Excel(&I)…", self.import_excel)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self._action("另存为(&A)…", self.save_as, QKeySequence.StandardKey.SaveAs))
        self.restore_action = self._action("从备份恢复(&B)…", self.restore_backup)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self._action("打印字体(&T)…", self.font_settings))
        file_menu.addSeparator()
        self.quit_action = self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)

        edit_menu = menu.addMenu("编辑(&E)")
        self.undo_action = self._action("撤销(&U)", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("重做(&R)", self.redo, QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.row_menu_actions = {key: self._page_action(key) for key in ROW_COMMANDS}
        for key, action in self.row_menu_actions.items():
            if key == "child":
                edit_menu.addSeparator()
            edit_menu.addAction(action)
        edit_menu.aboutToShow.connect(self._update_row_actions)
        self.tabs.currentChanged.connect(lambda _i: self._update_row_actions())
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)

        report_menu = menu.addMenu("报告(&R)")
        report_menu.addAction(self.new_action)
        self.next_year_action = self._action("以上年报告为基础新建(&L)…", self.new_from_last_year)
        report_menu.addAction(self.next_year_action)
        self.switch_action = self._action("切换报告(&W)", self.focus_switcher, QKeySequence("Ctrl+R"))
        report_menu.addAction(self.switch_action)
        report_menu.addSeparator()
        self.finalize_action = self._action("定稿(&F)…", self.finalize)
        self.reopen_action = self._action("重新打开(&O)…", self.reopen)
        report_menu.addAction(self.finalize_action)
        report_menu.addAction(self.reopen_action)
        report_menu.addAction(self._action("版本历史(&H)…", self.show_versions))
        report_menu.addAction(self._action("核对纸质件(&V)…", self.verify_copy))
        self.summary_action = self._action("汇总(&S)…", self.show_summary)
        report_menu.addAction(self.summary_action)
        report_menu.addSeparator()
        self.previous_action = self._action("显示上年数(&P)", self.toggle_previous)
        self.previous_action.setCheckable(True)
        self.previous_action.setChecked(SHOW_PREVIOUS_YEAR.read(self.settings))
        report_menu.addAction(self.previous_action)
        report_menu.addSeparator()
        self.delete_action = self._action("删除当前报告(&D)…", self.delete_report)
        report_menu.addAction(self.delete_action)

        # Ctrl+PgDn / Ctrl+PgUp go to the next / previous tab from anywhere in the window, as in Excel/WPS
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            self.addAction(self._action("下一页" if step > 0 else "上一页",
                                        lambda step=step: self.switch_tab(step), QKeySequence(keys)))

        help_menu = menu.addMenu("帮助(&H)")
        help_menu.addAction(self._action("关于与术语(&A)", self.show_about, QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action("关于绩效自评(&B)…", self.show_program_about))
        self._refresh_recent_menu()

    def _page_action(self, key: str) -> QAction:
        """A menu entry that runs the row action of the table tab being shown. Its shortcut is only
        shown (after a tab in the text), never registered: the page's own action holds it, and a key
        registered twice in one window would be ambiguous and do nothing."""

        def run():
            page = self.pages.current()
            action = page.page_actions().get(key) if page is not None else None
            if action is not None and action.isEnabled():
                action.trigger()
        return self._action(ROW_COMMANDS[key], run)

    def _update_row_actions(self) -> None:
        """The 编辑 menu's row entries follow the tab shown: its shortcuts, and disabled where the tab
        has no such action or the report cannot be changed."""
        page = self.pages.current()
        actions = page.page_actions() if page is not None else {}
        editable = self.editable()
        for key, entry in self.row_menu_actions.items():
            action = actions.get(key)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) if action is not None else ""
            entry.setText(ROW_COMMANDS[key] + (f"\t{keys}" if keys else ""))
            entry.setEnabled(action is not None and editable)

    def editable(self) -> bool:
        """Whether the open report can be changed (it is open, a draft, in a writable file)."""
        return (self.report is not None and self.report.status != "final"
                and self.db is not None and not self.db.read_only and self.report_locks.message is None)

    def focus_switcher(self) -> None:
        """切换报告: the report list (listed afresh), opened from the keyboard."""
        self.switcher.setFocus()
        self._refresh_switcher()
        if self.switcher.count() > 1:
            QComboBox.showPopup(self.switcher)  # (listed just now)

    def _refresh_switcher(self) -> None:
        """List the reports again (one query), the open one chosen."""
        if self.db is None:
            return
        try:
            reports = list_reports(self.db)
        except DomainError as error:  # a server gone away: the list stays as it was
            self.show_status(error.message)
            return
        self._fill_switcher(reports)
        if self.session is not None:
            self.switcher.setCurrentIndex(self.switcher.findData(self.session.report_id))

    # -- files and reports -------------------------------------------------------------------
    def open_file(self, path: Path, report_id: int | None = None, read_only: bool = False) -> bool:
        from models.server import is_server_url
        from models.server import place_key
        server = is_server_url(path)
        path = place_key(path) if server else Path(path)  # a server: its URL without a password
        same = self.db is not None and place_key(self.db.location) == place_key(path)
        if same:
            self.close_file()
        try:
            db = open_database(path, read_only=read_only)
        except StorageError as error:
            if server:
                QMessageBox.warning(self, "无法连接服务器", error.message)
                return False
            from ui.backups import open_failed
            return open_failed(self.context, path, error)
        except DomainError as error:
            QMessageBox.warning(self, "无法打开文件", error.message)
            return False
        self.close_file()
        self.db = db
        self.report_locks.watch(db)
        self._remember_recent(path)
        reports = list_reports(db)
        self._fill_switcher(reports)
        if report_id is None and reports:
            last = LAST_REPORT.read(self.settings, place_key(path))
            ids = [r.id for r in reports]
            sound = [r for r in reports if not r.problems] or reports  # a damaged report only when no other
            report_id = last if last in ids else sound[-1].id
        self.open_report(report_id)
        return True

    def close_file(self) -> None:
        """Store pending typing and let go of the open file (and its lock)."""
        self._apply_pages()
        self.checker.detach()
        self.checker.wait()
        if self.db is not None:
            self.report_locks.let_go()
            self.db.close()
            self.db = None
            self.session = None

    def save_as(self) -> None:
        """另存为: a copy of the whole file elsewhere (also the way out when the file has vanished)."""
        if self.db is None:
            return
        from ui.dialogs import save_file_name
        from models.paths import data_dir
        suggested = self.db.path.with_name(self.db.path.stem + "-副本.db") if self.db.path is not None \
            else data_dir() / "服务器报告-副本.db"  # a server: every report into a portable file
        target = save_file_name(self, "另存为", str(suggested),
                                "绩效自评数据文件 (*.db)", "db")
        if not target:
            return
        self._apply_pages()
        original = self.db.path
        try:
            self.db.save_copy(target)
        except DomainError as error:
            QMessageBox.warning(self, "另存为", error.message)
            return
        if self.open_file(Path(target)):
            QMessageBox.information(self, "另存为", f"已另存为“{target}”。\n\n现在打开并编辑的是这个新文件；"
                                                   f"原来的文件“{original}”保持另存时的内容。")

    def restore_backup(self) -> None:
        from ui.backups import restore_into
        if self.db is not None and self.db.is_server:
            QMessageBox.information(self, "从备份恢复", "服务器上的报告请用命令恢复：python main.py restore --db "
                                    f"{self.db.location} 备份文件（被替换的报告会先备份）。")
        elif self.db is not None:
            restore_into(self.context, self.db.path)

    def _fill_switcher(self, reports) -> None:
        self.switcher.blockSignals(True)
        self.switcher.clear()
        labels = switcher_labels(reports, {})
        if any("（编号 " in label for label in labels):
            labels = switcher_labels(reports, self._report_forms())  # the 表式 tells such twins apart
        for report, label in zip(reports, labels):
            self.switcher.addItem(label, report.id)
        self.switcher.blockSignals(False)

    def _report_forms(self) -> dict[int, str]:
        """Each report's 表式 key (read only when two reports' labels are the same)."""
        from sqlalchemy import select
        from sqlalchemy.exc import SQLAlchemyError

        from models.tables import reports
        try:
            with self.db.connect() as connection:
                return dict(connection.execute(select(reports.c.id, reports.c.form)).all())
        except (DomainError, SQLAlchemyError, ValueError):  # a damaged file: the 编号 alone tells them apart
            return {}

    def _switch_chosen(self, position: int) -> None:
        report_id = self.switcher.itemData(position)
        if self.session is None or report_id != self.session.report_id:
            self.open_report(report_id)

    def open_report(self, report_id: int | None) -> None:
        self._apply_pages()
        header = None
        if report_id is not None:
            try:  # a hand-edited or damaged file: say what cannot be read, open no report
                header = load_report_header(self.db, report_id)
                check_readable(self.db, report_id)
            except DomainError as error:
                QMessageBox.warning(self, "无法读取报告", error.message)
                report_id = None
        self.report_locks.take(self.db, report_id)  # a server: lock it, or name who edits it (read-only)
        if self.session is not None:
            self.session.deleteLater()
        self.session = None
        self.report = None
        for action in self.output_actions:
            action.setEnabled(report_id is not None)
        if report_id is None:
            self.checker.detach()
            self.tabs.setEnabled(False)
            self.tabs.hide()  # no report: nothing of the one that was open may stay on screen
            self._update_banner()
            self._update_title()
            self._update_actions()
            self._update_history()
            return
        self.session = ReportSession(self.db, report_id, self, header)
        self.session.saved.connect(self._saved)
        self.session.saved.connect(lambda _when: self.checker.schedule())
        self.session.fieldChanged.connect(self._field_changed)
        self.session.historyChanged.connect(self._update_history)
        self.session.reportRemoved.connect(self._report_removed)
        self.session.scores.changed.connect(self._update_score_title)
        self.report = header
        self._show_form()
        self._update_history()
        self._set_previous_year()
        for page in self.pages.built():
            self._load_page(page)
        self.pages.build(self.tabs.currentIndex())  # loads it, when it is built now
        self.tabs.setEnabled(True)
        self.tabs.show()
        self.checker.attach(self.db, report_id)
        self.switcher.setCurrentIndex(max(0, self.switcher.findData(report_id)))
        from models.server import place_key
        LAST_REPORT.write(self.settings, report_id, place_key(self.db.location))
        self.saved_label.setText(f"已保存 {self.report.updated_at:%Y-%m-%d %H:%M:%S}")
        self._update_banner()
        self._update_title()
        self._update_actions()

    def _update_actions(self) -> None:
        """Menu entries that do not apply to the open report are disabled (定稿 on a final one, …)."""
        has_report = self.report is not None
        writable = self.db is not None and not self.db.read_only
        self.finalize_action.setEnabled(self.editable())
        self.reopen_action.setEnabled(writable and has_report and self.report.status == "final")
        self.next_year_action.setEnabled(writable and has_report)
        self.delete_action.setEnabled(writable and has_report)
        self.import_action.setEnabled(writable)
        self.restore_action.setEnabled(self.db is not None)
        self._update_row_actions()

    # -- pages -------------------------------------------------------------------------------
    def switch_tab(self, step: int) -> None:
        """The next (previous) tab, what is being typed stored first; the keyboard goes on in it."""
        position = self.tabs.currentIndex() + step
        while 0 <= position < self.tabs.count() and not self.tabs.isTabVisible(position):
            position += step  # a table the report's form does not have
        if not self.tabs.isEnabled() or not 0 <= position < self.tabs.count():
            return
        self._apply_pages()
        self.tabs.setCurrentIndex(position)
        self.pages[position].focus_first()
    @property
    def checks_page(self):
        return self.pages.by_key("checks")

    def table_page(self, table: str):
        """The tab of 预算信息 ("budget"), 年度重点任务 ("tasks") or 部门整体自评表 ("indicators")."""
        return self.pages.by_key(table)

    def _built_table_pages(self) -> list:
        return [page for page in self.pages.built() if page.table in TABLES]

    def _page_built(self, page) -> None:
        """A page built on first use gets the open report and what is known about it."""
        page.set_previous(self.previous_report)
        page.jumpRequested.connect(self.go_to_finding)
        if self.session is not None and self._load_page(page):
            if self.checker.report_id == self.session.report_id:
                self._show_findings_on(page, self.checker.findings)

    def _load_page(self, page) -> bool:
        """Load the open report into a page; False when a damaged file's value cannot be read (text
        that is not UTF-8 is found only when read): then, once this call is over, the report closes."""
        try:
            page.load(self.session, self.report)
        except UnreadableError as error:
            session = self.session
            # (bound now: Python deletes `error` when the except block ends, before the timer fires)
            QTimer.singleShot(0, lambda error=error: self._report_unreadable(error, session))
            return False
        return True

    def _report_unreadable(self, error, session=None) -> None:
        """Say what cannot be read, once, and close the report (the file stays open for the others)."""
        if self.session is None or (session is not None and session is not self.session):
            return
        QMessageBox.warning(self, "无法读取报告", error.message)
        self.open_report(None)

    def _report_snapshot(self):
        """The open report as its editor holds it in memory, for the checks."""
        if self.report is None or self.session is None:
            return None
        return self.session.editor.snapshot()

    def _show_findings(self, findings) -> None:
        from ui.pages.checks import count_title
        self.tabs.setTabText(self.pages.position("checks"), count_title(findings))
        for page in self.pages.built():
            self._show_findings_on(page, findings)

    @staticmethod
    def _show_findings_on(page, findings) -> None:
        page.show_findings(findings)

    def _show_checks(self, finding=None) -> None:
        """The 检查 tab, and the place `finding` is about when there is one."""
        self.pages.show("checks")
        if finding is not None:
            self.go_to_finding(finding)

    def go_to_finding(self, finding) -> None:
        """Show the cell, field or section a finding is about."""
        key = finding.table if finding.table in TABLES else {"header": "basic", "funding": "indicators"}.get(
            finding.table, finding.table)
        if key in {spec.key for spec in PAGE_SPECS} and self.tabs.isTabVisible(self.pages.position(key)):
            self.pages.show(key).go_to(finding)

    def _field_changed(self, field: str) -> None:
        self.report = self.session.editor.header
        for page in self.pages.built():
            page.reload_field(field, self.report)
        if field == "amount_unit":  # the amounts were converted
            for page in self._built_table_pages():
                if page.table == "budget" or page.table == "indicators" and self.session.form.funding:
                    page.load(self.session, self.report)  # (the funding block's heading names the unit)
        if field == "form":  # other columns, blocks and sections: every page is drawn again
            self._show_form()
            for page in self.pages.built():
                self._load_page(page)
            if self.checker.report_id == self.session.report_id:
                for page in self.pages.built():
                    self._show_findings_on(page, self.checker.findings)
        if field in ("year", "department"):
            self._fill_switcher(list_reports(self.db))
            self.switcher.setCurrentIndex(max(0, self.switcher.findData(self.session.report_id)))
            self._update_title()

    def _show_form(self) -> None:
        """The tabs of the open report's form: a table the form does not have is not shown (its rows are
        kept), and the 部门整体自评表 tab carries the total and the grade of a scored form."""
        from models.forms import form_of, form_problems
        form = form_of(self.report)
        tasks = self.pages.position("tasks")
        shown = form.shows("tasks")
        if not shown and self.tabs.currentIndex() == tasks:
            self.tabs.setCurrentIndex(self.pages.position("indicators"))
        self.tabs.setTabVisible(tasks, shown)
        self._update_score_title()
        problems = form_problems()
        if problems and not getattr(self, "_form_problems_said", False):
            self._form_problems_said = True  # once a session: the file stays as it is until fixed
            self.show_status("；".join(problems) + "（其他表式照常可用；基本信息的“表式”下列出这些文件）")

    def _update_score_title(self) -> None:
        position = self.pages.position("indicators")
        title = PAGE_SPECS[position].title
        if self.session is not None and self.session.scores.scored:
            title = f"{title}（{self.session.scores.title()}）"
        if self.tabs.tabText(position) != title:
            self.tabs.setTabText(position, title)

    def _update_title(self) -> None:
        name = self.db.name if self.db else ""
        if self.report is None:
            self.setWindowTitle(f"{name} — 绩效自评")
            return
        sample = " [示例]" if self.report.is_sample else ""
        self.setWindowTitle(f"{self.report.year} 年度 · {self.report.department}{sample} — {self.db.display} — 绩效自评")

    def _update_banner(self) -> None:
        # 新建我的报告 is offered where the user has no report of their own yet: the sample, an empty file
        self.banner_button.setVisible((self.db is None or not self.db.read_only)
                                      and (self.report is None or self.report.is_sample))
        if self.report_locks.message is not None:
            self.banner_text.setText(f"{self.report_locks.message}：可以查看、检查、打印和导出，不能修改。")
            self.banner.show()
        elif self.db is not None and self.db.read_only:
            self.banner_text.setText(f"“{self.db.name}”以只读方式打开：可以查看、检查、打印和导出，不能修改。")
            self.banner.show()
        elif self.report is not None and self.report.status == "final":
            from models.versions import latest_version
            version = latest_version(self.db, self.report.id)
            label = f"{version.label}，内容指纹 {version.short}" if version else "定稿"
            self.banner_text.setText(f"本报告已定稿（{label}），不能修改。如需修改，请用“报告 › 重新打开”并说明原因。")
            self.banner.show()
        elif self.report is not None and self.report.is_sample:
            self.banner_text.setText("这是示例报告（苏州市便民服务中心 2022 年度，按公开发布的报告录入），"
                                     "存放在单独的示例文件中，不会混入您自己的报告。")
            self.banner.show()
        elif self.report is None:
            self.banner_text.setText("此数据文件中还没有报告。")
            self.banner.show()
        else:
            self.banner.hide()

    def _saved(self, when: datetime) -> None:
        self.saved_label.setText(f"已保存 {when:%H:%M:%S}")
        if self._error_shown:  # the refusal is history once an edit has gone through
            self._error_shown = False
            self.statusBar().clearMessage()

    def show_status(self, message: str) -> None:
        self._error_shown = False
        self.statusBar().showMessage(message, 10000)

    def show_error(self, message: str) -> None:
        """A refused edit: the message stays until the next edit is stored."""
        self.statusBar().showMessage(message)
        self._error_shown = True

    def new_report(self) -> None:
        from ui.dialogs import NewReportDialog
        department = self.report.department if self.report is not None and not self.report.is_sample else ""
        form_key = self.session.editor.form if self.session is not None else "suzhou"
        dialog = NewReportDialog(self, department, form_key)  # 表式: the open report's, by default
        if dialog.exec() != NewReportDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        if self.report is not None and self.report.is_sample and self.user_db_path is not None:
            if not self.open_file(self.user_db_path):
                return
        try:
            report_id = services.create_report(self.db, **values)
        except DomainError as error:
            QMessageBox.warning(self, "无法新建报告", error.message)
            return
        self._fill_switcher(list_reports(self.db))
        self.open_report(report_id)

    def delete_report(self) -> None:
        if self.report is None:
            return
        from ui.versions_ui import ask
        from models.versions import list_versions
        versions = list_versions(self.db, self.report.id)
        final = (f"\n\n这份报告已定稿，共有 {len(versions)} 个定稿版本，删除后这些版本和版本历史也一并删除，"
                 f"已打印的纸质件将无法再核对。" if versions else "")
        if not ask(self, "删除报告", f"确定删除“{self.report.year} 年度 · {self.report.department}”的整份报告吗？\n"
                                   f"删除后不能撤销（打开文件时所做的备份仍在）。{final}", "删除"):
            return
        services.delete_report(self.db, self.report.id)
        reports = list_reports(self.db)
        self._fill_switcher(reports)
        self.open_report(reports[-1].id if reports else None)

    def choose_file(self) -> None:
        from ui.dialogs import open_file_name
        path = open_file_name(self, "打开数据文件", str(self.db.path.parent if self.db and self.db.path else ""),
                              "绩效自评数据文件 (*.db);;所有文件 (*)")
        if path:
            self.open_file(Path(path))

    def connect_server(self) -> bool:
        """文件 › 连接服务器…: a PostgreSQL server opened like a file (the last one proposed)."""
        from models.server import is_server_url
        from ui.server_dialog import ServerDialog
        last = next((p for p in RECENT_FILES.read(self.settings) if is_server_url(p)), None)
        self.server_dialog = ServerDialog(self, last)
        if self.server_dialog.exec() != ServerDialog.DialogCode.Accepted:
            return False
        return self.open_file(self.server_dialog.url())

    def show_summary(self) -> None:
        """报告 › 汇总…: every report of the database in one table (ui/summary_dialog.py)."""
        from ui.summary_dialog import SummaryDialog
        if self.db is None:
            return
        if getattr(self, "summary_dialog", None) is not None:
            self.summary_dialog.close()
        self.summary_dialog = SummaryDialog(self.context)
        self.summary_dialog.show()

    def _remember_recent(self, path) -> None:
        from models.server import place_key
        recent = [p for p in RECENT_FILES.read(self.settings) if p != place_key(path)]
        recent.insert(0, place_key(path))  # a server by its URL, never a password
        RECENT_FILES.write(self.settings, recent[:MAX_RECENT])
        self._refresh_recent_menu()

    def _refresh_recent_menu(self) -> None:
        if not hasattr(self, "recent_menu"):
            return
        self.recent_menu.clear()
        for number, path in enumerate(RECENT_FILES.read(self.settings), 1):
            key = f"&{number} " if number < 10 else ""
            self.recent_menu.addAction(self._action(key + path.replace("&", "&&"), lambda p=path: self.open_file(p)))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    # -- undo, closing -------------------------------------------------------------------------
    def _apply_pages(self) -> None:
        for page in self.pages.built():
            page.apply()

    def undo(self) -> None:
        self._apply_pages()
        if self.session is not None and self.session.editor.undo_removes_report:
            from ui.versions_ui import ask
            report = self.session.editor.header
            if not ask(self, "撤销", f"撤销“{self.session.editor.undo_text}”将删除 {report.year} 年度报告"
                                    f"（{report.department}）及其中已填写的全部内容，且不能重做。确定吗？", "删除并撤销"):
                return
        self._history_step(lambda session: session.undo())

    def redo(self) -> None:
        self._apply_pages()
        self._history_step(lambda session: session.redo())

    def _history_step(self, step) -> None:
        """Undo or redo through the editor; a step the file no longer allows is said in the status bar."""
        if self.session is None:
            return
        try:
            step(self.session)
        except DomainError as error:
            self.show_error(error.message)

    def _update_history(self) -> None:
        """撤销 / 重做 name what they would do, and are enabled only when there is something to do."""
        editor = self.session.editor if self.session is not None else None
        self.undo_action.setEnabled(editor is not None and editor.can_undo())
        self.redo_action.setEnabled(editor is not None and editor.can_redo())
        self.undo_action.setText(undo_label("撤销", "U", editor.undo_text if editor else ""))
        self.redo_action.setText(undo_label("重做", "R", editor.redo_text if editor else ""))

    def _report_removed(self, _report_id: int, show_id) -> None:
        """The open report was removed by an undo (of 以上年报告为基础新建): show the one it came from."""
        reports = list_reports(self.db)
        self._fill_switcher(reports)
        ids = [r.id for r in reports]
        self.open_report(show_id if show_id in ids else (ids[-1] if ids else None))

    def print_preview(self):
        from ui import pdf_output
        return pdf_output.preview(self.context) if self.session else None

    def print_report(self):
        from ui import pdf_output
        return pdf_output.print_report(self.context) if self.session else None

    def export_pdf(self, target=None):
        from ui import pdf_output
        return pdf_output.export_pdf(self.context, target) if self.session else None

    def export_excel(self, target=None):
        from ui import xlsx_io
        return xlsx_io.export_excel(self.context, target) if self.session else False

    def export_word(self, target=None):
        from ui import docx_output
        return docx_output.export_word(self.context, target) if self.session else None

    def import_excel(self, source=None, **dialogs):
        from ui import xlsx_io
        return xlsx_io.import_excel(self.context, source, **dialogs)

    def reload_reports(self, report_id: int) -> None:
        """After a change made outside the undo stack (an import): list the reports again and open one."""
        self._fill_switcher(list_reports(self.db))
        self.open_report(report_id)

    def _set_previous_year(self) -> None:
        """Give the table pages last year's report when 显示上年数 is on (and there is one)."""
        previous = None
        if self.previous_action.isChecked() and self.report is not None:
            from models.next_year import previous_year
            previous = previous_year(self.db, self.report)
        self.previous_report = previous
        for page in self._built_table_pages():
            page.set_previous(previous)

    def toggle_previous(self) -> None:
        SHOW_PREVIOUS_YEAR.write(self.settings, self.previous_action.isChecked())
        if self.session is not None:
            self._set_previous_year()
            for page in self._built_table_pages():
                page.load(self.session, self.report)
            self.checker.schedule()
            if self.previous_action.isChecked() and self.previous_report is None:
                self.show_status(f"本文件中没有 {self.report.year - 1} 年度 {self.report.department} 的报告")

    def finalize(self):
        from ui import versions_ui
        return versions_ui.finalize_report(self.context) if self.session else False

    def reopen(self, reason=None):
        from ui import versions_ui
        return versions_ui.reopen_report(self.context, reason) if self.session else False

    def show_versions(self):
        from ui.versions_ui import VersionsDialog
        if self.session:
            dialog = VersionsDialog(self.context)
            dialog.open()
            return dialog

    def verify_copy(self, code=None):
        from ui import versions_ui
        return versions_ui.verify_paper_copy(self.context, code) if self.db else None

    def new_from_last_year(self, keep_narrative=None):
        from ui import versions_ui
        return versions_ui.new_from_last_year(self.context, keep_narrative) if self.report else None

    def font_settings(self) -> None:
        from ui.font_settings import FontSettingsDialog
        FontSettingsDialog(self.settings, self).exec()

    def show_about(self) -> None:
        from ui.dialogs import show_about
        show_about(self)

    def show_program_about(self) -> None:
        from ui.about import show_about
        show_about(self)

    def closeEvent(self, event) -> None:
        if "ui.pdf_output" in sys.modules:
            sys.modules["ui.pdf_output"].cancel_running()  # a PDF or a print being made stops at the next page
        WINDOW_GEOMETRY.write(self.settings, self.saveGeometry())
        self.close_file()
        super().closeEvent(event)
