"""Reading a workbook in the exported layout back into report data — safely, and all or nothing.

Every problem is collected with its sheet, row, column letter, the value found and what was
expected, listed in sheet and row order, one per cell; nothing is written unless the whole workbook
is valid. Values typed into derived columns (调整预算数, 执行率) are not used: a notice says so
without blocking the import. Numbers are read as the spreadsheet shows them (`2.72%` stored as
0.0272 with a percent format reads `2.72%`). An exported 偏差情况 that still equals the computed
value our export recorded beside it (a hidden column) is not an override.
Untrusted files: openpyxl parses their XML through defusedxml (installed with the program), formulas
are refused, never evaluated — except `=SUM(...)` on a sum row, whose cached result must equal the
children's sum, and any formula in the computed rows and columns of a form's workbook (总分, 等级,
执行率), which are not read — and a workbook that is not a zip, is encrypted or is far too large is refused up front,
as is one that would take unbounded time or memory to load (reports/xlsx_bounds.py reads its raw XML
first: merged ranges, cells, rows, text), before openpyxl expands anything. That pass also keeps each
sheet's merged ranges and outline levels, so openpyxl then reads the cells once, in read-only mode.
Control characters are dropped from every text read; a value the services would refuse (a target too
large to compute with, say) is a problem here, never a failure while writing.
A workbook of another form (mof, sichuan: 基本信息's 表式, else its indicator headings) is read by
`xlsx_import_forms` into the same structure, with `form`, `form_texts` and `funding`.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from models.errors import DomainError
from models.fields import REPORT_FIELDS, SIGNOFF_KEYS, TABLE_FIELDS, printable, within_limit
from models.limits import FIELD_LIMITS
from models.tables import FORM_NARRATIVE_FIELDS
from models.money import AMOUNT_UNITS
from reports.xlsx_bounds import check_bounds
from reports.xlsx_import_budget import read_budget
from reports.xlsx_layout import (
    DEVIATION_MARK_HEADING, INDICATOR_OLD_HEADINGS, INDICATOR_READ, INFO_ITEMS, SHEET_BUDGET, SHEET_INDICATORS, SHEET_INFO,
    SHEET_TASKS, TASK_HEADINGS)
from reports.xlsx_import_funding import FORMULA_NUMBER
from reports.xlsx_sheet import is_formula
from reports.xlsx_sheet import (
    MAX_ROWS, SAVE_AS_XLSX, CachedValues, Problem, Sheet, WorkbookError, heading_key, in_order, unreadable_message)

__all__ = ["MAX_ROWS", "Problem", "WorkbookError", "describe", "read_workbook"]


def _is_opendocument(path: Path, names: set[str] | None) -> bool:
    if path.suffix.lower() in (".ods", ".fods", ".ots"):
        return True
    if names is not None and "mimetype" in names:
        with zipfile.ZipFile(path) as archive:
            return b"opendocument" in archive.read("mimetype")[:100]
    return False


def _check_file(path: Path) -> None:
    """Refuse what is no readable workbook file before anything parses it (a folder, a pipe, no zip)."""
    if not path.exists():
        raise DomainError(f"找不到文件：{path}")
    if path.is_dir():
        raise DomainError(f"“{path}”是一个文件夹，不是 Excel 工作簿")
    if not path.is_file():  # a pipe or a device: reading it could wait for ever
        raise DomainError(f"“{path}”不是普通文件（可能是管道或设备），不是 Excel 工作簿")
    if path.stat().st_size == 0 or not zipfile.is_zipfile(path):
        if _is_opendocument(path, None):
            raise WorkbookError([_whole(path, f"是 OpenDocument 表格（.ods），不是 Excel 工作簿（.xlsx）；{SAVE_AS_XLSX}")])
        if path.stat().st_size == 0:
            raise WorkbookError([_whole(path, "是空文件，不是 Excel 工作簿（.xlsx），无法导入")])
        with path.open("rb") as file:
            old_format = file.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        raise WorkbookError([_whole(path, f"是旧版 Excel 工作簿（.xls）或加密的工作簿；加密的请先取消密码，{SAVE_AS_XLSX}"
                                    if old_format else
                                    "不是 Excel 工作簿（.xlsx），无法导入；旧版 .xls 请先另存为 .xlsx，"
                                    "加密的工作簿请先取消密码")])


def _whole(path: Path, what: str) -> Problem:
    """A refusal of the file itself, naming it: “报表.xlsx”不是 Excel 工作簿（.xlsx），无法导入…"""
    return Problem(None, None, None, None, f"“{path.name}”{what}", whole=True)


def _open(path: Path):
    """The workbook in read-only mode (to be closed by the caller) and its sheets' facts."""
    try:
        _check_file(path)
    except OSError as error:  # the system's own words are English
        from reports.atomic import REASONS
        reason = "没有读取权限，或文件正被其他程序独占" if isinstance(error, PermissionError) \
            else REASONS.get(error.errno, f"系统错误（错误号 {error.errno}）")
        raise DomainError(f"无法读取“{path}”：{reason}") from None
    from openpyxl import load_workbook
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
        if _is_opendocument(path, names):
            raise WorkbookError([_whole(path, f"是 OpenDocument 表格（.ods），不是 Excel 工作簿（.xlsx）；{SAVE_AS_XLSX}")])
        if "xl/workbook.xml" not in names:
            raise WorkbookError([_whole(path, "不是 Excel 工作簿（缺少 xl/workbook.xml），无法导入")])
        if expanded > 500 * 1024 * 1024:
            raise WorkbookError([Problem(None, None, None, None, "解压后超过 500 MB，不像是报告工作簿")])
        facts = check_bounds(path)  # before openpyxl holds any cell
        return load_workbook(path, read_only=True, data_only=False, rich_text=False), facts
    except WorkbookError:
        raise
    except Exception as error:  # the parser's own (English) words are no help to the user: kept out
        raise WorkbookError([Problem(None, None, None, None, unreadable_message(error))]) from None


