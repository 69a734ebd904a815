"""What the report editor made undoable, and what it made reachable, driven as a user does through
the menus: an import over the tables and 以上年报告为基础新建 are undone by 撤销, and an old 定稿 version
is printed again from 版本历史."""
import sqlite3

import openpyxl
from PySide6.QtWidgets import QApplication, QDialog

from conftest import open_editor, stored_report
from helpers.menus import find_action
from helpers.modal import DialogAnswerer
from reports.xlsx_export import export_workbook


def own_editor(qtbot, sample, tmp_path):
    """The editor on a file whose one report is the user's own (not the sample), a draft."""
    db, _report_id = sample
    db.close()
    with sqlite3.connect(db.path) as connection:
        connection.execute("UPDATE reports SET is_sample = 0")
    return open_editor(qtbot, db.path, tmp_path)


def test_an_import_over_the_tables_is_undone_and_redone(qtbot, sample, tmp_path, monkeypatch):
    from ui import xlsx_io
    window = own_editor(qtbot, sample, tmp_path)
    tasks = window.pages.show("tasks")
    before = stored_report(window)
    source = tmp_path / "改过的.xlsx"
    export_workbook(before, source)
    book = openpyxl.load_workbook(source)
    cell = next(cell for sheet in book for row in sheet.iter_rows() for cell in row
                if cell.value == before.tasks[0].name)
    cell.value = "导入的任务名称"
    book.save(source)
    monkeypatch.setattr(xlsx_io, "open_file_name", lambda *_a: str(source))
    monkeypatch.setattr(xlsx_io.ImportPreviewDialog, "exec",
                        lambda dialog: dialog.replace.setChecked(True) or QDialog.DialogCode.Accepted)
    find_action(window, "文件", "导入 Excel").trigger()
    assert stored_report(window).tasks[0].name == "导入的任务名称"
    assert tasks.model.rows[0].name == "导入的任务名称"  # shown at once, the same report still open
    undo = find_action(window, "编辑", "撤销")
    assert undo.isEnabled() and "导入 Excel" in undo.text()
    undo.trigger()
    after_undo = stored_report(window)
    assert (after_undo.tasks, after_undo.budget, after_undo.indicators) == (
        before.tasks, before.budget, before.indicators)  # the very rows again, ids included
    assert tasks.model.rows == before.tasks
    find_action(window, "编辑", "重做").trigger()
    assert stored_report(window).tasks[0].name == "导入的任务名称" == tasks.model.rows[0].name


def test_a_report_made_from_last_years_is_removed_by_undo(qtbot, sample, tmp_path):
    window = own_editor(qtbot, sample, tmp_path)
    year = window.report.year
    with DialogAnswerer(tmp_path, choices={"以上年报告为基础新建": "不保留正文"}):
        find_action(window, "报告", "以上年报告为基础新建").trigger()
    assert window.report.year == year + 1 and window.switcher.count() == 2
    undo = find_action(window, "编辑", "撤销")
    assert "以上年报告为基础新建" in undo.text()
    with DialogAnswerer(tmp_path, choices={"撤销": "取消"}) as answers:  # it asks first: the report goes
        undo.trigger()
    assert any(f"删除 {year + 1} 年度报告" in seen.text for seen in answers.seen)
    assert window.report.year == year + 1 and window.switcher.count() == 2
    with DialogAnswerer(tmp_path, choices={"撤销": "删除并撤销"}):
        undo.trigger()
    assert window.report.year == year and window.switcher.count() == 1
    assert [r.year for r in __import__("models.views").views.list_reports(window.db)] == [year]
    assert not find_action(window, "编辑", "撤销").isEnabled()


def test_an_old_final_version_is_exported_again_from_the_version_history(qtbot, sample, tmp_path):
    from models.versions import list_versions
    from ui.versions_ui import VersionsDialog
    db, report_id = sample
    from models.services import set_field
    from models.views import load_report
    row = next(i for i in load_report(db, report_id).indicators if i.name == "结转结余率")
    set_field(db, "indicators", row.id, "actual", "2.72%")  # no error left: it can be made final
    set_field(db, "indicators", row.id, "reason", "年末结转资金")
    window = own_editor(qtbot, sample, tmp_path)
    with DialogAnswerer(tmp_path, choices={"定稿": "定稿"}):
        find_action(window, "报告", "定稿").trigger()
        QApplication.processEvents()
    assert window.report.status == "final"
    with DialogAnswerer(tmp_path, choices={"重新打开": "重新打开"}, reason="改预算"):
        window.reopen("改预算")
    model = window.pages.show("budget").model
    leaf = next(r for r in model.rows if not r.is_parent and r.actual is not None)
    model.setData(model.index_of(leaf.id, 4), "1")
    dialog = VersionsDialog(window.context)
    assert dialog.print_button.isEnabled() and dialog.export_button.text().startswith("导出此版本 PDF")
    with DialogAnswerer(tmp_path) as answers:  # clicked as a user does (a click hands the button's flag)
        dialog.export_button.click()
        qtbot.waitUntil(lambda: any(p.exists() for p in answers.saved_files), timeout=20000)
        assert not answers.internal_errors()
    dialog.reject()
    target = next(p for p in answers.saved_files if p.exists())
    version = list_versions(window.db, window.report.id)[0]
    import subprocess
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True).stdout
    assert "定稿" in text and "草稿" not in text and version.short in text  # exactly what was made final
