"""检查: the findings of every rule, refreshed after each edit; double-click goes to the cell."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout

from models.checks import ERROR, WARNING
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
    return f"检查（错误 {errors} · 警告 {warnings}）"


class ChecksPage(Page):
    jumpRequested = Signal(object)  # a Finding

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
        header.resizeSection(1, 320)
        header.resizeSection(2, 520)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda index: self.jumpRequested.emit(self.model.findings[index.row()]))
        layout.addWidget(self.view, 1)

    def load(self, session, report) -> None:
        self.model.set_findings([])
        self.summary.setText("正在检查……")

    def show_findings(self, findings) -> None:
        self.model.set_findings(findings)
        if not findings:
            self.summary.setText("没有发现问题。")
        else:
            errors = sum(1 for f in findings if f.level == ERROR)
            warnings = sum(1 for f in findings if f.level == WARNING)
            others = len(findings) - errors - warnings
            self.summary.setText(f"错误 {errors} 处，警告 {warnings} 处，提示 {others} 处。双击一条即可转到对应单元格。")