def _info(book, facts, problems) -> dict:
    sheet = Sheet(book, SHEET_INFO, [("label", "项目"), ("value", "内容")], problems, facts=facts.get(SHEET_INFO))
    data = {"narrative": {}, "signoff": {}}
    if not sheet.ok:
        return data
    from reports.xlsx_forms import info_labels
    by_label = {heading_key(label): field for label, field in info_labels().items()}
    by_label.update({heading_key(label): field for field, label in INFO_ITEMS})
    seen = set()
    for number, cells in sheet.rows():
        field = by_label.get(heading_key(sheet.text(cells["label"])))
        if field is None:
            continue
        seen.add(field)
        value_cell = cells["value"]
        if field == "year" and is_formula(value_cell, value_cell.value):
            sheet.report(value_cell, value_cell.value, FORMULA_NUMBER)
            continue
        value = printable(sheet.text(value_cell))
        try:
            if field in FIELD_LIMITS:  # as long as the services accept (models/limits.py)
                within_limit(value.strip(), field)
            if field == "amount_unit" and value.strip() not in AMOUNT_UNITS:
                raise DomainError("金额单位应为“万元”或“元”")
            if field in ("year", "amount_unit"):
                data[field] = REPORT_FIELDS[field].clean(value)
            elif field == "fill_date":
                data["signoff"]["fill_date"] = REPORT_FIELDS[field].clean(value)
            elif field in SIGNOFF_KEYS:
                data["signoff"][field] = value
            elif field in ("title", "department"):
                data[field] = value
            elif field == "form":
                from reports.xlsx_forms import form_key_of
                data["form"] = REPORT_FIELDS["form"].clean(form_key_of(value))
            elif field in FORM_NARRATIVE_FIELDS:
                data.setdefault("form_texts", {})[field] = REPORT_FIELDS[field].clean(value)
            else:
                data["narrative"][field] = value
        except DomainError as error:
            problems.append(Problem(SHEET_INFO, number, value_cell.column_letter, value, error.message))
    if "year" not in seen:
        problems.append(Problem(SHEET_INFO, None, None, None, "缺少“年度”"))
    return data


