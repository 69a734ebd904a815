"""Fixes to the import of mof / sichuan workbooks after review: a deleted 预算信息 or 资金情况 sheet is
said (提示), the 总分 / 合计, grade and note rows are skipped whatever they hold (cleared with their
merges kept, a =SUM typed, their label cleared), a formula where a number belongs asks for a number,
a changed 预算执行率 weight is said, and a file that is no workbook is named in the message."""
import re
import zipfile

import openpyxl
import pytest

from main import main
from models.services.bulk import create_report_from_data
from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import WorkbookError, describe, read_workbook
from tests.test_forms_xlsx import scored_report, stored


@pytest.fixture(params=["mof", "sichuan"])
def exported(request, sample, tmp_path):
    """(db, report, path of its workbook, column of 分值/权重, column of 得分) under each scored form."""
    db, report_id = sample
    report = scored_report(db, report_id, request.param)
    path = tmp_path / "form.xlsx"
    export_workbook(report, path)
    columns = (6, 7) if request.param == "mof" else (8, 9)
    return db, report, path, *columns


def _errors(path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    return [problem.message() for problem in caught.value.problems if not problem.notice]


# ---- 1. a deleted sheet is said ----

@pytest.mark.parametrize("name", ["预算信息", "资金情况"], ids=["budget", "funding"])
def test_a_deleted_sheet_is_a_notice_on_stderr_and_in_the_preview(exported, tmp_path, name, capsys):
    db, report, path, *_ = exported
    book = openpyxl.load_workbook(path)
    del book[name]
    book.save(path)
    data = read_workbook(path)
    expected = (f"提示：工作簿中没有“{name}”工作表，未导入{name}：新建的报告将没有{name}，"
                f"替换已有报告时保留其原有的{name}")
    assert data["notices"] == [expected]
    assert ("budget" if name == "预算信息" else "funding") not in data
    assert expected in describe(data)  # the editor's preview lists the notices
    capsys.readouterr()
    assert main(["import", "--db", str(tmp_path / "new.db"), str(path)]) == 0
    assert expected in capsys.readouterr().err.splitlines()


# ---- 2. the total, grade and note rows ----

def _total_row(report) -> int:
    return len(report.indicators) + 2


def test_total_grade_and_note_rows_cleared_keeping_their_merges(exported):
    """Excel's Delete over the three rows below the indicators: values gone, merges kept."""
    db, report, path, *_ = exported
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    first = _total_row(report)
    for row in range(first, first + 3):
        for cell in sheet[row]:
            if type(cell).__name__ != "MergedCell":
                cell.value = None
    assert any(r.min_row == first for r in sheet.merged_cells.ranges)
    book.save(path)
    data = read_workbook(path)
    assert data["notices"] == []
    again = load_report(db, create_report_from_data(db, data))
    assert stored(again, False)["indicators"] == stored(report, False)["indicators"]


def test_a_sum_formula_in_the_total_row_is_skipped(exported):
    db, report, path, weight_column, score_column = exported
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    row = _total_row(report)
    for column in (weight_column, score_column):
        letter = openpyxl.utils.get_column_letter(column)
        sheet.cell(row, column).value = f"=SUM({letter}2:{letter}{row - 1})"
    sheet.cell(row + 1, weight_column).value = f'=IF({openpyxl.utils.get_column_letter(score_column)}{row}>=90,"优","良")'
    book.save(path)
    data = read_workbook(path)
    assert data["notices"] == []  # no stored result to compare (a file no spreadsheet program saved)
    assert stored(load_report(db, create_report_from_data(db, data)), False)["indicators"] == \
        stored(report, False)["indicators"]


def _store_result(path, cell_ref: str, result: str) -> None:
    """Give a formula cell the result a spreadsheet program would store with it (<v>)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, content in parts.items():
        if name.startswith("xl/worksheets/") and f'r="{cell_ref}"'.encode() in content:
            text = content.decode()
            text, count = re.subn(rf'(<c r="{cell_ref}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?',
                                  rf"\1<v>{result}</v>", text)
            assert count == 1
            parts[name] = text.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


def test_a_sum_formula_whose_result_differs_is_the_total_notice(exported):
    db, report, path, _weight_column, score_column = exported
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    row = _total_row(report)
    letter = openpyxl.utils.get_column_letter(score_column)
    sheet.cell(row, score_column).value = f"=SUM({letter}2:{letter}{row - 1})"
    book.save(path)
    _store_result(path, f"{letter}{row}", "12.5")
    data = read_workbook(path)
    from models.scoring import score_report
    total = score_report(report).total
    label = "总分" if report.form == "mof" else "合计"
    assert data["notices"] == [
        f"提示：工作表“部门整体自评表” 第{row}行 {letter}列：值为“=SUM({letter}2:{letter}{row - 1})（计算结果 12.50）”，"
        f"{label}由程序计算（各项得分之和），应为 {total}；填写的值未采用"]


def test_a_total_row_whose_label_was_cleared_is_still_the_total(exported):
    db, report, path, weight_column, _score_column = exported
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    row = _total_row(report)
    sheet.cell(row, 1).value = None  # the label only: 100.00 and the total score stay
    sheet.cell(row + 1, 1).value = None  # and the grade's label: 优 stays
    sheet.cell(row, weight_column).value = 90
    book.save(path)
    data = read_workbook(path)
    assert len(data["notices"]) == 1 and "应为 100.00" in data["notices"][0] and "90" in data["notices"][0]
    assert len(data["indicators"]) == len(report.indicators)


def test_a_formula_where_a_number_belongs_asks_for_a_number(exported):
    _db, _report, path, weight_column, _score_column = exported
    book = openpyxl.load_workbook(path)
    book["部门整体自评表"].cell(2, weight_column).value = "=1+1"
    book["部门整体自评表"].cell(2, 3).value = "=A1"  # 三级指标: text
    book.save(path)
    letter = openpyxl.utils.get_column_letter(weight_column)
    errors = _errors(path)
    assert f"工作表“部门整体自评表” 第2行 {letter}列：值为“=1+1”，单元格是公式，请改为数字（本程序不计算公式）" in errors
    assert "工作表“部门整体自评表” 第2行 C列：值为“=A1”，单元格是公式，请改为文字（本程序不计算公式）" in errors


# ---- 3. the 预算执行率 weight fixed by the form ----

def test_a_changed_execution_weight_is_a_notice(exported):
    db, report, path, *_ = exported
    book = openpyxl.load_workbook(path)
    column = 5 if report.form == "mof" else 6
    book["资金情况"].cell(3, column).value = 20
    book.save(path)
    data = read_workbook(path)
    letter = "E" if report.form == "mof" else "F"
    heading = "分值" if report.form == "mof" else "权重"
    assert data["notices"] == [f"提示：工作表“资金情况” 第3行 {letter}列：值为“20.00”，预算执行率的{heading}由表式规定为 "
                               "10.00，不能修改；填写的值未采用"]
    assert data["funding"]["total"].get("weight") is None


# ---- 4. a file that is no workbook ----

@pytest.mark.parametrize("content, expected", [
    (b"", "“报表.xlsx”是空文件，不是 Excel 工作簿（.xlsx），无法导入"),
    ("项目,内容\n年度,2022\n".encode(), "“报表.xlsx”不是 Excel 工作簿（.xlsx），无法导入；旧版 .xls 请先另存为 .xlsx，"
                                      "加密的工作簿请先取消密码"),
], ids=["empty", "text"])
def test_a_file_that_is_no_workbook_is_named(tmp_path, capsys, content, expected):
    path = tmp_path / "报表.xlsx"
    path.write_bytes(content)
    capsys.readouterr()
    assert main(["import", "--db", str(tmp_path / "r.db"), str(path)]) == 1
    assert capsys.readouterr().err.strip() == expected


def test_a_formula_as_the_year_asks_for_a_number(exported):
    _db, _report, path, *_ = exported
    book = openpyxl.load_workbook(path)
    info = book["基本信息"]
    row = next(r for r in range(2, info.max_row + 1) if info.cell(r, 1).value == "年度")
    info.cell(row, 2).value = "=2021+1"
    book.save(path)
    assert f"工作表“基本信息” 第{row}行 B列：值为“=2021+1”，单元格是公式，请改为数字（本程序不计算公式）" in _errors(path)


def test_a_formula_in_the_funding_rate_is_not_refused(exported):
    """执行率 is computed (全年执行数 ÷ 全年预算数): =D3/C3 typed there is as good as the number."""
    _db, report, path, *_ = exported
    book = openpyxl.load_workbook(path)
    column = 6 if report.form == "mof" else 5
    book["资金情况"].cell(3, column).value = "=D3/C3"
    book.save(path)
    assert read_workbook(path)["notices"] == []
