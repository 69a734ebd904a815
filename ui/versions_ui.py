"""定稿, 重新打开, 版本历史 (with comparison), 核对纸质件 and 以上年报告为基础新建, in the editor."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox,
    QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from models.compare import compare_contents
from models.errors import DomainError
from models.fingerprint import canonical_content
from models.next_year import create_next_year
from models.versions import FinalizeRefused, list_versions, verify_code, version_content
from models.views import load_report

CURRENT = -1


def finalize_report(context, confirm: bool = True) -> bool:
    """定稿, after the user has confirmed it (a final report refuses every edit until 重新打开)."""
    context.commit_pending()
    if confirm and not ask(context.parent, "定稿",
                           f"确定将“{context.report.year} 年度 · {context.report.department}”定稿吗？\n\n"
                           f"定稿会保存一个版本并记下内容指纹；定稿后报告不能修改，"
                           f"如需修改须用“重新打开”并说明原因。", "定稿"):
        return False
    try:
        version = context.editor.finalize().version
    except FinalizeRefused as refused:
        context.run_checks()
        context.show_finding(None)
        QMessageBox.warning(context.parent, "定稿", f"{refused.message}\n\n请先在“检查”页中改正错误。")
        return False
    except DomainError as error:
        QMessageBox.warning(context.parent, "定稿", error.message)
        return False
    context.reload(context.report_id)
    QMessageBox.information(context.parent, "定稿", f"已定稿：{version.label}，内容指纹 {version.short}。\n"
                                           f"定稿后不能修改；如需修改，请用“重新打开”并说明原因。")
    return True


def ask(parent, title: str, text: str, yes: str) -> bool:
    """A question with the buttons `yes` and 取消 (the default, so Enter alone changes nothing)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
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


def reopen_report(context, reason: str | None = None) -> bool:
    if reason is None:
        dialog = ReasonDialog(context.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason = dialog.reason()
    try:
        context.editor.reopen(reason)
    except DomainError as error:
        QMessageBox.warning(context.parent, "重新打开", error.message)
        return False
    context.reload(context.report_id)
    context.show_status("报告已重新打开，可以修改；改完后请重新定稿。")
    return True


class VersionsDialog(QDialog):
    """The versions of the open report, and the differences between any two (or the draft)."""

    def __init__(self, context):
        super().__init__(context.parent)
        self.context = context
        self.setWindowTitle("版本历史")
        self.versions = list_versions(context.db, context.report_id)
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
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table = table
        layout.addWidget(QLabel("定稿版本：" if self.versions else "还没有定稿版本。"))
        layout.addWidget(table)
        reprint = QHBoxLayout()  # an old final version, exactly as it was stored
        self.print_button = QPushButton("打印此版本(&P)…")
        self.export_button = QPushButton("导出此版本 PDF(&E)…")
        self.print_button.clicked.connect(lambda: self.print_version())  # not the button's checked flag
        self.export_button.clicked.connect(lambda: self.export_version())
        for button in (self.print_button, self.export_button):
            button.setEnabled(bool(self.versions))
            reprint.addWidget(button)
        reprint.addStretch(1)
        layout.addLayout(reprint)
        if self.versions:
            table.selectRow(len(self.versions) - 1)
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

    def chosen_version(self) -> int | None:
        """The number of the version selected in the table (the latest unless another is chosen)."""
        row = self.table.currentRow()
        return self.versions[row].number if 0 <= row < len(self.versions) else None

    def print_version(self) -> bool:
        from ui import pdf_output
        number = self.chosen_version()
        return number is not None and pdf_output.print_version(self.context, number)

    def export_version(self, target: str | None = None):
        from ui import pdf_output
        number = self.chosen_version()
        return None if number is None else pdf_output.export_version_pdf(self.context, number, target)

    def _content(self, number: int) -> dict:
        if number == CURRENT:
            return canonical_content(load_report(self.context.db, self.context.report_id))
        return version_content(self.context.db, self.context.report_id, number)

    def compare(self) -> list[str]:
        changes = compare_contents(self._content(self.left.currentData()), self._content(self.right.currentData()))
        self.differences.setPlainText("\n".join(changes) if changes else "两者内容相同。")
        return changes


def ask_text(parent, title: str, label: str) -> tuple[str, bool]:
    """A one-line question with 确定 / 取消 (QInputDialog's own buttons would be in English without
    Qt's translations)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue(), accepted


def verify_paper_copy(context, code: str | None = None) -> str | None:
    if code is None:
        code, accepted = ask_text(context.parent, "核对纸质件", "请输入页脚（Word 文件为页眉）上印的内容指纹（12 位）：")
        if not accepted:
            return None
    try:
        matches = verify_code(context.db, code)
    except DomainError as error:
        QMessageBox.warning(context.parent, "核对纸质件", error.message)
        return None
    if matches:
        text = "\n".join(f"属于 {year} 年度 · {department} 的{version.label}（{version.created_at:%Y-%m-%d %H:%M}）"
                         for version, year, department in matches)
    else:
        text = f"指纹 {code.strip()} 与本文件中的任何定稿版本都不符：这份纸质件不是本文件中定稿的版本。"
    QMessageBox.information(context.parent, "核对纸质件", text)
    return text


def new_from_last_year(context, keep_narrative: bool | None = None) -> int | None:
    report = context.report
    if keep_narrative is None:
        box = QMessageBox(QMessageBox.Icon.Question, "以上年报告为基础新建",
                          f"以“{report.year} 年度 · {report.department}”为基础新建 {report.year + 1} 年度报告：\n"
                          f"保留预算项目、重点任务和绩效指标的结构与目标值，清空金额、完成值、偏差和原因。\n\n"
                          f"上年的报告正文（二至六部分）是否保留，作为今年的初稿？", parent=context.parent)
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
        report_id = create_next_year(context.db, report.id, keep_narrative)
    except DomainError as error:
        QMessageBox.warning(context.parent, "以上年报告为基础新建", error.message)
        return None
    context.reload(report_id)
    context.session.editor.record_created(report.id)  # 撤销 removes the new report again
    context.session.historyChanged.emit()
    return report_id
