"""Reading a workbook in the exported layout back into report data — safely, and all or nothing.

Every problem is collected with its sheet, row, column letter, the value found and what was
expected; nothing is written unless the whole workbook is valid. Untrusted files: openpyxl parses
their XML through defusedxml (installed with the program), formulas are refused, never evaluated,
and a workbook that is not a zip, is encrypted or is far too large is refused up front.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from models.errors import DomainError
from models.money import parse_amount, sum_amounts
from models.services.reports import AMOUNT_UNITS, parse_fill_date, parse_year
from reports.xlsx_layout import (
    INDICATOR_HEADINGS, INFO_ITEMS, SHEET_BUDGET, SHEET_INDICATORS, SHEET_INFO, SHEET_TASKS, TASK_HEADINGS,
    budget_headings)

MAX_ROWS = 50_000
MAX_RATE = Decimal(100)  # 执行率 of 10,000 % is no real figure


@dataclass(frozen=True)
class Problem:
    sheet: str | None   # None: the workbook as a whole
    row: int | None
    column: str | None
    value: object
    expected: str

    def message(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else "工作簿"
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column:
            where += f" {self.column}列"
        found = "" if self.value is None else f"：值为“{_show(self.value)}”"
        return f"{where}{found}，{self.expected}"


class WorkbookError(DomainError):
    """The workbook cannot be imported; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(problem.message() for problem in problems))


