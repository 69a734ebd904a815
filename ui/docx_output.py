"""文件 › 导出 Word…: the whole report as an editable Word document, checked first like every output
(去修改 / 继续（标明草稿）), written on a worker thread with a progress, atomically, never over the
data file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from models.errors import DomainError
from models.views import load_report
from ui import outgoing
from ui.dialogs import save_file_name
from ui.pdf_output import run_with_progress, safe_file_name
from ui.settings import EXPORT_FOLDER

TITLE = "导出 Word"


def export_word(context, target: str | None = None):
    """Ask for a file name (unless given), check, then write the .docx; returns its DocxResult or
    None (cancelled, refused or failed, the user told why)."""
    report = context.report
    if target is None:
        folder = EXPORT_FOLDER.read(context.settings)
        name = safe_file_name(f"{report.year}年度{report.department}整体支出绩效自评报告") + ".docx"
        target = save_file_name(context.parent, TITLE, str(Path(folder) / name), "Word 文档 (*.docx)", "docx")
        if not target:
            return None
        EXPORT_FOLDER.write(context.settings, str(Path(target).parent))
    from models.paths import refuse_database_target
    try:
        refuse_database_target(target, context.db.path)  # never over the reports' own file, lock or backups
    except DomainError as error:
        QMessageBox.warning(context.parent, TITLE, error.message)
        return None
    choice = outgoing.ask_before_output(context, TITLE)
    if choice == outgoing.CANCEL:
        return None
    report = load_report(context.db, context.report_id)
    version_label = ""
    if report.status == "final":
        from models.versions import latest_version
        version = latest_version(context.db, report.id)
        version_label = version.label if version is not None else "定稿"

    def work(_step, _cancelled):
        from reports.docx import render_docx
        return render_docx(report, target, draft=choice == outgoing.DRAFT, version_label=version_label)

    result = run_with_progress(context, TITLE, lambda _n: "正在生成 Word 文档……", work)
    if result is not None:
        context.show_status(f"已导出 {target}（内容指纹 {result.fingerprint}）")
    return result
