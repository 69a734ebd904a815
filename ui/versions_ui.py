"""定稿, 重新打开, 版本历史 (with comparison), 核对纸质件 and 以上年报告为基础新建, in the editor."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox,
    QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from models.compare import compare_contents
from models.errors import DomainError
from models.fingerprint import canonical_content
from models.next_year import create_next_year
from models.versions import FinalizeRefused, finalize, list_versions, reopen, verify_code, version_content
from models.views import load_report

CURRENT = -1


def finalize_report(window) -> bool:
    window._apply_pages()
    try:
        version = finalize(window.db, window.session.report_id)
    except FinalizeRefused as refused:
        window.checker.run_now()
        window.pages.show("checks")
        QMessageBox.warning(window, "定稿", f"{refused.message}\n\n请先在“检查”页中改正错误。")
        return False
    except DomainError as error:
        QMessageBox.warning(window, "定稿", error.message)
        return False
    window.reload_reports(window.session.report_id)
    QMessageBox.information(window, "定稿", f"已定稿：{version.label}，内容指纹 {version.short}。\n"
                                           f"定稿后不能修改；如需修改，请用“重新打开”并说明原因。")
    return True


def reopen_report(window, reason: str | None = None) -> bool:
    if reason is None:
        reason, accepted = QInputDialog.getMultiLineText(window, "重新打开", "请说明重新打开的原因（将记入版本历史）：")
        if not accepted:
            return False
    try:
        reopen(window.db, window.session.report_id, reason)
    except DomainError as error:
        QMessageBox.warning(window, "重新打开", error.message)
        return False
    window.reload_reports(window.session.report_id)
    return True


class VersionsDialog(QDialog):
    """The versions of the open report, and the differences between any two (or the draft)."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("版本历史")
        self.versions = list_versions(window.db, window.session.report_id)
        layout = QVBoxLayout(self)
        table = QTableWidget(len(self.versions), 4)  # read-only display of stored versions, not edited data
        table.setHorizontalHeaderLabels(["版本", "定稿时间", "内容指纹", "重新打开"])
        for row, version in enumerate(self.versions):
            reopened = (f"{version.reopened_at:%Y-%m-%d %H:%M}：{version.reopen_reason}"
                        if version.reopened_at else "")
            for column, text in enumerate([version.label, f"{version.created_at:%Y-%m-%d %H:%M:%S}",
                                           version.short, reopened]):
                table.setItem(row, column, QTableWidgetItem(text))
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(QLabel("定稿版本：" if self.versions else "还没有定稿版本。"))
        layout.addWidget(table)
        bar = QHBoxLayout()
        self.left, self.right = QComboBox(), QComboBox()
        for box in (self.left, self.right):
            for version in self.versions:
                box.addItem(version.label, version.number)
            box.addItem("当前内容", CURRENT)
        self.left.setCurrentIndex(max(0, len(self.versions) - 1))
        self.right.setCurrentIndex(self.right.count() - 1)
        compare = QPushButton("比较")
        compare.clicked.connect(self.compare)
        bar.addWidget(QLabel("比较"))
        bar.addWidget(self.left)
        bar.addWidget(QLabel("与"))
        bar.addWidget(self.right)
        bar.addWidget(compare)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.differences = QPlainTextEdit()
        self.differences.setReadOnly(True)
        layout.addWidget(self.differences, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 600)

    def _content(self, number: int) -> dict:
        if number == CURRENT:
            return canonical_content(load_report(self.window_.db, self.window_.session.report_id))
        return version_content(self.window_.db, self.window_.session.report_id, number)

    def compare(self) -> list[str]:
        changes = compare_contents(self._content(self.left.currentData()), self._content(self.right.currentData()))
        self.differences.setPlainText("\n".join(changes) if changes else "两者内容相同。")
        return changes


def verify_paper_copy(window, code: str | None = None) -> str | None:
    if code is None:
        code, accepted = QInputDialog.getText(window, "核对纸质件", "请输入页眉上印的内容指纹（12 位）：")
        if not accepted:
            return None
    try:
        matches = verify_code(window.db, code)
    except DomainError as error:
        QMessageBox.warning(window, "核对纸质件", error.message)
        return None
    if matches:
        text = "\n".join(f"属于 {year} 年度 · {department} 的{version.label}（{version.created_at:%Y-%m-%d %H:%M}）"
                         for version, year, department in matches)
    else:
        text = f"指纹 {code.strip()} 与本文件中的任何定稿版本都不符：这份纸质件不是本文件中定稿的版本。"
    QMessageBox.information(window, "核对纸质件", text)
    return text


def new_from_last_year(window, keep_narrative: bool | None = None) -> int | None:
    report = window.report
    if keep_narrative is None:
        box = QMessageBox(QMessageBox.Icon.Question, "以上年报告为基础新建",
                          f"以“{report.year} 年度 · {report.department}”为基础新建 {report.year + 1} 年度报告：\n"
                          f"保留预算项目、重点任务和绩效指标的结构与目标值，清空金额、完成值、偏差和原因。",
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, window)
        keep = QCheckBox("保留报告正文作为初稿")
        box.setCheckBox(keep)
        if box.exec() != QMessageBox.StandardButton.Ok:
            return None
        keep_narrative = keep.isChecked()
    try:
        report_id = create_next_year(window.db, report.id, keep_narrative)
    except DomainError as error:
        QMessageBox.warning(window, "以上年报告为基础新建", error.message)
        return None
    window.reload_reports(report_id)
    return report_id
