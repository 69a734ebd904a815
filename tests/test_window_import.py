"""导入 Excel chosen from the 文件 menu with a file that cannot be imported: the dialog offers
spreadsheet files of every kind, an .ods file is told to be saved as .xlsx, and the count of problems
leaves out the notices (提示) that do not block an import."""
import openpyxl
import pytest

from conftest import open_editor
from helpers.menus import find_action
from helpers.modal import DialogAnswerer
from models.views import load_report
from reports.xlsx_export import export_workbook


@pytest.fixture
def window(sample_editor):
    return sample_editor


def import_from_menu(window, tmp_path, source):
    before = window.db.path.read_bytes()
    with DialogAnswerer(tmp_path, open_file=source) as answers:
        find_action(window, "文件", "导入 Excel").trigger()
    assert window.db.path.read_bytes() == before  # nothing written
    assert not answers.internal_errors()
    return answers


def test_an_ods_file_is_asked_to_be_saved_as_xlsx(window, tmp_path, monkeypatch):
    from ui import xlsx_io
    source = tmp_path / "自评表.ods"
    source.write_bytes(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
    filters, shown = [], []
    monkeypatch.setattr(xlsx_io, "open_file_name", lambda _w, _t, _f, wanted: filters.append(wanted) or str(source))
    monkeypatch.setattr(xlsx_io.ProblemsDialog, "exec", lambda dialog: shown.append(dialog.text.toPlainText()))
    before = window.db.path.read_bytes()
    find_action(window, "文件", "导入 Excel").trigger()
    assert "*.ods" in filters[0] and "*.xlsx" in filters[0]  # an .ods file can be chosen, to be told what to do
    assert shown and ".xlsx" in shown[0] and "另存" in shown[0], shown
    assert window.db.path.read_bytes() == before


def test_notices_are_not_counted_as_problems(window, tmp_path):
    source = tmp_path / "改过的.xlsx"
    export_workbook(load_report(window.db, window.session.report_id), source)
    book = openpyxl.load_workbook(source)
    sheet = book["预算信息"]
    leaf = next(row for row in sheet.iter_rows() if row[0].value and "培训" in str(row[0].value))
    leaf[1].value = "abc"    # a bad amount: blocks the import
    leaf[3].value = 999      # a typed 调整预算数: only a notice
    book.save(source)
    answers = import_from_menu(window, tmp_path, source)
    problems = next(s for s in answers.seen if s.title == "导入 Excel — 发现问题")
    assert "1 处问题" in problems.text, problems.text


def test_a_final_report_is_not_offered_for_replacing(qtbot, tmp_path, monkeypatch):
    from test_menu_walk import make_file
    from ui import xlsx_io
    import sqlite3
    path = make_file("final", tmp_path)
    with sqlite3.connect(path) as connection:  # the user's own report, not the sample
        connection.execute("UPDATE reports SET is_sample = 0")
    window = open_editor(qtbot, path, tmp_path)
    assert window.report.status == "final" and not window.report.is_sample
    source = tmp_path / "导出.xlsx"
    export_workbook(load_report(window.db, window.session.report_id), source)
    offered = []
    monkeypatch.setattr(xlsx_io, "open_file_name", lambda *_a: str(source))
    monkeypatch.setattr(xlsx_io.ImportPreviewDialog, "exec", lambda dialog: offered.append(dialog.replace.isEnabled()))
    find_action(window, "文件", "导入 Excel").trigger()
    assert offered == [False]
