"""Bounds on an untrusted workbook, checked on its raw XML before openpyxl expands anything.

openpyxl turns a merged range, a hyperlink or a comment over a range into one object per covered
cell, holds every cell and every shared string in memory, and would store a 1,000,000-character
string as often as cells use it. So the parts are first streamed through expat (nothing kept but
counts; entity declarations refused) and a workbook is refused, with its sheet and cell where there
is one, when it holds:

- more than `MAX_CELLS` cells (the row limit times a generous number of columns) or more than
  `MAX_ROWS` rows in a sheet, or a cell below row `MAX_ROWS`;
- a merged range reaching beyond the rows and columns that hold data (larger than `MAX_LOOSE_MERGE`
  cells), or ranges openpyxl would expand to more than `MAX_CELLS` cells in all;
- a cell with more than `MAX_CELL_TEXT` characters (Excel's own limit), or more than `MAX_TEXT`
  characters of text in all (shared strings counted in every cell that uses them).

Parts are found by their root element, not by their name, so a sheet stored under another path is
checked too. Time and memory are bounded by the archive's declared sizes (checked before).

The same pass keeps what openpyxl's read-only mode does not give (`SheetFacts`): each sheet's merged
ranges, its rows' outline levels and whether it is protected by a password; the import then reads
the cells in read-only mode, once.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from xml.parsers import expat

from models.limits import EXCEL_CELL
from reports.xlsx_sheet import MAX_ROWS, Problem, SheetFacts, WorkbookError

MAX_CELLS = 1_000_000
MAX_CELL_TEXT = EXCEL_CELL  # 32,767; each field's own, smaller limit is checked later (models/limits.py)
MAX_TEXT = 10_000_000
MAX_ELEMENTS = 4 * MAX_CELLS  # XML elements in all the sheets: a cell is two or three
MAX_LOOSE_MERGE = 1_000  # a merged range outside the data may be this large (a title across empty columns)
_CHUNK = 1 << 16
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})$")


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Found(Exception):
    pass


def _cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of `B7`, or None when it is no cell reference."""
    match = _REF.match(ref.strip().upper())
    if not match:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


