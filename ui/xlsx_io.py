"""导出 Excel and 导入 Excel in the editor: a preview of what an import will write, and the list of
problems in a dialog whose text can be copied."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
    QRadioButton, QVBoxLayout)

from models.errors import DomainError
from models.views import load_report
from ui import outgoing
from ui.dialogs import open_file_name, save_file_name
from ui.pdf_output import safe_file_name
from ui.settings import EXPORT_FOLDER


class ProblemsDialog(QDialog):
    """Problems of a workbook, one per line, selectable and with a copy button."""

    def __init__(self, parent, title: str, lines: list[str], count: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        count = len(lines) if count is None else count  # the lines may hold notices (提示) besides problems
        layout.addWidget(QLabel(f"工作簿中有 {count} 处问题，未导入任何内容。请改正后重新导入："))
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        copy = QPushButton("复制全部(&C)")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)


class ImportPreviewDialog(QDialog):
    """What will be written, and where: a new report, or the tables of the open one."""

    def __init__(self, parent, summary: list[str], current_label: str | None):
        super().__init__(parent)
        self.setWindowTitle("导入 Excel")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("工作簿检查无误，将导入：\n　" + "\n　".join(summary)))
        self.as_new = QRadioButton("新建一份报告")
        self.as_new.setChecked(True)
        self.replace = QRadioButton(f"替换当前报告（{current_label}）的预算信息、年度重点任务和部门整体自评表"
                                    if current_label else "替换当前报告的三张表")
        self.replace.setEnabled(current_label is not None)
        group = QButtonGroup(self)
        group.addButton(self.as_new)
        group.addButton(self.replace)
        layout.addWidget(self.as_new)
        layout.addWidget(self.replace)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def export_excel(context, target: str | None = None) -> bool:
    report = context.report
    if target is None:
        folder = EXPORT_FOLDER.read(context.settings)
        name = safe_file_name(f"{report.year}年度{report.department}绩效自评表") + ".xlsx"
        target = save_file_name(context.parent, "导出 Excel", str(Path(folder) / name), "Excel 工作簿 (*.xlsx)", "xlsx")
        if not target:
            return False
        EXPORT_FOLDER.write(context.settings, str(Path(target).parent))
    from models.paths import refuse_database_target
    try:
        refuse_database_target(target, context.db.path)  # never over the reports' own file, lock or backups
    except DomainError as error:
        QMessageBox.warning(context.parent, "导出 Excel", error.message)
        return False
    choice = outgoing.ask_before_output(context, "导出 Excel")
    if choice == outgoing.CANCEL:
        return False
    from reports.xlsx_export import export_workbook
    try:
        export_workbook(load_report(context.db, context.report_id), target, draft=choice == outgoing.DRAFT)
    except DomainError as error:
        QMessageBox.warning(context.parent, "导出 Excel", error.message)
        return False
    context.show_status(f"已导出 {target}")
    return True


def import_excel(context, source: str | None = None, preview_dialog=ImportPreviewDialog,
                 problems_dialog=ProblemsDialog) -> int | None:
    """Read, validate, preview, then write in one transaction; returns the id of the report written."""
    if source is None:
        folder = EXPORT_FOLDER.read(context.settings)
        source = open_file_name(context.parent, "导入 Excel", folder,
                                "表格文件 (*.xlsx *.ods *.xls);;Excel 工作簿 (*.xlsx);;所有文件 (*)")
        if not source:
            return None
    from reports.xlsx_import import WorkbookError, describe, read_workbook
    try:
        data = read_workbook(source)
    except WorkbookError as error:
        problems_dialog(context.parent, "导入 Excel — 发现问题", [p.message() for p in error.problems],
                        sum(not p.notice for p in error.problems)).exec()
        return None
    except DomainError as error:
        QMessageBox.warning(context.parent, "导入 Excel", error.message)
        return None
    replaceable = (context.report is not None and not context.report.is_sample and context.report.status != "final"
                   and not context.db.read_only)  # a 定稿 report or a read-only file would refuse it afterwards
    current = f"{context.report.year} 年度 · {context.report.department}" if replaceable else None
    dialog = preview_dialog(context.parent, describe(data), current)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    from models.backup import make_backup
    from models.services.bulk import create_report_from_data
    context.commit_pending()
    try:
        make_backup(context.db.path)  # an import writes much at once: keep the state before it
        if dialog.replace.isChecked():  # one step of the editor: 撤销 puts the tables back
            context.session.replace_tables(data)
            context.show_status("导入完成（可撤销）")
            return context.report_id
        report_id = create_report_from_data(context.db, data)
    except DomainError as error:
        QMessageBox.warning(context.parent, "导入 Excel", error.message)
        return None
    context.reload(report_id)
    context.show_status("导入完成")
    return report_id
