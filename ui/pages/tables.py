"""The three table tabs: 预算信息 (a tree), 年度重点任务 and 部门整体自评表, with their row actions."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar, QVBoxLayout

from models.errors import DomainError
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
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.layout_.addWidget(self.toolbar)
        self.message = QLabel(self.hint)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actions_: dict[str, QAction] = {}
        for key, text, shortcut, slot in self.row_actions():
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.toolbar.addAction(action)
            self.addAction(action)
            self.actions_[key] = action

    def row_actions(self):
        return [
            ("insert", "插入行", "Ctrl+Shift+=", self.insert_row),
            ("append", "末尾添加行", "", self.append_row),
            ("delete", "删除行", "Ctrl+-", self.delete_rows),
            ("up", "上移", "Alt+Up", lambda: self.move(-1)),
            ("down", "下移", "Alt+Down", lambda: self.move(1)),
        ]

    # -- loading -----------------------------------------------------------------------------
    def make_model(self, session, report):  # pragma: no cover - overridden
        raise NotImplementedError

    def make_view(self, model):
        return SheetTable(model)

    def load(self, session, report) -> None:
        self.session = session
        old_view = self.view
        self.model = self.make_model(session, report)
        self.view = self.make_view(self.model)
        self.view.problem.connect(self.show_problem)
        if old_view is not None:
            self.layout_.replaceWidget(old_view, self.view)
            old_view.deleteLater()
        else:
            self.layout_.addWidget(self.view, 1)
            self.layout_.addWidget(self.message)
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
        row = self.model._row_of_id.get(row_id)
        return self.model.index(row, column) if row is not None else self.model.index(-1, -1)

    # -- row actions -------------------------------------------------------------------------
    def insert_row(self) -> None:
        current = self.view.currentIndex()
        index = current.row() if current.isValid() else 0
        row_id = self._run(lambda: self.session.add_row(self.table, index))
        if row_id:
            self.select_id(row_id, 0)

    def append_row(self) -> None:
        row_id = self._run(lambda: self.session.add_row(self.table))
        if row_id:
            self.select_id(row_id, 0)

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
        if self.view is None or self.view.state() != self.view.State.EditingState:
            return
        from PySide6.QtWidgets import QApplication
        editor = QApplication.focusWidget()
        if editor is not None and self.view.viewport().isAncestorOf(editor):
            self.view.commitData(editor)
            self.view.closeEditor(editor, self.view.itemDelegate().EndEditHint.NoHint)


class BudgetPage(TablePage):
    table = "budget"
    hint = "灰底列自动计算；有下级明细的行显示下级合计。Tab 右移，Enter 下移，Ctrl+V 粘贴 Excel/WPS 中复制的区域。"

    def row_actions(self):
        return super().row_actions() + [
            ("child", "添加下级", "", self.add_child),
            ("indent", "增加缩进", "Alt+Right", self.indent),
            ("outdent", "减少缩进", "Alt+Left", self.outdent),
        ]

    def make_model(self, session, report):
        previous = None
        if self.previous_report is not None:
            paths = name_paths(self.previous_report.budget)
            previous = {paths[row.id]: row.actual for row in self.previous_report.budget}
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
        row_id = self._run(lambda: self.session.add_row("budget", index, parent_id))
        if row_id:
            self.select_id(row_id, 0)

    def append_row(self) -> None:
        line = self._current_line()
        parent_id = line.parent_id if line else None
        row_id = self._run(lambda: self.session.add_row("budget", None, parent_id))
        if row_id:
            self.select_id(row_id, 0)

    def add_child(self) -> None:
        line = self._current_line()
        if line is None:
            return
        row_id = self._run(lambda: self.session.add_row("budget", None, line.id))
        if row_id:
            self.select_id(row_id, 0)

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
        return TaskModel(session)


class IndicatorsPage(TablePage):
    table = "indicators"
    hint = ("偏差情况自动计算（灰底）；直接输入即为手工填写（✎ 标记），按 Delete 清除手工值。"
            "青色的目标值/完成值按定性指标处理。")

    def make_model(self, session, report):
        previous = None
        if self.previous_report is not None:
            previous = {(i.category1, i.category2, i.name): i.actual.text for i in self.previous_report.indicators}
        return IndicatorModel(session, previous=previous)
