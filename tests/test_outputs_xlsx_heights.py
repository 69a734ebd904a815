"""The exported workbook's rows are as tall as their wrapped text needs, so the workbook reads and
prints whole in Excel, WPS and LibreOffice (which do not grow a row to its text on opening a file)."""
import shutil
import subprocess
import time
from math import ceil
from unicodedata import east_asian_width

import pytest
from openpyxl import load_workbook

from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_heights import LINE_HEIGHT, MAX_HEIGHT, PADDING, display_width, lines_needed


def width_of(text: str) -> int:
    """Chinese, full-width and (as Chinese fonts draw them) ambiguous signs such as “ ” take two columns."""
    return sum(2 if east_asian_width(char) in "WFA" else 1 for char in text)


def lines_of(text: str, columns: float) -> int:
    room = columns - 1
    return sum(max(1, ceil(width_of(line) / room)) for line in text.split("\n"))


@pytest.mark.parametrize("text", ["abc", "预算执行率", "“12345”热线，满意率98.35%。", "（万元）", "a\nbc\n", ""])
def test_display_width_counts_chinese_twice(text):
    assert display_width(text) == width_of(text)


def test_lines_needed():
    assert lines_needed("", 10) == 1 and lines_needed(None, 10) == 1
    assert lines_needed("一" * 9, 19) == 1 and lines_needed("一" * 10, 19) == 2
    assert lines_needed("甲\n乙\n\n丙", 40) == 4          # explicit line breaks count, empty lines too
    assert lines_needed("a" * 90 + "\n" + "一" * 45, 31) == 3 + 3


@pytest.fixture
def workbook(sample, tmp_path):
    db, report_id = sample
    report = load_report(db, report_id)
    path = tmp_path / "sample.xlsx"
    export_workbook(report, path)
    return report, path, load_workbook(path)


def _merged_rows(sheet) -> dict[tuple[int, int], tuple[int, int]]:
    spans = {}
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = (merged.min_row, merged.max_row)
    return spans


def test_every_row_is_as_tall_as_its_longest_cell(workbook):
    _report, _path, book = workbook
    checked = 0
    for sheet in book.worksheets:
        widths = {column: sheet.column_dimensions[letter].width
                  for column, letter in enumerate("ABCDEFGH", 1) if not sheet.column_dimensions[letter].hidden}
        spans = _merged_rows(sheet)
        in_merge = {row for first, last in spans.values() for row in range(first, last + 1)}
        for row in sheet.iter_rows():
            number = row[0].row
            height = sheet.row_dimensions[number].height or LINE_HEIGHT + PADDING
            longest = 1
            for cell in row:
                if cell.column not in widths or not isinstance(cell.value, str):
                    continue
                indent = int(cell.alignment.indent or 0)
                lines = lines_of(" " * indent + cell.value, widths[cell.column])
                if (number, cell.column) in spans:  # a merged cell: its rows together hold it
                    first, last = spans[(number, cell.column)]
                    total = sum(sheet.row_dimensions[r].height or LINE_HEIGHT + PADDING for r in range(first, last + 1))
                    assert total >= min(lines * LINE_HEIGHT, MAX_HEIGHT) - 0.5, (sheet.title, number, cell.value)
                    continue
                longest = max(longest, lines)
            assert height >= min(longest * LINE_HEIGHT, MAX_HEIGHT) - 0.5, (sheet.title, number)
            if longest > 1:
                checked += 1
            if number not in in_merge:
                assert height <= longest * LINE_HEIGHT + PADDING + 0.5, (sheet.title, number)  # not padded out
    assert checked > 30  # the sample has many wrapped cells


def test_known_rows(workbook):
    report, _path, book = workbook
    budget = book["预算信息"]
    assert budget.row_dimensions[1].height >= 2 * LINE_HEIGHT  # 上年度结转及当年预算追加追减数（万元） wraps
    tasks = book["年度重点任务"]
    longest = max(report.tasks, key=lambda t: len(t.completion))
    row = 2 + report.tasks.index(longest)
    assert tasks.row_dimensions[row].height >= lines_of(longest.completion, 80) * LINE_HEIGHT
    info = book["基本信息"]
    assert info.row_dimensions[2].height is None or info.row_dimensions[2].height <= LINE_HEIGHT + PADDING
    assert info.row_dimensions[6].height == MAX_HEIGHT  # 二、年度履职目标完成情况: far past one row's limit


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler-utils not installed")
def test_libreoffice_prints_the_wrapped_text_whole(workbook, tmp_path):
    """LibreOffice's own PDF of the workbook holds every word of a tall wrapped cell."""
    report, path, _book = workbook
    profile = tmp_path / "lo-profile"
    started = time.monotonic()
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180, check=True)
    assert time.monotonic() - started < 180
    text = subprocess.run(["pdftotext", str(tmp_path / "sample.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(text.split())
    for task in report.tasks:
        tail = "".join(task.completion.split())[-12:]
        assert tail in flat, task.name  # the end of each long 完成情况 is printed, not cut off
