"""Import: an unchanged exported 偏差情况 is no override; typed computed values are named, not dropped
silently; a sum row may hold =SUM(...); messages in sheet/row order, one per cell; .ods explained."""
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from models.services import set_field
from models.services.bulk import create_report_from_data
from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import WorkbookError, describe, read_workbook
from reports.xlsx_values import number_text

ROOT = Path(__file__).parent.parent


@pytest.fixture
def exported(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    return db, report_id, path


def changed(path, tmp_path, change, name="changed.xlsx"):
    book = openpyxl.load_workbook(path)
    change(book)
    target = tmp_path / name
    book.save(target)
    return target


def _row_of(sheet, name, column=3):
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, column).value == name)


def problems_of(path):
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    return caught.value.problems


# -- 偏差情况 ------------------------------------------------------------------------------------
def test_unchanged_exported_deviation_follows_a_new_completion_value(exported, tmp_path):
    db, _report_id, path = exported

    def new_actual(book):
        sheet = book["部门整体自评表"]
        row = _row_of(sheet, "预算执行率")
        assert number_text(sheet.cell(row, 7).value, sheet.cell(row, 7).number_format) == "-2.72%"
        sheet.cell(row, 5).value = "98%"          # 偏差情况 left as exported
    report = load_report(db, create_report_from_data(db, read_workbook(changed(path, tmp_path, new_actual))))
    row = next(r for r in report.indicators if r.name == "预算执行率")
    assert not row.is_overridden and row.deviation == "-2.00%"


def test_a_changed_deviation_is_an_override_and_an_exported_override_stays_one(exported, tmp_path):
    db, report_id, path = exported
    first = load_report(db, report_id).indicators[0]
    set_field(db, "indicators", first.id, "deviation_override", "5%")
    path = tmp_path / "with_override.xlsx"
    export_workbook(load_report(db, report_id), path)

    def edit(book):
        sheet = book["部门整体自评表"]
        sheet.cell(_row_of(sheet, "预算执行率"), 7).value = "-3%"
    report = load_report(db, create_report_from_data(db, read_workbook(changed(path, tmp_path, edit))))
    rows = {r.name: r for r in report.indicators}
    assert rows["预算执行率"].deviation_override == "-3%"
    assert rows[first.name].deviation_override == "5%"
    assert sum(1 for r in report.indicators if r.is_overridden) == 2


def test_the_computed_deviations_are_recorded_in_a_hidden_column(exported):
    _db, _report_id, path = exported
    sheet = openpyxl.load_workbook(path)["部门整体自评表"]
    assert sheet.column_dimensions["I"].hidden
    row = _row_of(sheet, "预算执行率")
    shown = sheet.cell(row, 7)  # a number with a percent format, as rates are in every sheet
    assert sheet.cell(row, 9).value == number_text(shown.value, shown.number_format) == "-2.72%"
    assert shown.value == -0.0272 and shown.number_format == "0.00%"


# -- computed columns ---------------------------------------------------------------------------
def test_values_typed_into_computed_columns_are_named_and_not_used(exported, tmp_path):
    db, _report_id, path = exported

    def edit(book):
        sheet = book["预算信息"]
        sheet["D5"].value = 999               # 调整预算数 of a project line
        sheet["F5"].value = 0.5               # 执行率 50 %
        sheet["D2"].value = 1                 # on the total
    source = changed(path, tmp_path, edit)
    data = read_workbook(source)
    notices = data["notices"]
    assert len(notices) == 3
    assert notices[0].startswith("提示：工作表“预算信息” 第2行 D列") and "下级之和" in notices[0]
    assert "第5行 D列" in notices[1] and "调整预算数由程序计算" in notices[1] and "12.45" in notices[1]
    assert "第5行 F列" in notices[2] and "“50.00%”" in notices[2] and "100.00%" in notices[2]
    assert notices[0] in describe(data)        # the editor's preview lists them
    report = load_report(db, create_report_from_data(db, data))
    assert report.budget[3].adjusted == Decimal("12.45")
    # the command line imports and says so on stderr
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", str(tmp_path / "n.db"),
                             str(source)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "1"
    assert "调整预算数由程序计算" in result.stderr and "执行率由程序计算" in result.stderr


def test_exported_computed_columns_give_no_notice(exported):
    _db, _report_id, path = exported
    assert read_workbook(path)["notices"] == []


