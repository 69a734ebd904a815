"""The report as an Excel workbook in the official layout (openpyxl).

Amounts are numbers formatted `#,##0.00`, rates numbers formatted as percentages — in every sheet:
a plain percentage in 部门整体自评表 (`97.21%`, `0.00%`) is a number with a percent format showing
as many decimals as it has; one 类别 heading stands over the two category columns, as in the seed;
类别 and duty cells are merged; long texts wrap; header rows are frozen and repeated on every printed page; the
print setup is A4, landscape where wide, one page wide; every row is as tall as its wrapped text
needs (`xlsx_heights`), since spreadsheet programs do not grow rows on opening a file. Text typed by a user is always written as
text, never as a formula, without the control characters a workbook cannot hold (a hand-edited file
may have them); in the page header an `&` is written `&&`, never read as a header code, and the header
is cut to Excel's 255 characters. A text longer than an Excel cell holds (a file from before the
length limits) is refused with a message naming it, never cut. The file is written atomically.

This is the seed's (Suzhou) workbook; a report in another form gets its form's sheets
(`xlsx_forms`, `xlsx_export_forms`), written with the same cells, styles and print setup.
"""
from __future__ import annotations

import io
import re
from copy import copy
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange

from models.errors import DomainError
from models.fields import printable
from models.limits import EXCEL_CELL
from reports.atomic import atomic_output
from reports.xlsx_heights import fit_rows
from reports.xlsx_layout import (
    DEVIATION_MARK_HEADING, INDICATOR_HEADINGS, INFO_HEADINGS, INFO_ITEMS, SHEET_BUDGET, SHEET_INDICATORS,
    SHEET_INFO, SHEET_TASKS, TASK_HEADINGS, budget_headings)

if TYPE_CHECKING:
    from models.views import ReportData

AMOUNT_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
HEAD_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
RIGHT = Alignment(vertical="center", horizontal="right")
INDENT_CHARACTERS = 1  # the width of one level of a cell's indent, in characters
HEADER_LIMIT = 255  # characters Excel allows in a page header or footer, its codes included


class _Styles:
    """Cell styles by name, built once per workbook and then copied: openpyxl hashes every style
    object on each assignment, which made styling most of an export's time. (A style array holds
    indexes into its own workbook's style tables, hence one cache per workbook.)"""

    @staticmethod
    def apply(cell, key, build) -> None:
        arrays = cell.parent.parent.__dict__.setdefault("_cached_style_arrays", {})
        array = arrays.get(key)
        if array is None:
            build(cell)
            arrays[key] = copy(cell._style)
        else:
            cell._style = copy(array)


STYLES = _Styles()


def put_text(cell, text: str | None) -> None:
    """A user's text as a text cell, whatever it starts with (=, +, -, @ are never a formula). Text
    longer than a cell holds is refused, never cut (openpyxl would cut it without a word)."""
    value = "" if text is None else printable(str(text))
    if len(value) > EXCEL_CELL:
        sheet = cell.parent
        label = sheet.cell(cell.row, 1).value if sheet.title == SHEET_INFO else \
            sheet.cell(1, cell.column).value or sheet.cell(1, cell.column - 1).value  # 类别 covers two columns
        raise DomainError(f"“{label}”（工作表“{sheet.title}” {cell.coordinate}）有 {len(value):,} 个字符，"
                          f"超过 Excel 每格最多 {EXCEL_CELL:,} 个字符，无法完整导出，未写出工作簿；"
                          f"请先在编辑器中删减")
    cell.value = value
    cell.data_type = "s"


def header_code_text(text: str, room: int) -> str:
    """Text for a page header as itself: `&` doubled (else `&F` would print the file name), control
    characters removed, cut with “…” to at most `room` characters of the header string."""
    escaped = printable(text).replace("&", "&&")
    if len(escaped) <= room:
        return escaped
    cut = escaped[:max(room - 1, 0)]
    if (len(cut) - len(cut.rstrip("&"))) % 2:
        cut = cut[:-1]  # never leave half of an &&
    return cut + "…" if room else ""


def _page_header(sheet, report, draft: bool) -> None:
    right = "&R草稿" if draft else ""
    year = f" {report.year} 年度"
    # openpyxl writes &L<left>&R<right>, leaving out a part whose text is None
    room = HEADER_LIMIT - len("&L") - len(right) - len(year)
    sheet.oddHeader.left.text = header_code_text(report.department, room) + year
    sheet.oddHeader.right.text = right[2:] or None
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def put_number(cell, value: Decimal | None, number_format: str) -> None:
    if value is None:
        cell.value = None
        return
    cell.value = value  # Decimal: written as its exact decimal text, never through a float

    def build(target):
        target.number_format, target.alignment, target.border = number_format, RIGHT, BORDER
    STYLES.apply(cell, ("number", number_format), build)


