"""报告 › 汇总…: every report of the open database in one table (the columns of `summary`), sortable by
any column, filtered by year and status; double-click or Enter opens a report in the editor; 导出 Excel
writes the rows shown, with totals (reports/xlsx_summary.py)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTableView, QVBoxLayout)

from models.errors import DomainError
from models.money import format_amount, format_rate
from models.summary import HEADINGS, SUMMARY_UNIT, SummaryRow, summarize, totals_of

ALL = "全部"
STATUSES = (ALL, "草稿", "定稿")
_NUMERIC = {0, 1, 4, 5, 6, 7, 9, 10}   # columns aligned right and sorted as numbers
_NONE_LAST = Decimal("-1e30")


def _sort_key(row: SummaryRow, column: int):
    keys = (row.id, row.year, row.department, (row.status, row.version or 0), row.adjusted, row.actual, row.rate,
            row.total, row.grade, row.errors, row.warnings)
    key = keys[column]
    return _NONE_LAST if key is None else key


class SummaryModel(QAbstractTableModel):
    def __init__(self, rows: list[SummaryRow], parent=None):
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            heading = HEADINGS[section]
            return f"{heading}（{SUMMARY_UNIT}）" if heading in ("调整预算数", "实际支出数") else heading
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = row.texts()[index.column()]
            return format_amount(getattr(row, ("adjusted", "actual")[index.column() - 4]), thousands=True) \
                if index.column() in (4, 5) else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if index.column() in _NUMERIC else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and row.fingerprint:
            return f"内容指纹 {row.fingerprint}"
        return None


class SummaryFilter(QSortFilterProxyModel):
    """Year and status filters; sorting by each column's value (numbers as numbers, empty last)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.year: int | None = None
        self.status: str = ALL

    def set_filter(self, year: int | None, status: str) -> None:
        self.beginFilterChange()
        self.year, self.status = year, status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent) -> bool:
        row = self.sourceModel().rows[source_row]
        if self.year is not None and row.year != self.year:
            return False
        return self.status == ALL or (row.status == "final") == (self.status == "定稿")

    def lessThan(self, left, right) -> bool:
        rows = self.sourceModel().rows
        return _sort_key(rows[left.row()], left.column()) < _sort_key(rows[right.row()], left.column())

    def shown_rows(self) -> list[SummaryRow]:
        rows = self.sourceModel().rows
        return [rows[self.mapToSource(self.index(n, 0)).row()] for n in range(self.rowCount())]


class SummaryDialog(QDialog):
    """The summary of the open database; `context` is the editor's (ui/session.EditorContext)."""

    def __init__(self, context, rows: list[SummaryRow] | None = None):
        super().__init__(context.parent)
        self.context = context
        self.setWindowTitle(f"汇总 — {context.db.name}")
        self.model = SummaryModel(rows if rows is not None else self._load())
        self.proxy = SummaryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.year_box = QComboBox()
        self._fill_years()
        self.status_box = QComboBox()
        for status in STATUSES:
            self.status_box.addItem(status, status)
        for box in (self.year_box, self.status_box):
            box.currentIndexChanged.connect(lambda _i: self._filter())
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)   # the database's order until a heading is clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.resizeColumnsToContents()
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.view.installEventFilter(self)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.export_button = QPushButton("导出 Excel(&E)…")
        self.export_button.clicked.connect(lambda _checked=False: self.export())
        self.open_button = QPushButton("打开报告(&O)")
        self.open_button.clicked.connect(lambda _checked=False: self.open_row(self.view.currentIndex().row()))
        self.refresh_button = QPushButton("刷新(&R)")
        self.refresh_button.clicked.connect(lambda _checked=False: self.refresh())
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("年度(&Y)："))
        filters.itemAt(filters.count() - 1).widget().setBuddy(self.year_box)
        filters.addWidget(self.year_box)
        filters.addWidget(QLabel("状态(&S)："))
        filters.itemAt(filters.count() - 1).widget().setBuddy(self.status_box)
        filters.addWidget(self.status_box)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.totals, 1)
        for button in (self.open_button, self.refresh_button, self.export_button, close):
            buttons.addWidget(button)
        note = QLabel(f"金额单位：{SUMMARY_UNIT}（以元填报的报告已折算为万元）。示例报告不计入汇总。"
                      f"双击一行或按回车键打开该报告。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.resize(1100, 600)
        self._filter()

    def _fill_years(self) -> None:
        chosen = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItem(f"{ALL}年度", None)
        for year in sorted({row.year for row in self.model.rows}, reverse=True):
            self.year_box.addItem(f"{year} 年度", year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(chosen)))
        self.year_box.blockSignals(False)

    def refresh(self) -> None:
        """Read every report again (after changes here or by others), the filters and the sort kept."""
        rows = self._load()
        self.model.beginResetModel()
        self.model.rows = rows
        self.model.endResetModel()
        self._fill_years()
        self._filter()

    def _load(self) -> list[SummaryRow]:
        self.context.commit_pending()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return summarize(self.context.db)
        finally:
            QApplication.restoreOverrideCursor()

    def _filter(self) -> None:
        self.proxy.set_filter(self.year_box.currentData(), self.status_box.currentData())
        totals = totals_of(self.proxy.shown_rows())
        self.totals.setText(
            f"合计 {totals.count} 份（{totals.status_label}）：调整预算数 {format_amount(totals.adjusted, True) or '—'} 万元，"
            f"实际支出数 {format_amount(totals.actual, True) or '—'} 万元，执行率 {format_rate(totals.rate) or '—'}；"
            f"错误 {totals.errors}，警告 {totals.warnings}" + (f"；等级 {totals.grades_label}" if totals.grades else ""))
        self.export_button.setEnabled(totals.count > 0)
        self.open_button.setEnabled(totals.count > 0)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_row(self.view.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def report_id_at(self, proxy_row: int) -> int | None:
        if not 0 <= proxy_row < self.proxy.rowCount():
            return None
        return self.model.rows[self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()].id

    def open_row(self, proxy_row: int) -> None:
        """Open the report of a row in the editor (the dialog stays, to go on to the next)."""
        report_id = self.report_id_at(proxy_row)
        if report_id is not None:
            self.context.reload(report_id)

    def export(self, target: str | None = None) -> bool:
        """The rows shown, with their totals, as a workbook."""
        from ui.dialogs import save_file_name
        from ui.settings import EXPORT_FOLDER

        year = self.year_box.currentData()
        if target is None:
            folder = EXPORT_FOLDER.read(self.context.settings)
            name = f"绩效自评汇总{f'-{year}' if year else ''}.xlsx"
            target = save_file_name(self, "导出汇总", str(Path(folder) / name), "Excel 工作簿 (*.xlsx)", "xlsx")
            if not target:
                return False
            EXPORT_FOLDER.write(self.context.settings, str(Path(target).parent))
        from reports.xlsx_summary import write_summary
        try:
            if self.context.db.path is not None:
                from models.paths import refuse_database_target
                refuse_database_target(target, self.context.db.path)
            write_summary(self.proxy.shown_rows(), target, year=year)
        except DomainError as error:
            QMessageBox.warning(self, "导出汇总", error.message)
            return False
        self.context.show_status(f"汇总已导出：{target}")
        return True
