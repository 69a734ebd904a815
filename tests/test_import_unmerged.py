"""Import of a workbook whose merged cells were removed (Excel 取消单元格合并, as before sorting): a
类别 / 对应部门主要职责 column with no merge at all is filled down from the row above, with one notice
per column; a column that still has merges is read as before."""
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import open_editor
from helpers.menus import find_action
from models.fingerprint import canonical_content
from models.services.bulk import create_report_from_data
from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import describe, read_workbook

ROOT = Path(__file__).parent.parent
FILLED = "没有合并单元格"


@pytest.fixture
def exported(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    return db, report_id, path


def unmerged(path, tmp_path, keep=lambda sheet, ref: False, change=None):
    """The workbook with every merge removed (but those `keep` names), as Excel leaves it: the value in
    the top cell only."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for merged in list(sheet.merged_cells.ranges):
            if not keep(sheet.title, str(merged)):
                sheet.unmerge_cells(str(merged))
    if change:
        change(book)
    target = tmp_path / "unmerged.xlsx"
    book.save(target)
    return target


def fill_notices(data):
    return [notice for notice in data["notices"] if FILLED in notice]


def test_an_unmerged_workbook_reads_as_the_merged_one(exported, tmp_path):
    db, report_id, path = exported
    source = unmerged(path, tmp_path)
    book = openpyxl.load_workbook(source)
    assert not any(sheet.merged_cells.ranges for sheet in book.worksheets)
    assert book["部门整体自评表"]["A3"].value is None and book["年度重点任务"]["A7"].value is None

    data = read_workbook(source)
    imported = load_report(db, create_report_from_data(db, data))
    sample = load_report(db, report_id)
    assert [t.duty for t in imported.tasks] == [t.duty for t in sample.tasks]
    assert [(i.category1, i.category2) for i in imported.indicators] == \
        [(i.category1, i.category2) for i in sample.indicators]
    assert canonical_content(imported)["tasks"] == canonical_content(sample)["tasks"]
    assert canonical_content(imported)["indicators"] == canonical_content(sample)["indicators"]

    assert fill_notices(data) == [
        "提示：工作表“年度重点任务”的对应部门主要职责列（A列）没有合并单元格，空白的 6 格已按上一行填写（第7–9、11–12、14行）",
        "提示：工作表“部门整体自评表”的一级类别列（A列）没有合并单元格，空白的 74 格已按上一行填写（第3–76行）",
        "提示：工作表“部门整体自评表”的二级类别列（B列）没有合并单元格，空白的 70 格已按上一行填写（第3–7、9–32、34行…）",
    ]
    assert all(notice in describe(data) for notice in fill_notices(data))  # shown in the editor's preview


def test_a_merged_workbook_has_no_fill_notice(exported):
    _db, _report_id, path = exported
    assert fill_notices(read_workbook(path)) == []


def test_a_column_that_still_has_a_merge_is_not_filled(exported, tmp_path):
    """Only the B column lost its merges; one duty merge is left, so empty duties stay empty."""
    db, report_id, path = exported
    source = unmerged(path, tmp_path, keep=lambda sheet, ref: ref.startswith("A") and ref != "A10:A12")
    data = read_workbook(source)
    assert [notice.split("列（")[0] for notice in fill_notices(data)] == ["提示：工作表“部门整体自评表”的二级类别"]
    sample = load_report(db, report_id)
    duties = [task["duty"] for task in data["tasks"]]
    assert duties[9] == "" and duties[8] == sample.tasks[8].duty  # rows 10–12 no longer merged: as today
    assert [i["category2"] for i in data["indicators"]] == [i.category2 for i in sample.indicators]


def test_the_fill_stays_within_the_table(exported, tmp_path):
    """The first data row has nothing above it but the header; a wholly empty row stays out; a typed
    value starts a new run."""
    _db, _report_id, path = exported

    def change(book):
        sheet = book["年度重点任务"]
        sheet["A2"] = None          # the first task: no duty, and the heading is not taken for one
        sheet["A7"] = "新的职责"      # typed into a run that used to be merged (rows 6–9): a new run
        sheet.insert_rows(8)        # an empty row in the run: not made a task by the fill
    data = read_workbook(unmerged(path, tmp_path, change=change))
    duties = [task["duty"] for task in data["tasks"]]
    assert len(duties) == 14 and duties[0] == ""
    assert duties[4] == load_report(_db, _report_id).tasks[4].duty != "新的职责"
    assert duties[5:8] == ["新的职责"] * 3  # rows 7, 9 and 10 (over the empty row 8)


def test_the_command_line_says_so_and_imports(exported, tmp_path):
    _db, _report_id, path = exported
    source = unmerged(path, tmp_path)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", str(tmp_path / "new.db"),
                           str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr
    assert done.stderr.count(FILLED) == 3 and "一级类别列（A列）" in done.stderr


def test_the_editor_preview_shows_the_notice(qtbot, exported, tmp_path, monkeypatch):
    from ui import xlsx_io
    db, _report_id, path = exported
    source = unmerged(path, tmp_path)
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    shown = []
    monkeypatch.setattr(xlsx_io, "open_file_name", lambda *_a: str(source))
    monkeypatch.setattr(xlsx_io.ImportPreviewDialog, "exec",
                        lambda dialog: shown.append(" ".join(label.text() for label in dialog.findChildren(
                            xlsx_io.QLabel))) or 0)
    before = db.path.read_bytes()
    find_action(window, "文件", "导入 Excel").trigger()
    assert shown and "二级类别列（B列）没有合并单元格" in shown[0], shown
    assert db.path.read_bytes() == before  # cancelled: nothing written
