"""Import: a budget tree has one top line; an unindented row beside 预算总金额 is a problem naming it."""
import openpyxl
import pytest

from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import WorkbookError, read_workbook


def test_an_unindented_row_beside_the_total_is_refused(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    book = openpyxl.load_workbook(path)
    sheet = book["预算信息"]
    row = sheet.max_row + 1
    for column, value in enumerate(["另一行", 10, 0, None, 5], 1):
        sheet.cell(row, column).value = value
    changed = tmp_path / "two_tops.xlsx"
    book.save(changed)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(changed)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("预算信息", row, "A")
    assert "只能有一个最上一级" in problem.message() and "另一行" in problem.message()


def test_a_flat_list_without_levels_names_every_extra_top_row(tmp_path, sample):
    db, report_id = sample
    path = tmp_path / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    book = openpyxl.load_workbook(path)
    headings = [cell.value for cell in book["预算信息"][1]]
    book.remove(book["预算信息"])
    sheet = book.create_sheet("预算信息", 1)
    for values in (headings, ["甲", 1, 0, 1, 1, 1], ["乙", 1, 0, 1, 1, 1], ["丙", 2, 0, 2, 2, 1]):
        sheet.append(values)
    changed = tmp_path / "flat.xlsx"
    book.save(changed)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(changed)
    assert [(p.row, "只能有一个最上一级" in p.expected) for p in caught.value.problems if not p.notice] == [(3, True), (4, True)]