def _header(sheet, headings, widths, row: int = 1) -> None:
    """The heading row (the first unless the sheet has a title above it); a heading of None is covered
    by the merged heading on its left (类别)."""
    for column, (heading, width) in enumerate(zip(headings, widths), 1):
        cell = sheet.cell(row=row, column=column)
        if heading is not None:
            put_text(cell, heading)
        cell.font, cell.fill, cell.alignment, cell.border = HEAD_FONT, HEAD_FILL, CENTER, BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column, heading in enumerate(headings, 1):
        span = 1
        while heading is not None and column + span <= len(headings) and headings[column + span - 1] is None:
            span += 1
        if span > 1:
            sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span - 1)
    fit_rows(sheet, [["" if heading is None else heading for heading in headings]], list(widths), first_row=row)
    sheet.freeze_panes = f"A{row + 1}"
    sheet.print_title_rows = f"1:{row}"


def _print_setup(sheet, landscape: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def _text_style(cell, alignment=WRAP, key="wrap") -> None:
    def build(target):
        target.border, target.alignment = BORDER, alignment
    STYLES.apply(cell, key, build)


def _borders(sheet, rows: int, columns: int) -> None:
    """Borders and wrapping for the text cells that have no style yet (numbers have theirs)."""
    for row in sheet.iter_rows(min_row=2, max_row=rows, max_col=columns):
        for cell in row:
            if not cell.has_style:
                _text_style(cell)


def _merge_runs(sheet, column: int, values: list[str], first_row: int = 2) -> None:
    """Merge consecutive equal, non-empty cells of a column (类别, 对应部门主要职责).

    Done directly rather than with `merge_cells`, which restyles every covered cell one by one (most
    of a large export's time); the covered cells take the top cell's style, borders included.
    """
    letter = get_column_letter(column)
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start] or not values[start]:
            if index - 1 > start and values[start]:
                top_row, bottom_row = first_row + start, first_row + index - 1
                style = sheet.cell(top_row, column)._style
                for row in range(top_row + 1, bottom_row + 1):
                    covered = MergedCell(sheet, row, column)
                    covered._style = copy(style)
                    sheet._cells[(row, column)] = covered
                sheet.merged_cells.add(MergedCellRange(sheet, f"{letter}{top_row}:{letter}{bottom_row}"))
            start = index


def _info_sheet(book, report, items=INFO_ITEMS, extra: dict | None = None) -> None:
    sheet = book.active
    sheet.title = SHEET_INFO
    widths = [34, 100]
    _header(sheet, INFO_HEADINGS, widths)
    values = {"title": report.title, "year": report.year, "department": report.department,
              "amount_unit": report.amount_unit, **report.narrative, **report.signoff, **(extra or {})}
    for row, (field, label) in enumerate(items, 2):
        put_text(sheet.cell(row=row, column=1), label)
        value = values[field]
        if field == "year":
            sheet.cell(row=row, column=2).value = int(value)
        else:
            put_text(sheet.cell(row=row, column=2), value)
    for row in range(2, len(items) + 2):
        _text_style(sheet.cell(row=row, column=2), Alignment(wrap_text=True, vertical="top"), "top")
    _borders(sheet, len(items) + 1, 2)
    fit_rows(sheet, [[label, values[field]] for field, label in items], widths)
    _print_setup(sheet, landscape=False)


def _indent(depth: int) -> int:
    """Two steps of indent a level; capped at Excel's 255 for a file holding lines deeper than
    the program now allows (written by an older version)."""
    return min(depth * 2, 254)


def _budget_sheet(book, report) -> None:
    sheet = book.create_sheet(SHEET_BUDGET)
    headings = budget_headings(report.amount_unit)
    widths = [44, 16, 22, 16, 16, 12]
    _header(sheet, [h for _f, h in headings], widths)
    for row_number, line in enumerate(report.budget, 2):
        name = sheet.cell(row=row_number, column=1)
        put_text(name, line.name)

        def build(target, depth=line.depth, parent=line.is_parent):
            # an indent shows only with a horizontal alignment (LibreOffice, Excel)
            target.alignment = Alignment(horizontal="left", indent=_indent(depth), vertical="center", wrap_text=True)
            target.border = BORDER
            if parent:
                target.font = HEAD_FONT
        STYLES.apply(name, ("name", line.depth, line.is_parent), build)
        for column, value in ((2, line.initial), (3, line.adjustment), (4, line.adjusted), (5, line.actual)):
            put_number(sheet.cell(row=row_number, column=column), value, AMOUNT_FORMAT)
        rate = None if line.execution_rate is None else line.execution_rate / 100
        put_number(sheet.cell(row=row_number, column=6), rate, RATE_FORMAT)
        if line.depth:
            sheet.row_dimensions[row_number].outlineLevel = min(line.depth, 7)
    _borders(sheet, len(report.budget) + 1, 6)
    # the amounts do not wrap; a name stands in by its indent
    fit_rows(sheet, [[" " * (_indent(line.depth) * INDENT_CHARACTERS) + line.name] for line in report.budget], widths)
    _print_setup(sheet, landscape=False)


