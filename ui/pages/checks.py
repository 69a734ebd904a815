"""检查: the findings of every rule, refreshed after each edit; double-click or Enter goes to the cell."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout

from models.checks import ERROR, INFO, WARNING
from ui.pages.base import Page

LEVEL_COLOURS = {ERROR: QColor("#b00020"), WARNING: QColor("#9a6200")}
HEADERS = ["级别", "位置", "说明", "建议"]


class FindingsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.findings = []

    def set_findings(self, findings) -> None:
        self.beginResetModel()
        self.findings = list(findings)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (finding.level, finding.place, finding.message, finding.suggestion)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0 and finding.level in LEVEL_COLOURS:
            return QBrush(LEVEL_COLOURS[finding.level])
        return None


def count_title(findings) -> str:
    errors = sum(1 for f in findings if f.level == ERROR)
    warnings = sum(1 for f in findings if f.level == WARNING)
    hints = sum(1 for f in findings if f.level == INFO)
    return f"检查（错误 {errors} · 警告 {warnings} · 提示 {hints}）"


class ChecksPage(Page):

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel("正在检查……")
        layout.addWidget(self.summary)
        self.model = FindingsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)  # one line each; the whole text is in the tooltip
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the message takes what is left
        header.setStretchLastSection(False)
        self.view.doubleClicked.connect(self._jump)
        self.view.installEventFilter(self)
        layout.addWidget(self.view, 1)

    def _jump(self, index) -> None:
        if index.isValid() and index.row() < len(self.model.findings):
            self.jumpRequested.emit(self.model.findings[index.row()])

    def eventFilter(self, watched, event):
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()):
            self._jump(self.view.currentIndex())  # Enter goes to the finding, as a double-click does
            return True
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """位置 and 建议 as wide as their longest text, within a share of the width; 说明 gets the rest."""
        metrics = self.view.fontMetrics()
        width = max(self.view.viewport().width(), self.width() - 40, 600)
        padding = 24
        for column, share, attribute in ((1, 0.4, "place"), (3, 0.3, "suggestion")):
            texts = {getattr(f, attribute) or "" for f in self.model.findings}
            longest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            title = metrics.horizontalAdvance(HEADERS[column])
            self.view.horizontalHeader().resizeSection(column, int(min(max(longest, title) + padding, width * share)))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_columns()

    def showEvent(self, event):
        super().showEvent(event)
        self._fit_columns()  # sized while hidden, the view did not know its width yet

    def focus_first(self) -> None:
        self.view.setFocus()

    def load(self, session, report) -> None:
        self.model.set_findings([])
        self.summary.setText("正在检查……")

    def show_findings(self, findings) -> None:
        self.model.set_findings(findings)
        self._fit_columns()
        if not findings:
            self.summary.setText("没有发现问题。")
        else:
            errors = sum(1 for f in findings if f.level == ERROR)
            warnings = sum(1 for f in findings if f.level == WARNING)
            others = len(findings) - errors - warnings
            self.summary.setText(f"错误 {errors} 处，警告 {warnings} 处，提示 {others} 处。双击一条（或选中后按 Enter）即可转到对应位置。")
