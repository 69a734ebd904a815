"""Reading one sheet of an imported workbook: headings found by their text, merged cells, each cell
read as the spreadsheet shows it, and every problem with its sheet, row and column."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from models.errors import DomainError
from models.money import parse_amount
from reports.xlsx_layout import SHEET_ORDER as SHEETS
from reports.xlsx_values import is_sum_formula, number_of, number_text

MAX_ROWS = 50_000
_HIDDEN = "是隐藏的，打开工作簿时看不到它（看到的可能是另一张表的数据）；请取消隐藏后核对再导入"
_FILL_SHOWN = 3  # row ranges named in a fill-down notice


@dataclass(frozen=True)
class Problem:
    sheet: str | None   # None: the workbook as a whole
    row: int | None
    column: str | None
    value: object
    expected: str
    notice: bool = False  # said, but does not stop the import
    whole: bool = False  # `expected` is the whole sentence (it names the sheet itself)

    def message(self) -> str:
        lead = "提示：" if self.notice else ""
        if self.whole:
            return lead + self.expected
        where = f"工作表“{self.sheet}”" if self.sheet else "工作簿"
        if self.column and ":" in self.column:  # a range (a merge): its cells, not a row and a column
            where += f" {self.column} 单元格"
        else:
            if self.row is not None:
                where += f" 第{self.row}行"
            if self.column:
                where += f" {self.column}列"
        found = "" if self.value is None else f"：值为“{_show(self.value)}”"
        return lead + f"{where}{found}，{self.expected}"

    def sort_key(self) -> tuple:
        sheet = SHEETS.index(self.sheet) if self.sheet in SHEETS else (-1 if self.sheet is None else len(SHEETS))
        column = 0
        for letter in re.match(r"[A-Z]*", self.column or "").group():
            column = column * 26 + ord(letter) - 64
        return sheet, self.row or 0, column, self.notice


def in_order(problems: list[Problem]) -> list[Problem]:
    """Sheet by sheet, row by row, column by column; one message per cell (the first found)."""
    seen, result = set(), []
    for problem in sorted(problems, key=Problem.sort_key):  # stable: a cell's first problem stays first
        cell = (problem.sheet, problem.row, problem.column)
        if problem.row is not None and problem.column and cell in seen:
            continue
        seen.add(cell)
        result.append(problem)
    return result


@dataclass
class SheetFacts:
    """What the import needs of a sheet beside its cells."""

    merges: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)  # (ref, area)
    outline: dict[int, int] = field(default_factory=dict)  # row → outline level (rows without one absent)
    protected: bool = False  # sheet protection with a password
    max_row: int = 0


class WorkbookError(DomainError):
    """The workbook cannot be imported; `problems` lists every reason (and the notices, marked as such)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(problem.message() for problem in problems))


