"""Reading a workbook in the exported layout back into report data — safely, and all or nothing.

Every problem is collected with its sheet, row, column letter, the value found and what was
expected, listed in sheet and row order, one per cell; nothing is written unless the whole workbook
is valid. Values typed into derived columns (调整预算数, 执行率) are not used: a notice says so
without blocking the import. Numbers are read as the spreadsheet shows them (`2.72%` stored as
0.0272 with a percent format reads `2.72%`). An exported 偏差情况 that still equals the computed
value our export recorded beside it (a hidden column) is not an override.
Untrusted files: openpyxl parses their XML through defusedxml (installed with the program), formulas
are refused, never evaluated — except `=SUM(...)` on a sum row, whose cached result must equal the
children's sum — and a workbook that is not a zip, is encrypted or is far too large is refused up front,
as is one that would take unbounded time or memory to load (reports/xlsx_bounds.py reads its raw XML
first: merged ranges, cells, rows, text), before openpyxl expands anything.
Control characters are dropped from every text read; a value the services would refuse (a target too
large to compute with, say) is a problem here, never a failure while writing.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from models.errors import DomainError
from models.limits import FIELD_LIMITS
from models.services.common import printable, within_limit
from models.services.reports import AMOUNT_UNITS, parse_fill_date, parse_year
from models.services.rows import TABLES
from reports.xlsx_bounds import check_bounds
from reports.xlsx_import_budget import read_budget
from reports.xlsx_layout import (
    DEVIATION_MARK_HEADING, INDICATOR_HEADINGS, INFO_ITEMS, SHEET_INDICATORS, SHEET_INFO, SHEET_TASKS,
    TASK_HEADINGS)
from reports.xlsx_sheet import MAX_ROWS, CachedValues, Problem, Sheet, WorkbookError, heading_key, in_order

__all__ = ["MAX_ROWS", "Problem", "WorkbookError", "describe", "read_workbook"]
SAVE_AS_XLSX = "请在 LibreOffice、WPS 或 Excel 中打开它，“另存为” Excel 工作簿（.xlsx）后再导入"


def _is_opendocument(path: Path, names: set[str] | None) -> bool:
    if path.suffix.lower() in (".ods", ".fods", ".ots"):
        return True
    if names is not None and "mimetype" in names:
        with zipfile.ZipFile(path) as archive:
            return b"opendocument" in archive.read("mimetype")[:100]
    return False


def _open(path: Path):
    from openpyxl import load_workbook
    if not path.exists():
        raise DomainError(f"找不到文件：{path}")
    if path.stat().st_size == 0 or not zipfile.is_zipfile(path):
        if _is_opendocument(path, None):
            raise WorkbookError([Problem(None, None, None, None, f"这是 OpenDocument 表格（.ods），{SAVE_AS_XLSX}")])
        with path.open("rb") as file:
            old_format = file.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        raise WorkbookError([Problem(None, None, None, None,
                                     f"是旧版 Excel 工作簿（.xls）或加密的工作簿；加密的请先取消密码，{SAVE_AS_XLSX}"
                                     if old_format else
                                     "不是 Excel 工作簿（.xlsx）；旧版 .xls 请先另存为 .xlsx，加密的工作簿请先取消密码")])
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
        if _is_opendocument(path, names):
            raise WorkbookError([Problem(None, None, None, None, f"这是 OpenDocument 表格（.ods），{SAVE_AS_XLSX}")])
        if "xl/workbook.xml" not in names:
            raise WorkbookError([Problem(None, None, None, None, "不是 Excel 工作簿（缺少 xl/workbook.xml）")])
        if expanded > 500 * 1024 * 1024:
            raise WorkbookError([Problem(None, None, None, None, "解压后超过 500 MB，不像是报告工作簿")])
        check_bounds(path)  # before openpyxl expands merged ranges or holds any cell
        return load_workbook(path, data_only=False, rich_text=False)
    except WorkbookError:
        raise
    except Exception as error:  # the parser's own (English) words are no help to the user: kept out
        raise WorkbookError([Problem(None, None, None, None, _unreadable(error))]) from None


def _unreadable(error: Exception) -> str:
    """Why openpyxl could not load the workbook, in the user's words."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException

    if isinstance(error, DefusedXmlException):
        return "含有 XML 实体或文档类型声明，出于安全原因不予读取"
    if isinstance(error, PermissionError):
        return "无法打开：没有读取权限，或文件正被其他程序独占"
    if isinstance(error, OSError) and not isinstance(error, zipfile.BadZipFile):
        return "读取文件时出错，请确认文件完整、可以读取后重试"
    if isinstance(error, ParseError) or "invalid XML" in str(error):
        return f"内部的 XML 内容有误（文件可能已损坏），无法读取；{SAVE_AS_XLSX}"
    return f"内部结构有误或不完整（文件可能已损坏），无法读取；{SAVE_AS_XLSX}"