def _tasks_sheet(book, report) -> None:
    sheet = book.create_sheet(SHEET_TASKS)
    widths = [36, 30, 30, 80]
    _header(sheet, [h for _f, h in TASK_HEADINGS], widths)
    for row_number, task in enumerate(report.tasks, 2):
        for column, (field, _heading) in enumerate(TASK_HEADINGS, 1):
            put_text(sheet.cell(row=row_number, column=column), getattr(task, field))
    _borders(sheet, len(report.tasks) + 1, len(TASK_HEADINGS))
    duties = [task.duty for task in report.tasks]
    _merge_runs(sheet, 1, duties)
    fit_rows(sheet, [[t.duty, t.name, t.content, t.completion] for t in report.tasks], widths, merged={0: duties})
    _print_setup(sheet, landscape=True)


# A plain percentage as the seed writes one (`97.21%`, `-9.85%`, `100%`): at most 15 digits, so that
# the number is exact through Excel's precision and reads back as the same text.
_PERCENT = re.compile(r"-?(?:0|[1-9]\d{0,12})(?:\.(\d{1,13}))?%")
_CENTERED = (1, 2, 4, 5, 6, 7)
_PERCENT_COLUMNS = (4, 5, 7)  # 指标目标值, 指标完成值, 偏差情况


@lru_cache(maxsize=4096)  # a report repeats its percentages (0%, 0.00%, 100%): each converted once
def _percent_number(text: str) -> tuple[Decimal, str] | None:
    """The number and format of a cell showing `text` as a percentage, or None for other text."""
    match = _PERCENT.fullmatch(text)
    if match is None or len(text.replace("-", "").replace(".", "")) > 16:
        return None
    number = Decimal(text[:-1]).scaleb(-2)
    if number.is_zero() and text.startswith("-"):
        return None  # -0.00% would read back as 0.00%
    places = len(match.group(1) or "")
    return number, "0." + "0" * places + "%" if places else "0%"


def _put_percent(cell, number: Decimal, number_format: str) -> None:
    cell.value = number

    def build(target):
        target.number_format, target.alignment, target.border = number_format, CENTER, BORDER
    STYLES.apply(cell, ("center-percent", number_format), build)


def _indicators_sheet(book, report) -> None:
    sheet = book.create_sheet(SHEET_INDICATORS)
    widths = [12, 10, 36, 16, 16, 16, 12, 40]
    _header(sheet, [h for _f, h in INDICATOR_HEADINGS], widths)
    texts = []
    for row_number, item in enumerate(report.indicators, 2):
        values = [item.category1, item.category2, item.name, item.target.text, item.actual.text, item.source,
                  item.deviation or "", item.reason]
        texts.append(values)
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row=row_number, column=column)
            percent = _percent_number(value) if column in _PERCENT_COLUMNS and value.endswith("%") else None
            if percent is not None:
                _put_percent(cell, *percent)
                continue
            put_text(cell, value)
            if column in _CENTERED:
                _text_style(cell, CENTER, "center")
    _borders(sheet, len(report.indicators) + 1, len(INDICATOR_HEADINGS))
    first = [i.category1 for i in report.indicators]
    second = [f"{i.category1}\u0000{i.category2}" if i.category2 else "" for i in report.indicators]
    _merge_runs(sheet, 1, first)
    _merge_runs(sheet, 2, second)
    fit_rows(sheet, texts, widths, merged={0: first, 1: second})
    # Hidden: each row's computed 偏差情况 as written, so an import knows an unchanged one is no override.
    mark = len(INDICATOR_HEADINGS) + 1
    put_text(sheet.cell(row=1, column=mark), DEVIATION_MARK_HEADING)
    for row_number, item in enumerate(report.indicators, 2):
        if not item.is_overridden and item.deviation:
            put_text(sheet.cell(row=row_number, column=mark), item.deviation)
    sheet.column_dimensions[get_column_letter(mark)].hidden = True
    _print_setup(sheet, landscape=True)


def export_workbook(report: ReportData, target: str | Path, draft: bool = False) -> None:
    """Write the report's workbook to `target` atomically; a draft carries 草稿 on every printed page."""
    from models.forms import form_of
    from reports.xlsx_forms import is_seed_layout
    book = Workbook()
    form = form_of(report)
    if is_seed_layout(form):
        _info_sheet(book, report)
        _budget_sheet(book, report)
        _tasks_sheet(book, report)
        _indicators_sheet(book, report)
    else:
        from reports.xlsx_export_forms import form_sheets
        form_sheets(book, report, form)
    for sheet in book.worksheets:
        _page_header(sheet, report, draft)
    book.properties.title = printable(report.title)
    book.properties.creator = "绩效自评"
    # Saved in memory first: openpyxl leaves its zip open when a write fails (a full disk), and the
    # zip would complain again, with a traceback, when collected. The file is written in one step.
    buffer = io.BytesIO()
    book.save(buffer)
    with atomic_output(target) as temporary, open(temporary, "wb") as out:
        out.write(buffer.getbuffer())