# -- =SUM(...) on sum rows ----------------------------------------------------------------------
def _with_cached(path: Path, tmp_path: Path, cached: dict[str, str]) -> Path:
    """The workbook with results stored for its formulas, as a spreadsheet program saves them."""
    target = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                text = data.decode()
                for ref, value in cached.items():
                    text, count = re.subn(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>(?:<v\s*/>|<v></v>)',
                                          rf"\1<f>\2</f><v>{value}</v>", text)
                    assert count == 1
                data = text.encode()
            out.writestr(item, data)
    return target


def _sums(book):
    sheet = book["预算信息"]
    sheet["B2"].value = "=SUM(B3:B4)"
    sheet["E2"].value = "=sum(E3:E4)"
    sheet["C4"].value = "=SUM(C5:C19)"


def test_sum_formulas_without_stored_results_are_taken_as_the_sums(exported, tmp_path):
    db, report_id, path = exported
    data = read_workbook(changed(path, tmp_path, _sums))
    report = load_report(db, create_report_from_data(db, data))
    assert report.budget[0].initial == load_report(db, report_id).budget[0].initial
    assert data["notices"] == []


def test_sum_formulas_with_stored_results(exported, tmp_path):
    db, _report_id, path = exported
    right = _with_cached(changed(path, tmp_path, _sums), tmp_path,
                         {"B2": "2467.0899999999997", "E2": "2449.85", "C4": "-5.17"})
    create_report_from_data(db, read_workbook(right))
    wrong = _with_cached(changed(path, tmp_path, _sums), tmp_path, {"B2": "2467.1", "E2": "2449.85", "C4": "-5.17"})
    [problem] = problems_of(wrong)
    assert (problem.row, problem.column) == (2, "B") and "合计应等于下级之和 2467.09" in problem.message()


def test_other_formulas_and_sums_on_a_leaf_are_refused(exported, tmp_path):
    _db, _report_id, path = exported
    [problem] = problems_of(changed(path, tmp_path, lambda b: setattr(b["预算信息"]["B2"], "value", "=B3+B4")))
    assert "公式" in problem.message()
    [problem] = problems_of(changed(path, tmp_path, lambda b: setattr(b["预算信息"]["B5"], "value", "=SUM(B6:B7)")))
    assert (problem.row, problem.column) == (5, "B") and "合计行" in problem.message()


# -- order, one message per cell, .ods ----------------------------------------------------------
def test_one_message_per_cell_and_no_follow_on_sums(exported, tmp_path):
    _db, _report_id, path = exported
    problems = problems_of(changed(path, tmp_path, lambda b: setattr(b["预算信息"]["E5"], "value", "abc")))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("预算信息", 5, "E")]


def test_messages_in_sheet_and_row_order(exported, tmp_path):
    _db, _report_id, path = exported

    def many(book):
        book["部门整体自评表"].cell(3, 3).value = "=A1"
        book["预算信息"]["E9"].value = "x"
        book["预算信息"]["B5"].value = "y"
        book["基本信息"].cell(3, 2).value = "二〇二二"
        book["年度重点任务"].cell(2, 2).value = "=A2"
    problems = problems_of(changed(path, tmp_path, many))
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("基本信息", 3, "B"), ("预算信息", 5, "B"), ("预算信息", 9, "E"), ("年度重点任务", 2, "B"),
        ("部门整体自评表", 3, "C")]


@pytest.mark.parametrize("name, make", [
    ("ods zip", lambda p: _ods(p)),
    ("ods by name", lambda p: p.write_bytes(b"PK\x03\x04 not really")),
])
def test_an_ods_file_is_asked_to_be_saved_as_xlsx(tmp_path, name, make):
    path = tmp_path / "report.ods"
    make(path)
    [problem] = problems_of(path)
    assert "OpenDocument" in problem.message() and "另存为" in problem.message() and ".xlsx" in problem.message()


def _ods(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")


def test_an_ods_renamed_to_xlsx_is_recognised(tmp_path):
    path = tmp_path / "report.xlsx"
    _ods(path)
    [problem] = problems_of(path)
    assert "OpenDocument" in problem.message() and "另存为" in problem.message()


def test_an_old_xls_is_named(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    [problem] = problems_of(path)
    assert ".xls" in problem.message() and "另存为" in problem.message()