def _area(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of `A1:C3` or `B7`."""
    first, _colon, last = ref.partition(":")
    start, end = _cell(first), _cell(last or first)
    if start is None or end is None:
        return None
    return min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1])


def _column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo, start=None, end=None, text=None,
           namespaces: bool = True) -> None:
    """Stream one part through expat with the given handlers; a DTD's entities are refused."""
    parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity(*_args):
        raise _Refused(Problem(None, None, None, None, "含有 XML 实体声明，出于安全原因不予读取"))

    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = entity
    parser.buffer_text = True
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _root(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """The local name of a part's root element; None for a part that is no XML."""
    found = []

    def start(name, _attributes):
        found.append(_local(name))
        raise _Found

    try:
        _parse(archive, info, start=start)
    except _Found:
        return found[0]
    except expat.ExpatError:
        return None
    return None


def _sheet_names(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Part path → sheet name, from xl/workbook.xml and its relationships."""
    ids, targets = {}, {}

    def sheet(name, attributes):
        if _local(name) == "sheet":
            rel = next((value for key, value in attributes.items() if _local(key) == "id"), None)
            if rel:
                ids[rel] = attributes.get("name", "")

    def relationship(name, attributes):
        if _local(name) == "Relationship" and "Id" in attributes:
            target = attributes.get("Target", "")
            targets[attributes["Id"]] = target.lstrip("/") if target.startswith("/") \
                else posixpath.normpath(posixpath.join("xl", target))

    try:
        _parse(archive, archive.getinfo("xl/workbook.xml"), start=sheet)
        if "xl/_rels/workbook.xml.rels" in names:
            _parse(archive, archive.getinfo("xl/_rels/workbook.xml.rels"), start=relationship)
    except expat.ExpatError:
        return {}
    return {targets[rel]: name for rel, name in ids.items() if rel in targets}


def _shared_lengths(archive: zipfile.ZipFile, info: zipfile.ZipInfo, lengths: list[int]) -> None:
    """The length of every shared string, in order (appended to `lengths`)."""
    depth = [0]

    def start(name, _attributes):
        local = _local(name)
        if local == "si":
            lengths.append(0)
        depth.append(local)

    def end(_name):
        depth.pop()

    def text(data):
        # Phonetic runs (rPh) are not part of the cell's text.
        if depth[-1] == "t" and lengths and "rPh" not in depth:
            lengths[-1] += len(data)

    _parse(archive, info, start, end, text)


class _Counts:
    """What the whole workbook holds so far."""

    def __init__(self, shared: list[int]):
        self.shared, self.cells, self.expanded, self.text, self.elements = shared, 0, 0, 0, 0


_RANGE_NAMES = {"mergeCell": "合并区域", "hyperlink": "超链接的区域", "comment": "批注的区域"}


class _SheetScan:
    """Cells, rows, text and ranges of one worksheet or comments part, refused past any bound.

    This is the hot path of a bomb (millions of elements): expat runs without namespace processing,
    only start tags and text are seen, and a cell is settled when the next one starts."""

    def __init__(self, sheet: str | None, part: str, counts: _Counts):
        self.sheet, self.part, self.counts = sheet, part, counts
        self.row = self.column = self.rows = self.max_row = self.max_column = 0
        self.in_cell, self.type, self.length, self.index, self.element = False, None, 0, "", ""
        self.ranges: list[tuple[str, str, tuple[int, int, int, int]]] = []
        self.locals: dict[str, str] = {}
        self.columns: dict[str, int] = {}  # "AB" → 28
        self.outline: dict[int, int] = {}
        self.protected = False

    def refuse(self, row, column, value, expected):
        raise _Refused(Problem(self.sheet, row, _column_letter(column) if column else None, value,
                               expected if self.sheet else f"部件 {self.part}：{expected}"))

    def start(self, name, attributes):
        local = self.locals.get(name)
        if local is None:
            local = self.locals[name] = name.rpartition(":")[2]
        self.element = local
        counts = self.counts
        counts.elements += 1
        if counts.elements > MAX_ELEMENTS:
            raise _Refused(Problem(None, None, None, None,
                                   f"工作表的 XML 元素超过 {MAX_ELEMENTS} 个（上限），不像是报告工作簿"))
        if local == "c":
            if self.in_cell:
                self.settle()
            counts.cells += 1
            if counts.cells > MAX_CELLS:
                raise _Refused(Problem(None, None, None, None,
                                       f"单元格超过 {MAX_CELLS} 个（上限），不像是报告工作簿"))
            ref = attributes.get("r")
            if ref:  # "B7": the fast way, as this runs for every cell
                letters = ref.rstrip("0123456789")
                column = self.columns.get(letters)
                if column is None:
                    place = _cell(letters + "1")
                    column = self.columns[letters] = place[1] if place else 0
                digits = ref[len(letters):]
                if column and digits.isdigit():
                    self.row, self.column = int(digits), column
                else:
                    self.column += 1
            else:
                self.column += 1
            if self.row > MAX_ROWS:
                self.refuse(self.row, self.column, None, f"在第 {MAX_ROWS} 行之下，超过上限 {MAX_ROWS} 行，请删除多余的行")
            if self.row > self.max_row:
                self.max_row = self.row
            if self.column > self.max_column:
                self.max_column = self.column
            self.in_cell, self.type, self.length, self.index = True, attributes.get("t"), 0, ""
        elif local == "row":
            if self.in_cell:
                self.settle()
            self.rows += 1
            if self.rows > MAX_ROWS:
                self.refuse(None, None, None, f"行数超过上限 {MAX_ROWS} 行")
            found = attributes.get("r", "")
            self.row = int(found) if found.isdigit() else self.row + 1
            self.column = 0
            level = attributes.get("outlineLevel")
            if level and level.isdigit() and int(level):
                self.outline[self.row] = int(level)
        elif local in _RANGE_NAMES and "ref" in attributes:
            if self.in_cell:
                self.settle()
            ref = attributes["ref"]
            area = _area(ref)
            if area is not None:
                self.ranges.append((local, ref, area))
                counts.expanded += (area[2] - area[0] + 1) * (area[3] - area[1] + 1)
                if counts.expanded > MAX_CELLS:
                    self.refuse(area[0], area[1], ref[:40], f"{_RANGE_NAMES[local]}共超过 {MAX_CELLS} 个单元格（上限），"
                                                            "请取消合并或删除它")
        elif local == "sheetProtection":
            self.protected = attributes.get("sheet") in ("1", "true") and bool(
                attributes.get("password") or attributes.get("hashValue"))

    def text(self, data):
        if not self.in_cell:
            return
        element = self.element
        if element == "v" and self.type == "s":
            if len(self.index) < 12:
                self.index += data[:12]
        elif element in ("v", "t", "f"):
            self.length += len(data)
            if self.length > MAX_CELL_TEXT:
                self.refuse(self.row, self.column, None, f"文字超过一个单元格的上限 {MAX_CELL_TEXT} 个字符")

    def settle(self):
        """The cell just read: its text (a shared string counted where it is used) within bounds."""
        self.in_cell = False
        length = self.length
        if self.type == "s" and self.index.strip().isdigit():
            index = int(self.index)
            length += self.counts.shared[index] if index < len(self.counts.shared) else 0
        if length > MAX_CELL_TEXT:
            self.refuse(self.row, self.column, None,
                        f"文字有 {length} 个字符，超过一个单元格的上限 {MAX_CELL_TEXT} 个字符")
        self.counts.text += length
        if self.counts.text > MAX_TEXT:
            self.refuse(self.row, self.column, None,
                        f"工作簿中的文字共超过 {MAX_TEXT} 个字符（上限），不像是报告工作簿")

    def finish(self):
        if self.in_cell:
            self.settle()
        for kind, ref, (top, left, bottom, right) in self.ranges:
            if kind == "mergeCell" and (bottom > self.max_row or right > self.max_column) \
                    and (bottom - top + 1) * (right - left + 1) > MAX_LOOSE_MERGE:
                self.refuse(top, left, ref[:40], f"合并区域超出工作表的数据范围（数据只到第 {self.max_row} 行 "
                                                 f"{_column_letter(self.max_column) or 'A'} 列），请取消合并")


def _scan_part(archive, info, sheet: str | None, counts: _Counts) -> SheetFacts:
    scan = _SheetScan(sheet, info.filename, counts)
    _parse(archive, info, scan.start, None, scan.text, namespaces=False)
    scan.finish()
    return SheetFacts([(ref, area) for kind, ref, area in scan.ranges if kind == "mergeCell"], scan.outline,
                      scan.protected, scan.max_row)


def check_bounds(path) -> dict[str, SheetFacts]:
    """Refuse (WorkbookError) a workbook that would take unbounded time or memory to load; else the
    facts of each worksheet by its name. `path` is known to be a zip whose declared sizes are within
    bounds."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            roots = {info.filename: _root(archive, info) for info in infos}
            shared: list[int] = []
            for info in infos:
                if roots[info.filename] == "sst":
                    _shared_lengths(archive, info, shared)
            names = _sheet_names(archive, set(roots))
            counts = _Counts(shared)
            facts = {}
            for info in infos:
                if roots[info.filename] in ("worksheet", "comments"):
                    found = _scan_part(archive, info, names.get(info.filename), counts)
                    if roots[info.filename] == "worksheet" and info.filename in names:
                        facts[names[info.filename]] = found
            return facts
    except _Refused as refused:
        raise WorkbookError([refused.problem]) from None
    except expat.ExpatError as error:
        raise WorkbookError([Problem(None, None, None, None,
                                     f"XML 内容有误（第 {error.lineno} 行），无法读取")]) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise WorkbookError([Problem(None, None, None, None, "压缩内容有误或已加密，无法读取")]) from None