def table_rows(book, facts, problems, name, headings, mergeable) -> list[dict]:
    sheet = Sheet(book, name, headings, problems, mergeable, facts=facts.get(name))
    if not sheet.ok:
        return []
    return [_row_values(sheet, cells, "tasks") for _number, cells in sheet.rows()]


def _row_values(sheet: Sheet, cells, table: str) -> dict:
    values = {field: printable(sheet.text(cells[field]).strip() if field not in ("completion", "reason", "duty")
                               else sheet.text(cells[field])) for field in cells}
    cleaners = _CLEANERS[table]
    for field, value in values.items():
        if field in cleaners:
            try:
                cleaners[field](value)  # as the services will store it
            except DomainError as error:
                sheet.report(cells[field], value, error.message)
    return values


_CLEANERS = {table: {f.key: f.clean for f in fields if f.stored} for table, fields in TABLE_FIELDS.items()}


def _indicators(book, facts, problems) -> list[dict]:
    """The indicators; a 偏差情况 equal to what our export computed for its row (recorded in a hidden
    column) was not typed by the user: it is no override, and the deviation follows the new values."""
    sheet = Sheet(book, SHEET_INDICATORS, INDICATOR_READ, problems, ("category1", "category2"),
                  facts=facts.get(SHEET_INDICATORS), aliases=INDICATOR_OLD_HEADINGS)
    if not sheet.ok:
        return []
    mark_column = next((cell.column for cell in sheet.header_cells()
                        if heading_key(cell.value) == heading_key(DEVIATION_MARK_HEADING)), None)
    rows = []
    for number, cells in sheet.rows():
        values = _row_values(sheet, cells, "indicators")
        if mark_column is not None:
            mark = sheet.cell(number, mark_column).value
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
    book, facts = _open(path)
    problems: list[Problem] = []
    try:
        from reports.xlsx_import_forms import read_form_tables, sheet_header, workbook_form
        data = None if SHEET_INFO in book.sheetnames else sheet_header(book, problems)  # a form typed by hand
        data = data if data is not None else _info(book, facts, problems)
        unit = data.get("amount_unit", "万元")
        form = workbook_form(book, data, problems)
        if form is None:  # the seed's workbook
            data["budget"] = read_budget(book, problems, unit, CachedValues(path), facts.get(SHEET_BUDGET))
            data["tasks"] = table_rows(book, facts, problems, SHEET_TASKS, TASK_HEADINGS, ("duty",))
            data["indicators"] = _indicators(book, facts, problems)
        else:
            read_form_tables(book, facts, problems, form, data, CachedValues(path))
    finally:
        book.close()  # read-only mode keeps the file open until closed
    problems = in_order(problems)
    if any(not problem.notice for problem in problems):
        raise WorkbookError(problems)
    data["notices"] = [problem.message() for problem in problems]
    return data


def describe(data: dict) -> list[str]:
    """What an import of this data will write, for the preview (with the notices, if any)."""
    def count(lines):
        return sum(1 + count(line["children"]) for line in lines)
    if "form" not in data:  # the seed's workbook, described as before
        return [f"{data.get('year')} 年度 · {data.get('department', '')}（金额单位：{data.get('amount_unit', '万元')}）",
                f"预算信息 {count(data['budget'])} 行，年度重点任务 {len(data['tasks'])} 项，"
                f"部门整体自评表 {len(data['indicators'])} 项指标", *data.get("notices", [])]
    from models.forms import get_form
    parts = [f"预算信息 {count(data['budget'])} 行" if "budget" in data else "",
             f"年度重点任务 {len(data['tasks'])} 项" if "tasks" in data else "",
             f"资金情况 {len(data['funding'])} 行" if "funding" in data else "",
             f"部门整体自评表 {len(data['indicators'])} 项指标"]
    return [f"{data.get('year')} 年度 · {data.get('department', '')}（金额单位：{data.get('amount_unit', '万元')}）",
            f"表式：{get_form(data['form']).name}", "，".join(part for part in parts if part), *data.get("notices", [])]
