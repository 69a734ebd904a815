"""定稿, 重新打开, 版本历史 (with comparison), 核对纸质件 and 以上年报告为基础新建, in the editor."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox,
    QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from models.compare import compare_contents
from models.errors import DomainError
from models.fingerprint import canonical_content
from models.next_year import create_next_year
from models.versions import FinalizeRefused, finalize, list_versions, reopen, verify_code, version_content
from models.views import load_report

CURRENT = -1


def finalize_report(window, confirm: bool = True) -> bool:
    """定稿, after the user has confirmed it (a final report refuses every edit until 重新打开)."""
    window._apply_pages()
    if confirm and not ask(window, "定稿",
                           f"确定将“{window.report.year} 年度 · {window.report.department}”定稿吗？\n\n"
                           f"定稿会保存一个版本并记下内容指纹；定稿后报告不能修改，"
                           f"如需修改须用“重新打开”并说明原因。", "定稿"):
        return False
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


def ask(window, title: str, text: str, yes: str) -> bool:
    """A question with the buttons `yes` and 取消 (the default, so Enter alone changes nothing)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=window)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept


class ReasonDialog(QDialog):
    """Why a final report is reopened: a text that may not be empty (it goes into the history)."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setWindowTitle("重新打开")
        layout = QVBoxLayout(self)
        label = QLabel("重新打开后可以修改报告，之后须重新定稿。\n请说明重新打开的原因（将记入版本历史）(&Y)：")
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        label.setBuddy(self.text)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        buttons.addButton("重新打开", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        for widget in (label, self.text, self.problem, buttons):
            layout.addWidget(widget)
        self.resize(480, 260)

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def _accept(self) -> None:
        if not self.reason():
            self.problem.setText("请填写重新打开的原因。")
            self.text.setFocus()
            return
        self.accept()


def reopen_report(window, reason: str | None = None) -> bool:
    if reason is None:
        dialog = ReasonDialog(window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason = dialog.reason()
    try:
        reopen(window.db, window.session.report_id, reason)
    except DomainError as error:
        QMessageBox.warning(window, "重新打开", error.message)
        return False
    window.reload_reports(window.session.report_id)
    window.show_status("报告已重新打开，可以修改；改完后请重新定稿。")
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
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
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


def ask_text(window, title: str, label: str) -> tuple[str, bool]:
    """A one-line question with 确定 / 取消 (QInputDialog's own buttons would be in English without
    Qt's translations)."""
    dialog = QInputDialog(window)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue(), accepted


def verify_paper_copy(window, code: str | None = None) -> str | None:
    if code is None:
        code, accepted = ask_text(window, "核对纸质件", "请输入页眉上印的内容指纹（12 位）：")
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
                          f"保留预算项目、重点任务和绩效指标的结构与目标值，清空金额、完成值、偏差和原因。\n\n"
                          f"上年的报告正文（二至六部分）是否保留，作为今年的初稿？", parent=window)
        keep = box.addButton("保留正文作为初稿", QMessageBox.ButtonRole.YesRole)
        empty = box.addButton("不保留正文", QMessageBox.ButtonRole.NoRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)
        box.exec()
        if box.clickedButton() not in (keep, empty):
            return None
        keep_narrative = box.clickedButton() is keep
    try:
        report_id = create_next_year(window.db, report.id, keep_narrative)
    except DomainError as error:
        QMessageBox.warning(window, "以上年报告为基础新建", error.message)
        return None
    window.reload_reports(report_id)
    return report_id
