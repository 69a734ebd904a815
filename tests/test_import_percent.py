"""Import: a number shown as a percentage (or with fixed decimals) comes back as the text it shows."""
from decimal import Decimal

import openpyxl
import pytest

from models.checks import ERROR, run_checks
from models.services.bulk import create_report_from_data
from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import read_workbook
from reports.xlsx_values import number_text

COLUMNS = {"target": 4, "actual": 5, "deviation": 7}


@pytest.fixture
def exported(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    return db, report_id, path


def _row_of(sheet, name):
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 3).value == name)


def _put(sheet, row, column, value, number_format):
    cell = sheet.cell(row, column)
    cell.value = value
    cell.number_format = number_format


@pytest.mark.parametrize("value, number_format, text", [
    (0.0272, "0.00%", "2.72%"), (1, "0%", "100%"), (1, "0.00%", "100.00%"), (0.12345, "0.00%", "12.345%"),
    (0.027199999999999998, "0.00%", "2.72%"), (-0.0985, "0.00%", "-9.85%"), (0.5, "0%", "50%"),
    (5, "0.00", "5.00"), (5, "#,##0.00", "5.00"), (97.28, "General", "97.28"), (2022, "General", "2022"),
    (3, '0"个"', "3个"), (1e-7, "General", "0.0000001"), (12.5, "0.0", "12.5"), (12.25, "0.0", "12.25")])
def test_number_text(value, number_format, text):
    assert number_text(value, number_format) == text


def test_percent_cells_in_every_indicator_place_are_read_as_percentages(exported, tmp_path):
    db, _report_id, path = exported
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    balance = _row_of(sheet, "结转结余率")          # 结转结余率: =0% stated 0%, the table gives 2.72%
    _put(sheet, balance, COLUMNS["target"], 0, "0%")
    _put(sheet, balance, COLUMNS["actual"], 0.0272, "0.00%")
    _put(sheet, balance, COLUMNS["deviation"], 0.0272, "0.00%")
    execution = _row_of(sheet, "预算执行率")
    _put(sheet, execution, COLUMNS["target"], 1, "0%")
    _put(sheet, execution, COLUMNS["actual"], 0.9728, "0.00%")
    _put(sheet, execution, COLUMNS["deviation"], -0.03, "0.00%")
    count = _row_of(sheet, "监督检查次数")
    _put(sheet, count, COLUMNS["actual"], 40, "0.00")
    book["预算信息"]["F2"].number_format = "0.00%"  # 执行率 as exported: no notice when unchanged
    target = tmp_path / "percent.xlsx"
    book.save(target)

    data = read_workbook(target)
    assert data["notices"] == []
    by_name = {row["name"]: row for row in data["indicators"]}
    assert (by_name["结转结余率"]["target"], by_name["结转结余率"]["actual"], by_name["结转结余率"]["deviation"]) == (
        "0%", "2.72%", "2.72%")
    assert (by_name["预算执行率"]["target"], by_name["预算执行率"]["actual"], by_name["预算执行率"]["deviation"]) == (
        "100%", "97.28%", "-3.00%")
    assert by_name["监督检查次数"]["actual"] == "40.00"

    report = load_report(db, create_report_from_data(db, data))
    stored = {row.name: row for row in report.indicators}
    assert stored["结转结余率"].actual.text == "2.72%" and stored["结转结余率"].actual.value == Decimal("2.72")
    assert stored["预算执行率"].target.text == "100%" and stored["预算执行率"].actual.text == "97.28%"
    assert stored["预算执行率"].deviation == "-3.00%" and stored["预算执行率"].computed_deviation == "-2.72%"
    assert stored["监督检查次数"].actual.value == 40
    # 2.72% against =0%: the deviation is 100% by the seed's rule, and the typed 2.72% is an override
    assert stored["结转结余率"].deviation_override == "2.72%"
    findings = run_checks(report)
    assert not [f for f in findings if f.row_name == "结转结余率" and f.column == "actual"]  # now right


def test_the_rate_error_is_not_lost_when_a_bare_number_arrives(exported, tmp_path):
    """A file imported before this fix (or typed as 0.0272 by hand) still gets the seed's error."""
    db, _report_id, path = exported
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    _put(sheet, _row_of(sheet, "结转结余率"), COLUMNS["actual"], "0.0272", "General")
    target = tmp_path / "bare.xlsx"
    book.save(target)
    report = load_report(db, create_report_from_data(db, read_workbook(target)))
    errors = [f for f in run_checks(report) if f.level == ERROR and f.row_name == "结转结余率"]
    assert errors and any("2.72%" in f.message and "0.0272" in f.message for f in errors)


def test_percent_and_decimals_in_the_header_sheet_too(exported, tmp_path):
    _db, _report_id, path = exported
    book = openpyxl.load_workbook(path)
    info = book["基本信息"]
    row = next(r for r in range(2, info.max_row + 1) if info.cell(r, 1).value == "联系电话")
    _put(info, row, 2, 12345678, "General")
    target = tmp_path / "info.xlsx"
    book.save(target)
    assert read_workbook(target)["signoff"]["phone"] == "12345678"