def _show(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _key(text) -> str:
    """A heading compared without spaces, line breaks, width differences or a unit in brackets."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[（(][^）)]*[）)]$", "", text)


def _open(path: Path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise DomainError(f"找不到文件：{path}")
    if path.stat().st_size == 0 or not zipfile.is_zipfile(path):
        raise WorkbookError([Problem(None, None, None, None,
                                     "不是 Excel 工作簿（.xlsx）；旧版 .xls 请先另存为 .xlsx，加密的工作簿请先取消密码")])
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
        if "xl/workbook.xml" not in names:
            raise WorkbookError([Problem(None, None, None, None, "不是 Excel 工作簿（缺少 xl/workbook.xml）")])
        if expanded > 500 * 1024 * 1024:
            raise WorkbookError([Problem(None, None, None, None, "解压后超过 500 MB，不像是报告工作簿")])
        return load_workbook(path, data_only=False, rich_text=False)
    except WorkbookError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as error:
        raise WorkbookError([Problem(None, None, None, None, f"无法读取（{error}）")]) from None
    except Exception as error:  # defusedxml refusals and other parser errors of a hostile file
        raise WorkbookError([Problem(None, None, None, None,
                                     f"内容无法安全读取（{type(error).__name__}）")]) from None


class _Sheet:
    """One sheet: its heading row, columns by field, merged cells, and cell reading with problems."""

    def __init__(self, book, name, headings, problems, mergeable=()):
        self.name, self.problems = name, problems
        self.sheet = book[name] if name in book.sheetnames else None
        self.columns: dict[str, int] = {}
        self.required = len(headings)
        self.header_row = 1
        self.merged: dict[tuple[int, int], object] = {}
        if self.sheet is None:
            problems.append(Problem(name, None, None, None, f"缺少工作表“{name}”"))
            return
        if self.sheet.protection.sheet and self.sheet.protection.password:
            problems.append(Problem(name, None, None, None, "工作表设有保护密码，请先撤销工作表保护再导入"))
        if self.sheet.max_row > MAX_ROWS:
            problems.append(Problem(name, None, None, None, f"共 {self.sheet.max_row} 行，超过上限 {MAX_ROWS} 行"))
            self.sheet = None
            return
        self._find_headings(headings)
        self._read_merges(mergeable)

    def _find_headings(self, headings) -> None:
        wanted = {_key(heading): field for field, heading in headings}
        best = (0, 1, {})
        for row in self.sheet.iter_rows(min_row=1, max_row=min(10, self.sheet.max_row)):
            found = {wanted[_key(cell.value)]: cell.column for cell in row if _key(cell.value) in wanted}
            if len(found) > best[0]:
                best = (len(found), row[0].row, found)
        _count, self.header_row, self.columns = best
        for field, heading in headings:
            if field not in self.columns:
                self.problems.append(Problem(self.name, self.header_row, None, None, f"找不到表头“{heading}”"))

    def _read_merges(self, mergeable) -> None:
        allowed = {self.columns[field] for field in mergeable if field in self.columns}
        for merged in self.sheet.merged_cells.ranges:
            if merged.max_row <= self.header_row:
                continue
            if merged.min_col == merged.max_col and merged.min_col in allowed:
                value = self.sheet.cell(merged.min_row, merged.min_col).value
                for row in range(merged.min_row, merged.max_row + 1):
                    self.merged[(row, merged.min_col)] = value
            else:
                self.problems.append(Problem(self.name, merged.min_row, merged.coord, None,
                                             "此处不应有合并单元格，请取消合并"))

    @property
    def ok(self) -> bool:
        """Readable, with every heading found (what is missing has been reported)."""
        return self.sheet is not None and len(self.columns) == self.required

    def rows(self):
        """Data rows below the headings that are not wholly empty."""
        for number in range(self.header_row + 1, self.sheet.max_row + 1):
            cells = {field: self.sheet.cell(number, column) for field, column in self.columns.items()}
            if any(self._raw(cell) not in (None, "") for cell in cells.values()):
                yield number, cells

    def _raw(self, cell):
        return self.merged.get((cell.row, cell.column), cell.value)

    def text(self, cell) -> str:
        value = self._raw(cell)
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=") and cell.data_type != "s"):
            self.problems.append(Problem(self.name, cell.row, cell.column_letter, value,
                                         "单元格是公式，请改为文字（本程序不计算公式）"))
            return ""
        if value is None:
            return ""
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        if isinstance(value, (datetime, date)):
            return value.strftime("%Y-%m-%d")
        return str(value)

    def amount(self, cell) -> Decimal | None:
        value = self._raw(cell)
        expected = "应为金额（数字，最多两位小数，例如 1234.56）"
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
            self.problems.append(Problem(self.name, cell.row, cell.column_letter, value,
                                         "单元格是公式，请改为数值（本程序不计算公式）"))
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or isinstance(value, (datetime, date)):
            self.problems.append(Problem(self.name, cell.row, cell.column_letter, value, expected))
            return None
        if isinstance(value, float):
            value = Decimal(repr(value))  # the shortest text that reads back as this float: what was typed
        try:
            return parse_amount(value)
        except DomainError as error:
            self.problems.append(Problem(self.name, cell.row, cell.column_letter, value, f"{error.message}；{expected}"))
            return None


def _info(book, problems) -> dict:
    sheet = _Sheet(book, SHEET_INFO, [("label", "项目"), ("value", "内容")], problems)
    data = {"narrative": {}, "signoff": {}}
    if not sheet.ok:
        return data
    by_label = {_key(label): field for field, label in INFO_ITEMS}
    seen = set()
    for number, cells in sheet.rows():
        field = by_label.get(_key(sheet.text(cells["label"])))
        if field is None:
            continue
        seen.add(field)
        value_cell = cells["value"]
        value = sheet.text(value_cell)
        try:
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


def _budget(book, problems, unit: str) -> list[dict]:
    headings = budget_headings(unit)
    sheet = _Sheet(book, SHEET_BUDGET, headings[:3] + headings[4:5], problems)
    if not sheet.ok:
        return []
    rate_column = next((c.column for c in sheet.sheet[sheet.header_row] if _key(c.value) == "执行率"), None)
    lines = []
    for number, cells in sheet.rows():
        name = sheet.text(cells["name"]).strip() if "name" in cells else ""
        if not name:
            problems.append(Problem(SHEET_BUDGET, number, cells["name"].column_letter if "name" in cells else None,
                                    None, "缺少项目名称"))
        line = {"name": name, "row": number,
                **{field: sheet.amount(cells[field]) for field in ("initial", "adjustment", "actual") if field in cells}}
        if rate_column is not None:
            rate = sheet.sheet.cell(number, rate_column).value
            if isinstance(rate, (int, float)) and not isinstance(rate, bool) and abs(Decimal(repr(rate))) > MAX_RATE:
                problems.append(Problem(SHEET_BUDGET, number, sheet.sheet.cell(number, rate_column).column_letter,
                                        rate, "执行率超出合理范围（超过 10000%）"))
        dimension = sheet.sheet.row_dimensions[number]
        indent = cells["name"].alignment.indent if "name" in cells and cells["name"].alignment else 0
        line["level"] = dimension.outlineLevel or int((indent or 0) // 2)
        lines.append(line)
    return _tree(lines, problems)


def _tree(lines: list[dict], problems) -> list[dict]:
    """Nest the lines by level; without any levels, the seed's shape is assumed
    (预算总金额 › 基本支出, 项目支出 › the projects)."""
    if lines and not any(line["level"] for line in lines) and len(lines) > 1 and _key(lines[0]["name"]) == "预算总金额":
        under_project = False
        for line in lines[1:]:
            key = _key(line["name"])
            if key in ("基本支出", "项目支出"):
                line["level"], under_project = 1, key == "项目支出"
            else:
                line["level"] = 2 if under_project else 1
    roots, stack = [], []
    for line in lines:
        level = line["level"]
        if level > len(stack):
            problems.append(Problem(SHEET_BUDGET, line["row"], "A", line["name"],
                                    "层级跳跃：缩进比上一行多了不止一级"))
            level = len(stack)
        del stack[level:]
        node = {key: value for key, value in line.items() if key not in ("row", "level")}
        node["children"], node["_row"] = [], line["row"]
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    _check_sums(roots, problems)
    return roots


def _check_sums(nodes, problems) -> None:
    """A parent's amounts, where given, must be the sums of its children (the program keeps only sums)."""
    for node in nodes:
        row = node.pop("_row")
        if node["children"]:
            _check_sums(node["children"], problems)
            for field, letter in (("initial", "B"), ("adjustment", "C"), ("actual", "E")):
                given = node.get(field)
                total = _subtotal(node["children"], field)
                if given is not None and given != total:
                    problems.append(Problem(SHEET_BUDGET, row, letter, given,
                                            f"合计应等于下级之和 {total}"))
                node[field] = None


def _subtotal(children, field):
    return sum_amounts(_subtotal(child["children"], field) if child["children"] else child.get(field)
                       for child in children)


def _rows(book, problems, name, headings, mergeable) -> list[dict]:
    sheet = _Sheet(book, name, headings, problems, mergeable)
    if not sheet.ok:
        return []
    return [{field: sheet.text(cells[field]).strip() if field not in ("completion", "reason", "duty")
             else sheet.text(cells[field]) for field in cells} for _number, cells in sheet.rows()]


def read_workbook(path: str | Path) -> dict:
    """The report data of a workbook (the structure of resources/sample_report.json), or WorkbookError."""
    path = Path(path)
    book = _open(path)
    problems: list[Problem] = []
    data = _info(book, problems)
    unit = data.get("amount_unit", "万元")
    data["budget"] = _budget(book, problems, unit)
    data["tasks"] = _rows(book, problems, SHEET_TASKS, TASK_HEADINGS, ("duty",))
    data["indicators"] = _rows(book, problems, SHEET_INDICATORS, INDICATOR_HEADINGS, ("category1", "category2"))
    if problems:
        raise WorkbookError(problems)
    return data


def describe(data: dict) -> list[str]:
    """What an import of this data will write, for the preview."""
    def count(lines):
        return sum(1 + count(line["children"]) for line in lines)
    return [f"{data.get('year')} 年度 · {data.get('department', '')}（金额单位：{data.get('amount_unit', '万元')}）",
            f"预算信息 {count(data['budget'])} 行，年度重点任务 {len(data['tasks'])} 项，"
            f"部门整体自评表 {len(data['indicators'])} 项指标"]
