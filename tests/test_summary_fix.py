"""Fixes to `summary` after review: a year without reports says so on stderr (stdout stays empty), the
workbook's 合计 says which years it adds together, and its texts are shown whole."""
from openpyxl import load_workbook

from bench.shared import unit_data
from main import main
from models.database import open_database
from models.services.bulk import create_report_from_data
from models.summary import summarize, totals_of
from reports.xlsx_summary import write_summary


def display_width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _database(tmp_path, years):
    path = tmp_path / "bureau.db"
    db = open_database(path)
    for number, year in enumerate(years, 1):
        create_report_from_data(db, dict(unit_data(number), year=year, department=f"单位{number}"))
    return db, str(path)


def test_a_year_without_reports_says_so_on_stderr(tmp_path, capsys):
    db, path = _database(tmp_path, [2022])
    db.close()
    capsys.readouterr()
    assert main(["summary", "--db", path, "--year", "2030"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == "没有 2030 年度的报告\n"


def test_no_reports_at_all_says_so(tmp_path, capsys):
    db, path = _database(tmp_path, [])
    db.close()
    capsys.readouterr()
    assert main(["summary", "--db", path]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == "没有报告（示例报告不计入汇总）\n"


def test_the_total_of_several_years_names_them(tmp_path, capsys):
    db, path = _database(tmp_path, [2022, 2023, 2022, 2024])
    db.close()
    out = tmp_path / "汇总.xlsx"
    assert main(["summary", "--db", path, "--xlsx", str(out)]) == 0
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][1] == "2022–2024"
    assert "合计为 2022、2023、2024 共 3 个年度各行之和" in rows[0][0]


def test_the_total_of_one_year_is_as_before(tmp_path):
    db, _path = _database(tmp_path, [2022, 2022])
    rows = summarize(db)
    db.close()
    write_summary(rows, tmp_path / "s.xlsx", year=2022)
    values = list(load_workbook(tmp_path / "s.xlsx").active.iter_rows(values_only=True))
    assert values[-1][0] == "合计" and values[-1][1] is None and "合计为各行之和" in values[0][0]


def test_years_label():
    def label(years):
        return totals_of([]).__class__(0, None, None, None, 0, 0, 0, 0, years=tuple(years)).years_label
    assert (label([2022]), label([2022, 2023]), label([2021, 2022, 2023]), label([2020, 2022, 2023])) == \
        ("2022", "2022、2023", "2021–2023", "2020、2022、2023")


def test_the_grades_of_the_total_row_are_shown_whole(tmp_path):
    """优 1，良 3，差 1 in the 等级 column (7 wide before): the column is widened and the cell wraps."""
    db, _path = _database(tmp_path, [2022])
    rows = summarize(db)
    db.close()
    from dataclasses import replace
    rows = [replace(rows[0], id=number, grade=grade) for number, grade in enumerate("优良良良差", 1)]
    write_summary(rows, tmp_path / "s.xlsx")
    sheet = load_workbook(tmp_path / "s.xlsx").active
    last = sheet.max_row
    assert sheet.cell(last, 9).value == "优 1，良 3，差 1"
    assert sheet.column_dimensions["I"].width >= display_width("优 1，良 3，差 1") + 1
    assert sheet.cell(last, 9).alignment.wrap_text
