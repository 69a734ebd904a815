"""The three table tabs: 预算信息 (a tree), 年度重点任务 and 部门整体自评表, with their row actions."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QToolBar, QVBoxLayout, QWidget

from models.errors import DomainError
from models.money import round_half_up
from ui.budget_model import BudgetModel, name_paths
from ui.flat_models import IndicatorModel, TaskModel
from ui.pages.base import Page
from ui.sheet_view import SheetTable, SheetTree


class TablePage(Page):
    """A toolbar of row actions over a spreadsheet-like view, with a line for messages."""

    table = ""
    hint = ""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.previous_report = None  # last year's report, when 显示上年数 is on
        self.session = None
        self.model = None
        self.view = None
        self.read_only_message = ""
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.layout_.addWidget(self.toolbar)
        self.message = QLabel(self.hint)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actions_: dict[str, QAction] = {}
        for key, text, shortcuts, slot in self.row_actions():
            action = QAction(text, self)
            action.setIconText(text)  # set, not derived from the text: the button keeps its access key
            # the shortcuts work while the focus is anywhere in this tab (the table, a cell being
            # typed in), and only here: the 编辑 menu shows them but does not register them again
            action.setShortcuts([QKeySequence(keys) for keys in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text.split('(')[0]}（{QKeySequence(shortcuts[0]).toString(NATIVE)}）")
            action.triggered.connect(lambda _checked=False, run=slot: self._row_command(run))
            self.toolbar.addAction(action)
            self.addAction(action)
            self.actions_[key] = action

    def row_actions(self):
        """(key, text with its access key, shortcuts (the first one is shown), slot)."""
        return [
            ("insert", "插入行(&I)", ["Ctrl+Insert", "Ctrl+Shift+="], self.insert_row),
            ("append", "末尾添加行(&A)", ["Ctrl+Shift+Insert"], self.append_row),
            ("delete", "删除行(&D)", ["Ctrl+Delete", "Ctrl+-"], self.delete_rows),
            ("up", "上移(&O)", ["Alt+Up"], lambda: self.move(-1)),
            ("down", "下移(&N)", ["Alt+Down"], lambda: self.move(1)),
        ]

    def page_actions(self) -> dict:
        return self.actions_

    def set_previous(self, report) -> None:
        self.previous_report = report

    def show_findings(self, findings) -> None:
        if self.model is not None:
            self.model.set_findings([f for f in findings if f.table == self.table])

    def go_to(self, finding) -> None:
        index = self.model.index_for(finding.row_id, finding.column) if self.model is not None else None
        if index is not None and index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            self.view.setFocus()

    def focus_first(self) -> None:
        if self.view is not None:
            self.view.setFocus()

    def _row_command(self, run) -> None:
        if self.view is None or self.read_only_message:
            return
        self.apply()  # what is being typed is stored first, never lost with the row's editor
        run()

    # -- loading -----------------------------------------------------------------------------
    def make_model(self, session, report):  # pragma: no cover - overridden
        raise NotImplementedError

    def make_view(self, model):
        return SheetTable(model)

    def load(self, session, report) -> None:
        same_report = self.session is not None and self.session.report_id == session.report_id
        if session is not self.session:
            session.saved.connect(self._stored)
        self.session = session
        old_view, old_model = self.view, self.model
        place = None
        if old_view is not None:
            old_view.commit_editor()
            focus = QApplication.focusWidget()
            had_focus = focus is not None and (focus is old_view or old_view.isAncestorOf(focus))
            current = old_view.currentIndex()
            if same_report and current.isValid():
                place = (old_view.row_id_of(current), current.column())
        if old_model is not None:
            old_model.detach()  # else it would still read every edit of the session, unseen
        self.model = self.make_model(session, report)
        self.model.setParent(self)
        self.view = self.make_view(self.model)
        self.view.problem.connect(self.show_problem)
        if old_view is not None:
            self.layout_.replaceWidget(old_view, self.view)
            old_view.deleteLater()
            self.view.show()  # now, not when the event loop gets round to it: it may take the focus
            if place is not None:
                self.select_id(*place)
            if had_focus:
                self.view.setFocus()
        else:
            self.layout_.addWidget(self.view, 1)
            self.layout_.addWidget(self.message)
            self.view.show()
        if old_model is not None:
            old_model.deleteLater()
        self.set_read_only(read_only_reason(session, report))
        if not self.read_only_message:
            self.message.setText(self.hint)
            self.message.setStyleSheet("color: #555;")

    def set_read_only(self, message: str) -> None:
        """A final report, or a file opened read-only: the cells take no typing, the row actions are
        off, and the message says why."""
        self.read_only_message = message
        self.view.set_read_only(message)
        for action in self.actions_.values():
            action.setEnabled(not message)
        if message:
            self.message.setText(message)
            self.message.setStyleSheet("color: #555;")

    def _stored(self, _when=None) -> None:
        """A successful edit: a message about an earlier refused one is out of date."""
        if not self.read_only_message and self.message.text() != self.hint:
            self.message.setText(self.hint)
            self.message.setStyleSheet("color: #555;")

    def show_problem(self, message: str) -> None:
        self.message.setText(message)
        self.message.setStyleSheet("color: #b00020;")

    def _run(self, action) -> object:
        try:
            result = action()
        except DomainError as error:
            self.show_problem(error.message)
            return None
        self.message.setText(self.hint)
        self.message.setStyleSheet("color: #555;")
        return result

    # -- selection helpers -------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.view.currentIndex() if self.view else None
        if index is None or not index.isValid():
            return None
        return self.view.row_id_of(index)

    def selected_ids(self) -> list[int]:
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        return list(dict.fromkeys(self.view.row_id_of(i) for i in indexes if i.isValid()))

    def select_id(self, row_id: int, column: int | None = None) -> None:
        column = self.view.currentIndex().column() if column is None else column
        index = self.index_of_id(row_id, max(column, 0))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.scrollTo(index)

    def index_of_id(self, row_id, column):
        row = self.model.position_of(row_id)
        return self.model.index(row, column) if row is not None else self.model.index(-1, -1)

    def focus_new_row(self, row_id) -> None:
        """A row just added: its first cell that takes input is current and the table has the focus,
        so typing goes into it."""
        if not row_id:
            return
        column = next((n for n in range(self.model.columnCount())
                       if self.model.flags(self.index_of_id(row_id, n)) & Qt.ItemFlag.ItemIsEditable), 0)
        self.select_id(row_id, column)
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- row actions -------------------------------------------------------------------------
    def insert_row(self) -> None:
        current = self.view.currentIndex()
        index = current.row() if current.isValid() else 0
        self.focus_new_row(self._run(lambda: self.session.add_row(self.table, index)))

    def append_row(self) -> None:
        self.focus_new_row(self._run(lambda: self.session.add_row(self.table)))

    def delete_rows(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._run(lambda: self.session.remove_rows(self.table, ids))

    def move(self, step: int) -> None:
        row_id = self.current_id()
        if row_id is None:
            return
        current = self.view.currentIndex()
        self._run(lambda: self.session.move_row(self.table, row_id, current.row() + step))
        self.select_id(row_id)

    def apply(self) -> None:
        """Store what is being typed in a cell (before undo, switching report, closing)."""
        if self.view is not None:
            self.view.commit_editor()


NATIVE = QKeySequence.SequenceFormat.NativeText
UNIT_FACTORS = {("万元", "元"): Decimal(10000), ("元", "万元"): Decimal("0.0001")}


def read_only_reason(session, report) -> str:
    """Why the open report cannot be changed, or ""."""
    if getattr(session.db, "read_only", False):
        return "数据文件以只读方式打开，表格不能修改。"
    if session is not None and (held := getattr(session.db, "read_only_reports", {}).get(session.report_id)):
        return f"{held}，不能修改。"  # a shared server: another program edits this report
    if report is not None and report.status == "final":
        return "本报告已定稿，表格不能修改。如需修改，请用“报告 › 重新打开”并说明原因。"
    return ""


def unit_converter(source: str, target: str):
    """Amounts stated in `source` (万元/元) as `target` states them (rounded half up to 分)."""
    factor = UNIT_FACTORS.get((source, target))
    if factor is None:
        return lambda amount: amount
    return lambda amount: None if amount is None else round_half_up(amount * factor)


class BudgetPage(TablePage):
    table = "budget"
    hint = "灰底列自动计算；有下级明细的行显示下级合计。Tab 右移，Enter 下移，Ctrl+V 粘贴 Excel/WPS 中复制的区域。"

    def row_actions(self):
        return super().row_actions() + [
            ("child", "添加下级(&C)", ["Alt+Insert"], self.add_child),
            ("indent", "增加缩进(&T)", ["Alt+Right"], self.indent),
            ("outdent", "减少缩进(&L)", ["Alt+Left"], self.outdent),
        ]

    def make_model(self, session, report):
        previous = None
        if self.previous_report is not None:
            paths = name_paths(self.previous_report.budget)
            convert = unit_converter(self.previous_report.amount_unit, report.amount_unit)
            previous = {paths[row.id]: convert(row.actual) for row in self.previous_report.budget}
        return BudgetModel(session, report.amount_unit, previous=previous)

    def make_view(self, model):
        return SheetTree(model)

    def index_of_id(self, row_id, column):
        return self.model.index_of(row_id, column)

    def _current_line(self):
        return self.model.row_at(self.view.currentIndex())

    def insert_row(self) -> None:
        line = self._current_line()
        parent_id, index = (line.parent_id, line.index) if line else (None, 0)
        self.focus_new_row(self._run(lambda: self.session.add_row("budget", index, parent_id)))

    def append_row(self) -> None:
        line = self._current_line()
        parent_id = line.parent_id if line else None
        self.focus_new_row(self._run(lambda: self.session.add_row("budget", None, parent_id)))

    def add_child(self) -> None:
        line = self._current_line()
        if line is None:
            return
        self.focus_new_row(self._run(lambda: self.session.add_row("budget", None, line.id)))

    def move(self, step: int) -> None:
        line = self._current_line()
        if line is None:
            return
        self._run(lambda: self.session.move_row("budget", line.id, line.index + step, parent_id=line.parent_id))
        self.select_id(line.id)

    def indent(self) -> None:
        line = self._current_line()
        if line is not None:
            self._run(lambda: self.session.indent(line.id))
            self.select_id(line.id)

    def outdent(self) -> None:
        line = self._current_line()
        if line is not None:
            self._run(lambda: self.session.outdent(line.id))
            self.select_id(line.id)

    def set_unit(self, unit: str) -> None:
        if self.model is not None:
            self.model.set_unit(unit)


class TasksPage(TablePage):
    table = "tasks"
    hint = "同一职责的连续任务合并显示。长文本单元格中 Enter 完成输入，Alt+Enter 换行。"

    def make_model(self, session, report):
        from models.forms import form_of
        from ui.form_ui import table_columns
        form = form_of(report)
        return TaskModel(session, columns=table_columns(form, "tasks", report.amount_unit) if form.shows("tasks")
                         else None)


class IndicatorsPage(TablePage):
    """部门整体自评表 in the columns of the report's form; a form with a funding block (mof, sichuan) has
    it as a small table above the indicators."""

    table = "indicators"
    hint = ("偏差情况自动计算（灰底）；直接输入即为手工填写（✎ 标记），按 Delete 清除手工值。"
            "青色的目标值/完成值按定性指标处理。")
    scored_hint = ("灰底列自动计算：得分按分值、目标值与完成值计算，直接输入即为手工得分（✎），按 Delete 恢复计算值；"
                   "定性指标先选“完成程度”，得分取该档最高分，可改为档内其他分数。")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.form = None
        self.funding_model = None
        self.funding_view = None
        self.funding_box = QWidget()
        box = QVBoxLayout(self.funding_box)
        box.setContentsMargins(0, 0, 0, 4)
        self.funding_title = QLabel()
        self.funding_title.setStyleSheet("font-weight: bold;")
        box.addWidget(self.funding_title)
        self.funding_box.hide()
        self.table_title = QLabel()
        self.table_title.setStyleSheet("font-weight: bold;")
        self.table_title.hide()
        self.layout_.insertWidget(1, self.funding_box)
        self.layout_.insertWidget(2, self.table_title)

    def make_model(self, session, report):
        from models.forms import form_of
        from ui.form_ui import table_columns
        self.form = form_of(report)
        self.hint = self.scored_hint if self.form.scored else IndicatorsPage.hint
        previous = None
        if self.previous_report is not None:
            previous = {(i.category1, i.category2, i.name): i.actual.text for i in self.previous_report.indicators}
        return IndicatorModel(session, previous=previous,
                              columns=table_columns(self.form, "indicators", report.amount_unit))

    def load(self, session, report) -> None:
        super().load(session, report)
        self._load_funding(session, report)

    def _load_funding(self, session, report) -> None:
        from ui.funding_model import FundingModel
        old_view, old_model = self.funding_view, self.funding_model
        if old_view is not None:
            old_view.commit_editor()
        if old_model is not None:
            old_model.detach()
        self.funding_model = self.funding_view = None
        block = self.form.funding if self.form is not None else None
        if block is not None:
            self.funding_model = FundingModel(session, self.form, report.amount_unit, self)
            self.funding_view = FundingTable(self.funding_model)
            self.funding_view.problem.connect(self.show_problem)
            self.funding_view.set_read_only(self.read_only_message)
            self.funding_title.setText(block.heading_for(report.amount_unit))
            self.funding_box.layout().addWidget(self.funding_view)
            self.funding_view.fit_height()
        if old_view is not None:
            self.funding_box.layout().removeWidget(old_view)
            old_view.deleteLater()
        if old_model is not None:
            old_model.deleteLater()
        self.funding_box.setVisible(block is not None)
        heading = self.form.table_block("indicators").heading if self.form is not None else ""
        self.table_title.setText(heading)
        self.table_title.setVisible(block is not None and bool(heading))

    def set_read_only(self, message: str) -> None:
        super().set_read_only(message)
        if self.funding_view is not None:
            self.funding_view.set_read_only(message)

    def show_findings(self, findings) -> None:
        super().show_findings(findings)
        if self.funding_model is not None:
            self.funding_model.set_findings([f for f in findings if f.table == "funding"])

    def go_to(self, finding) -> None:
        if finding.table == "funding" and self.funding_model is not None:
            index = self.funding_model.index_for(finding.row_id, finding.column)
            if index.isValid():
                self.funding_view.setCurrentIndex(index)
                self.funding_view.setFocus()
            return
        super().go_to(finding)

    def apply(self) -> None:
        super().apply()
        if self.funding_view is not None:
            self.funding_view.commit_editor()


class FundingTable(SheetTable):
    """The funding block's cells: as every table's, but as tall as its few rows, and a paste never
    adds rows (the form fixes them)."""

    def __init__(self, model, parent=None):
        super().__init__(model, parent)
        from ui.columns import LONG
        # the last column takes the room left only when it holds text (原因), not a number (得分)
        self.horizontalHeader().setStretchLastSection(model.columns[-1].kind == LONG)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_height(self) -> None:
        """As tall as the header and the rows (and the scroll bar under them when the columns are wider
        than the window)."""
        self.resizeRowsToContents()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth() + sum(
            self.rowHeight(row) for row in range(self.model().rowCount()))
        columns = sum(self.columnWidth(n) for n in range(self.model().columnCount()))
        if columns + self.verticalHeader().width() + 2 * self.frameWidth() > self.width():
            height += self.horizontalScrollBar().sizeHint().height()
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self.fit_height)

    def paste_text(self, text: str) -> None:
        from ui.tsv import parse_tsv, to_tsv
        current = self.currentIndex()
        grid = parse_tsv(text)
        if current.isValid() and grid:
            room = self.model().rowCount() - current.row()
            if len(grid) > room:
                self.problem.emit(f"资金情况只有 {self.model().rowCount()} 行，超出的 {len(grid) - room} 行未粘贴。")
                grid = grid[:room]
                text = to_tsv(grid)
        super().paste_text(text)
