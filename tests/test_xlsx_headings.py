"""The workbook's headings as the original (one 类别 over the two category columns) and rates stored
the same way in every sheet (numbers with a percent format); the import reads new and old workbooks."""
from decimal import Decimal

from openpyxl import load_workbook

from models.services.bulk import create_report_from_data
from models.fingerprint import canonical_content
from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import read_workbook
from reports.xlsx_values import number_text


def _exported(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "r.xlsx"
    export_workbook(load_report(db, report_id), path)
    return db, report_id, path


def test_one_category_heading_merged_over_two_columns(sample, tmp_path):
    _db, _report_id, path = _exported(sample, tmp_path)
    sheet = load_workbook(path)["部门整体自评表"]
    assert [cell.value for cell in sheet[1]][:4] == ["类别", None, "指标名称", "指标目标值"]
    assert "A1:B1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert "一级类别" not in {cell.value for cell in sheet[1]} and "二级类别" not in {cell.value for cell in sheet[1]}


def test_plain_percentages_are_numbers_with_a_percent_format_in_every_sheet(sample, tmp_path):
    _db, _report_id, path = _exported(sample, tmp_path)
    book = load_workbook(path)
    indicators, budget = book["部门整体自评表"], book["预算信息"]
    row = next(r for r in range(2, indicators.max_row + 1) if indicators.cell(r, 3).value == "群众满意度")
    target, actual, deviation = indicators.cell(row, 4), indicators.cell(row, 5), indicators.cell(row, 7)
    assert target.value == ">=85%" and target.data_type == "s"  # a target with its operator stays text
    assert actual.value == 0.9721 and actual.number_format == "0.00%"
    assert deviation.value == 0 and deviation.number_format == "0.00%"
    assert number_text(actual.value, actual.number_format) == "97.21%"
    rate = budget.cell(2, 6)  # 执行率 of 预算总金额: the same kind of cell
    assert rate.value == 0.9728 and rate.number_format == "0.00%"
    whole = next(r for r in range(2, indicators.max_row + 1) if indicators.cell(r, 3).value == "绩效管理覆盖率")
    assert indicators.cell(whole, 5).value == 1 and indicators.cell(whole, 5).number_format == "0%"
    qualitative = indicators.cell(2, 7)  # 0% of a qualitative row
    assert qualitative.value == 0 and qualitative.number_format == "0%"


def test_the_new_workbook_reads_back_the_same_report(sample, tmp_path):
    db, report_id, path = _exported(sample, tmp_path)
    again = load_report(db, create_report_from_data(db, read_workbook(path)))
    assert canonical_content(again) == canonical_content(load_report(db, report_id))


def test_a_workbook_of_the_earlier_layout_still_imports(sample, tmp_path):
    db, report_id, path = _exported(sample, tmp_path)
    book = load_workbook(path)
    sheet = book["部门整体自评表"]
    sheet.unmerge_cells("A1:B1")
    sheet["A1"], sheet["B1"] = "一级类别", "二级类别"
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=7):
        for cell in row:  # percentages as text, as the earlier export wrote them
            if isinstance(cell.value, (int, float)) and "%" in cell.number_format:
                cell.value = number_text(cell.value, cell.number_format)
                cell.number_format = "General"
    old = tmp_path / "old.xlsx"
    book.save(old)
    assert load_workbook(old)["部门整体自评表"]["E2"].data_type == "s"
    again = load_report(db, create_report_from_data(db, read_workbook(old)))
    assert canonical_content(again) == canonical_content(load_report(db, report_id))


def test_a_percentage_typed_as_a_number_in_a_spreadsheet_reads_as_shown(sample, tmp_path):
    db, _report_id, path = _exported(sample, tmp_path)
    book = load_workbook(path)
    sheet = book["部门整体自评表"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == "群众满意度")
    sheet.cell(row, 5).value = 0.955
    sheet.cell(row, 5).number_format = "0.0%"
    book.save(tmp_path / "typed.xlsx")
    report = load_report(db, create_report_from_data(db, read_workbook(tmp_path / "typed.xlsx")))
    assert next(i for i in report.indicators if i.name == "群众满意度").actual.text == "95.5%"
    assert next(i for i in report.indicators if i.name == "群众满意度").actual.value == Decimal("95.5")
