"""The summary workbook (汇总): the columns of `summary`, a heading row, one row per report and a totals
row — amounts in 万元 as exact numbers, 执行率 as numbers with a percent format — written atomically."""
from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from models.fields import printable
from models.summary import HEADINGS, SUMMARY_UNIT, SummaryRow, totals_of
from reports.atomic import atomic_output

SHEET_TITLE = "汇总"
AMOUNT_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
SCORE_FORMAT = "0.00"
WIDTHS = (8, 8, 34, 24, 16, 16, 10, 9, 7, 7, 7)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
HEADING_ROW = 2   # row 1: the title and what the amounts are in


def column_headings() -> list[str]:
    """The heading row: the summary's columns, the amounts' unit named."""
    return [f"{heading}（{SUMMARY_UNIT}）" if heading in ("调整预算数", "实际支出数") else heading for heading in HEADINGS]


def title_text(year: int | None, count: int, years: tuple[int, ...] = ()) -> str:
    """The title row; with reports of several years, it says that the 合计 adds those years together."""
    which = f"{year} 年度" if year is not None else "全部年度"
    added = f"合计为 {'、'.join(str(y) for y in years)} 共 {len(years)} 个年度各行之和" if len(years) > 1 \
        else "合计为各行之和"
    return (f"绩效自评汇总（{which}，{count} 份报告）　金额单位：{SUMMARY_UNIT}（以元填报的报告已折算为万元，"
            f"保留两位小数；{added}）")


def display_width(text: str) -> int:
    """How many character widths a text takes (a Chinese character or full-width sign two)."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _text(cell, value: str) -> None:
    cell.value = printable(value)
    cell.data_type = "s"   # never a formula, whatever a department's name starts with


def _number(cell, value: Decimal | None, number_format: str) -> None:
    if value is not None:
        cell.value = value
        cell.number_format = number_format


def write_summary(rows: list[SummaryRow], target: str | Path, year: int | None = None) -> None:
    """Write the summary of `rows` to `target` (an .xlsx), whole or not at all."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    totals = totals_of(rows)
    _text(sheet.cell(1, 1), title_text(year, len(rows), totals.years))
    sheet.cell(1, 1).font = Font(bold=True)
    for column, heading in enumerate(column_headings(), 1):
        cell = sheet.cell(HEADING_ROW, column)
        _text(cell, heading)
        cell.font, cell.fill = Font(bold=True), _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    number = HEADING_ROW
    for number, row in enumerate(rows, HEADING_ROW + 1):
        sheet.cell(number, 1).value = row.id
        sheet.cell(number, 2).value = row.year
        _text(sheet.cell(number, 3), row.department)
        _text(sheet.cell(number, 4), row.status_label)
        _number(sheet.cell(number, 5), row.adjusted, AMOUNT_FORMAT)
        _number(sheet.cell(number, 6), row.actual, AMOUNT_FORMAT)
        _number(sheet.cell(number, 7), None if row.rate is None else row.rate / 100, RATE_FORMAT)
        _number(sheet.cell(number, 8), row.total, SCORE_FORMAT)
        _text(sheet.cell(number, 9), row.grade)
        sheet.cell(number, 10).value = row.errors
        sheet.cell(number, 11).value = row.warnings
    last = number + 1
    _text(sheet.cell(last, 1), "合计")
    if len(totals.years) > 1:  # the years it adds together, in its 年度 column (the title says so too)
        _text(sheet.cell(last, 2), totals.years_label)
    _text(sheet.cell(last, 3), f"{totals.count} 份报告")
    _text(sheet.cell(last, 4), totals.status_label)
    _number(sheet.cell(last, 5), totals.adjusted, AMOUNT_FORMAT)
    _number(sheet.cell(last, 6), totals.actual, AMOUNT_FORMAT)
    _number(sheet.cell(last, 7), None if totals.rate is None else totals.rate / 100, RATE_FORMAT)
    _text(sheet.cell(last, 9), totals.grades_label)
    sheet.cell(last, 10).value = totals.errors
    sheet.cell(last, 11).value = totals.warnings
    for column in range(1, len(HEADINGS) + 1):
        sheet.cell(last, column).font = Font(bold=True)
        for row_number in range(HEADING_ROW, last + 1):
            sheet.cell(row_number, column).border = _BORDER
    widths = list(WIDTHS)
    for column in (2, 3, 4, 9):  # the totals row's texts (2022–2023, 优 2，良 3，差 1) shown whole
        text = sheet.cell(last, column).value
        if isinstance(text, str):
            widths[column - 1] = max(widths[column - 1], display_width(text) + 2)
            sheet.cell(last, column).alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    sheet.freeze_panes = f"A{HEADING_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADING_ROW}:K{max(HEADING_ROW, last - 1)}"
    sheet.print_title_rows = f"{HEADING_ROW}:{HEADING_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.properties.title = "绩效自评汇总"
    book.properties.creator = "绩效自评"
    buffer = io.BytesIO()   # in memory first: a failed write leaves no half file (reports/atomic.py)
    book.save(buffer)
    with atomic_output(target) as temporary, open(temporary, "wb") as out:
        out.write(buffer.getbuffer())