def _info(book, problems) -> dict:
    sheet = Sheet(book, SHEET_INFO, [("label", "项目"), ("value", "内容")], problems)
    data = {"narrative": {}, "signoff": {}}
    if not sheet.ok:
        return data
    by_label = {heading_key(label): field for field, label in INFO_ITEMS}
    seen = set()
    for number, cells in sheet.rows():
        field = by_label.get(heading_key(sheet.text(cells["label"])))
        if field is None:
            continue
        seen.add(field)
        value_cell = cells["value"]
        value = printable(sheet.text(value_cell))
        try:
            if field in FIELD_LIMITS:  # as long as the services accept (models/limits.py)
                within_limit(value.strip(), field)
            if field == "year":
                data["year"] = parse_year(value)
            elif field == "amount_unit":
                if value.strip() not in AMOUNT_UNITS:
                    raise DomainError("金额单位应为“万元”或“元”")
                data["amount_unit"] = value.strip()
            elif field == "fill_date":
                data["signoff"]["fill_date"] = parse_fill_date(value)
            elif field in ("preparer", "phone", "finance_head", "unit_head"):
                data["signoff"][field] = value
            elif field in ("title", "department"):
                data[field] = value
            else:
                data["narrative"][field] = value
        except DomainError as error:
            problems.append(Problem(SHEET_INFO, number, value_cell.column_letter, value, error.message))
    if "year" not in seen:
        problems.append(Problem(SHEET_INFO, None, None, None, "缺少“年度”"))
    return data


def _rows(book, problems, name, headings, mergeable) -> list[dict]:
    sheet = Sheet(book, name, headings, problems, mergeable)
    if not sheet.ok:
        return []
    return [_row_values(sheet, cells, "tasks") for _number, cells in sheet.rows()]


def _row_values(sheet: Sheet, cells, table: str) -> dict:
    values = {field: printable(sheet.text(cells[field]).strip() if field not in ("completion", "reason", "duty")
                               else sheet.text(cells[field])) for field in cells}
    fields = TABLES[table].fields
    for field, value in values.items():
        if field in fields:
            try:
                fields[field][1](value)  # as the services will store it
            except DomainError as error:
                sheet.report(cells[field], value, error.message)
    return values


def _indicators(book, problems) -> list[dict]:
    """The indicators; a 偏差情况 equal to what our export computed for its row (recorded in a hidden
    column) was not typed by the user: it is no override, and the deviation follows the new values."""
    sheet = Sheet(book, SHEET_INDICATORS, INDICATOR_HEADINGS, problems, ("category1", "category2"))
    if not sheet.ok:
        return []
    mark_column = next((cell.column for cell in sheet.sheet[sheet.header_row]
                        if heading_key(cell.value) == heading_key(DEVIATION_MARK_HEADING)), None)
    rows = []
    for number, cells in sheet.rows():
        values = _row_values(sheet, cells, "indicators")
        if mark_column is not None:
            mark = sheet.sheet.cell(number, mark_column).value
            if isinstance(mark, str) and mark.strip() and mark.strip() == values.get("deviation", "").strip():
                del values["deviation"]
                values["deviation_override"] = None
        rows.append(values)
    return rows


def read_workbook(path: str | Path) -> dict:
    """The report data of a workbook (the structure of resources/sample_report.json), or WorkbookError.

    `data["notices"]` lists what was read but not used (values of computed columns), as messages.
    """
    path = Path(path)
    book = _open(path)
    problems: list[Problem] = []
    data = _info(book, problems)
    unit = data.get("amount_unit", "万元")
    data["budget"] = read_budget(book, problems, unit, CachedValues(path))
    data["tasks"] = _rows(book, problems, SHEET_TASKS, TASK_HEADINGS, ("duty",))
    data["indicators"] = _indicators(book, problems)
    problems = in_order(problems)
    if any(not problem.notice for problem in problems):
        raise WorkbookError(problems)
    data["notices"] = [problem.message() for problem in problems]
    return data


def describe(data: dict) -> list[str]:
    """What an import of this data will write, for the preview (with the notices, if any)."""
    def count(lines):
        return sum(1 + count(line["children"]) for line in lines)
    return [f"{data.get('year')} 年度 · {data.get('department', '')}（金额单位：{data.get('amount_unit', '万元')}）",
            f"预算信息 {count(data['budget'])} 行，年度重点任务 {len(data['tasks'])} 项，"
            f"部门整体自评表 {len(data['indicators'])} 项指标", *data.get("notices", [])]