def _show(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def heading_key(text) -> str:
    """A heading compared without spaces, line breaks, width differences or a unit in brackets."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[（(][^）)]*[）)]$", "", text)


class CachedValues:
    """The results a spreadsheet program stored with its formulas, read (a second parse of the
    file) only when a sum row holds a `=SUM(...)`."""

    def __init__(self, path: Path):
        self.path, self.book = path, None

    def value(self, sheet: str, row: int, column: int):
        if self.book is None:
            from openpyxl import load_workbook
            self.book = load_workbook(self.path, data_only=True, rich_text=False)
        return self.book[sheet].cell(row, column).value


class Blank:
    """A cell the sheet does not hold (read-only mode gives none for it): empty and unstyled."""

    __slots__ = ("row", "column")
    value = None
    data_type = "n"
    number_format = "General"
    alignment = None

    def __init__(self, row: int, column: int):
        self.row, self.column = row, column

    @property
    def column_letter(self) -> str:
        from openpyxl.utils import get_column_letter
        return get_column_letter(self.column)


class Sheet:
    """One sheet: its heading row, columns by field, merged cells, and cell reading with problems.

    The cells are read once, in openpyxl's read-only mode, into `grid` (row → column → cell, cells
    holding a value only); merged ranges, outline levels and protection come from the bounds check's
    pass over the XML (`SheetFacts`), which read-only mode does not give."""

    def __init__(self, book, name, headings, problems, mergeable=(), cached: CachedValues | None = None,
                 facts: SheetFacts | None = None, aliases=(), skipped=None, region: tuple[int, int] | None = None,
                 fill_down: bool = True):
        self.name, self.problems, self.cached = name, problems, cached
        # region (heading row, last row): a table of a sheet holding several (a bureau's one-sheet form)
        self.region = region
        self.fill_down = fill_down  # a mergeable column without merges is filled down (类别 whose merges were removed)
        # skipped(sheet, row): a row below the data that is no data row (a form's 总分 and grade line);
        # it is left out of `rows()` and may hold merged cells
        self.skipped = skipped
        self.facts = facts or SheetFacts()
        self.bad: set[tuple[int, int]] = set()  # (row, column) of cells already reported
        self.sheet = book[name] if name in book.sheetnames else None
        self.columns: dict[str, int] = {}
        self.required = len(headings)
        self.header_row = 1
        self.merged: dict[tuple[int, int], object] = {}
        self.grid: dict[int, tuple] = {}
        self.empty = None  # read-only mode's one cell for a place a row does not hold
        self.labels = {field: heading for field, heading in (*headings, *aliases)}  # an alias: the field's own name
        if self.sheet is None:
            problems.append(Problem(name, None, None, None, f"工作簿中没有工作表“{name}”{_others(book.sheetnames)}",
                                    whole=True))
            return
        if self.sheet.sheet_state != "visible":  # what is read must be what the user sees and checks
            problems.append(Problem(name, None, None, None, f"工作表“{name}”{_HIDDEN}", whole=True))
            self.sheet = None
            return
        if self.facts.protected:
            problems.append(Problem(name, None, None, None, f"工作表“{name}”设有保护密码，请先撤销工作表保护再导入",
                                    whole=True))
        if self.facts.max_row > MAX_ROWS:
            problems.append(Problem(name, None, None, None, f"共 {self.facts.max_row} 行，超过上限 {MAX_ROWS} 行"))
            self.sheet = None
            return
        from openpyxl.cell.read_only import EMPTY_CELL  # openpyxl is loaded only when a workbook is read

        self.empty = EMPTY_CELL
        self.grid = _grid(self.sheet, EMPTY_CELL)
        self._find_headings(headings, aliases)
        self._read_merges(mergeable)

    def cell(self, row: int, column: int):
        """The cell at (row, column); a `Blank` where the sheet holds none."""
        found = self.grid.get(row)
        if found is not None and 0 < column <= len(found):
            cell = found[column - 1]
            if cell is not self.empty:
                return cell
        return Blank(row, column)

    def header_cells(self) -> list:
        return [cell for cell in self.grid.get(self.header_row, ()) if cell is not self.empty]

    def outline(self, row: int) -> int:
        return self.facts.outline.get(row, 0)

    def _find_headings(self, headings, aliases=()) -> None:
        """The heading row among the first ten: the one naming most fields. A heading named by several
        fields (类别 over the two category columns) gives them consecutive columns; `aliases` are
        headings of an earlier layout (一级类别, 二级类别)."""
        wanted: dict[str, list[str]] = {}
        for field, heading in (*headings, *aliases):
            fields = wanted.setdefault(heading_key(heading), [])
            if field not in fields:
                fields.append(field)
        best = (0, self.region[0] if self.region else 1, {})
        for number in (range(self.region[0], self.region[0] + 1) if self.region else range(1, 11)):
            found: dict[str, int] = {}
            for column, cell in enumerate(self.grid.get(number, ()), 1):
                for offset, field in enumerate(wanted.get(heading_key(cell.value), ())):
                    found.setdefault(field, column + offset)
            if len(found) > best[0]:
                best = (len(found), number, found)
        _count, self.header_row, self.columns = best
        named = set()
        for field, heading in headings:
            if field not in self.columns and heading not in named:
                named.add(heading)
                self.problems.append(Problem(self.name, self.header_row, None, None, f"找不到表头“{heading}”"))

    def _read_merges(self, mergeable) -> None:
        """Merged cells where `mergeable` columns allow them (each covered cell reads as the merge's value);
        a mergeable column with no merge at all is filled down instead (`_fill_down`)."""
        allowed = {self.columns[field] for field in mergeable if field in self.columns}
        unmerged = dict.fromkeys(sorted(allowed))
        for ref, (top, left, bottom, right) in self.facts.merges:
            if bottom <= self.header_row or (self.region is not None and top > self.region[1]):
                continue
            for column in [column for column in unmerged if left <= column <= right]:
                del unmerged[column]
            if left == right and left in allowed:
                value = self.cell(top, left).value
                for row in range(top, bottom + 1):
                    self.merged[(row, left)] = value
            elif self.skipped is not None and top == bottom and self.skipped(self, top):
                pass
            else:
                self.problems.append(Problem(self.name, top, ref, None, "此处不应有合并单元格，请取消合并"))
        if unmerged and self.fill_down:
            self._fill_down(list(unmerged))

    def _fill_down(self, columns) -> None:
        """Columns whose merges were removed (in Excel 取消单元格合并, as before sorting): an empty cell of a
        data row takes the value of the data row above, as the merge meant, and a notice says so, once per
        column. Rows wholly empty stay out; the first data row has nothing above it."""
        from openpyxl.utils import get_column_letter

        data_rows = [number for number, _cells in self.rows()]
        fields = {column: field for field, column in self.columns.items()}
        for column in columns:
            above, filled = None, []
            for number in data_rows:
                value = self.cell(number, column).value
                if value is None or (isinstance(value, str) and not value.strip()):
                    if above is not None:
                        self.merged[(number, column)] = above
                        filled.append(number)
                else:
                    above = value
            if filled:
                letter = get_column_letter(column)
                self.problems.append(Problem(
                    self.name, None, letter, None,
                    f"工作表“{self.name}”的{self.labels.get(fields.get(column), '')}列（{letter}列）没有合并单元格，"
                    f"空白的 {len(filled)} 格已按上一行填写（{_spans(filled)}）", notice=True, whole=True))

    @property
    def ok(self) -> bool:
        """Readable, with every heading found (what is missing has been reported)."""
        return self.sheet is not None and len(self.columns) == self.required

    def rows(self):
        """Data rows below the headings that are not wholly empty."""
        merged_rows = {row for row, _column in self.merged}
        for number in sorted(set(self.grid) | merged_rows):
            if number <= self.header_row or (self.skipped is not None and self.skipped(self, number)):
                continue
            if self.region is not None and number > self.region[1]:
                break
            cells = {field: self.cell(number, column) for field, column in self.columns.items()}
            if any(self._raw(cell) not in (None, "") for cell in cells.values()):
                yield number, cells

    def _raw(self, cell):
        return self.merged.get((cell.row, cell.column), cell.value)

    def report(self, cell, value, expected: str) -> None:
        self.bad.add((cell.row, cell.column))
        self.problems.append(Problem(self.name, cell.row, cell.column_letter, value, expected))

    def notice(self, cell, value, expected: str) -> None:
        self.problems.append(Problem(self.name, cell.row, cell.column_letter, value, expected, notice=True))

    def text(self, cell) -> str:
        """The cell as the spreadsheet shows it: numbers through their format (`2.72%`, `5.00`)."""
        value = self._raw(cell)
        if value.__class__ is str and cell.data_type == "s":  # most cells: text, as typed
            return value
        if is_formula(cell, value) and cell.data_type != "s":
            self.report(cell, value, "单元格是公式，请改为文字（本程序不计算公式）")
            return ""
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                return str(value)
            return number_text(value, cell.number_format)
        if isinstance(value, (datetime, date)):
            return value.strftime("%Y-%m-%d")
        return str(value)

    def amount(self, cell, sum_allowed: bool = False):
        """An amount, None when empty, or `SumFormula` for a `=SUM(...)` where `sum_allowed`."""
        value = self._raw(cell)
        expected = "应为金额（数字，最多两位小数，例如 1234.56）"
        if is_formula(cell, value):
            if sum_allowed and is_sum_formula(value) and self.cached is not None:
                return SumFormula(str(value), _cached_number(self.cached.value(self.name, cell.row, cell.column)))
            self.report(cell, value, "单元格是公式，请改为数值（本程序不计算公式；合计行可用 =SUM(...)）")
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or isinstance(value, (datetime, date)):
            self.report(cell, value, expected)
            return None
        if isinstance(value, float):
            value = Decimal(repr(value))  # the shortest text that reads back as this float: what was typed
        try:
            return parse_amount(value)
        except DomainError as error:
            self.report(cell, value, f"{error.message}；{expected}")
            return None


def _others(names: list[str]) -> str:
    """The sheets a workbook does hold, for a message: `（有：Sheet1、Sheet2）`."""
    if not names:
        return ""
    shown = "、".join(_show(name) for name in names[:8])
    return f"（有：{shown}{f' 等 {len(names)} 张' if len(names) > 8 else ''}）"


def _spans(rows: list[int]) -> str:
    """`第3–8、10–33、35行…`: the first few runs of consecutive rows."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    shown = "、".join(f"{first}–{last}" if last > first else f"{first}" for first, last in runs[:_FILL_SHOWN])
    return f"第{shown}行{'…' if len(runs) > _FILL_SHOWN else ''}"


def _grid(sheet, empty) -> dict[int, tuple]:
    """Every row, by its number, as read-only mode gives it (cells by column from A, EMPTY_CELL where
    the row holds none), read once."""
    grid: dict[int, tuple] = {}
    try:
        sheet.reset_dimensions()  # the file's own <dimension> may be wrong (or a lie): read every row there is
        for row in sheet.iter_rows():
            for cell in row:  # the row's number is on any cell it holds
                if cell is not empty:
                    grid[cell.row] = row
                    break
    except Exception as error:  # damaged XML is found only now, in read-only mode; the parser's English is no help
        raise WorkbookError([Problem(None, None, None, None, unreadable_message(error))]) from None
    return grid


SAVE_AS_XLSX = "请在 LibreOffice、WPS 或 Excel 中打开它，“另存为” Excel 工作簿（.xlsx）后再导入"


def unreadable_message(error: Exception) -> str:
    """Why openpyxl could not read the workbook, in the user's words."""
    import zipfile
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


@dataclass(frozen=True)
class SumFormula:
    """A `=SUM(...)` on a sum row, with the result the spreadsheet stored (None: not stored)."""

    formula: str
    cached: Decimal | None


def is_formula(cell, value) -> bool:
    return cell.data_type == "f" or (isinstance(value, str) and value.startswith("=") and cell.data_type != "s") \
        or type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def _cached_number(value) -> Decimal | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_of(value)
    return None


