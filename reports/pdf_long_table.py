"""Tables of any length with merged group cells that stay merged — and are named again, marked 续 —
on every page a group runs onto.

reportlab splits a long Table by building a new Table of all the rows left at every page break, so
a table of 10,000 rows costs time in proportion to the square of its length. `LongTable` instead
makes a GroupedTable of just the rows of the page being laid out (the window), so every page costs
the same however many rows follow.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle
from reportlab.platypus.flowables import Flowable

RULE = 0.5  # the width of a table's lines
FIRST_WINDOW = 24  # rows tried for the first page; later pages start from what the page before took


@dataclass
class Group:
    """A merged column: rows with the same non-empty key in a run share one cell."""

    column: int
    keys: list
    continuation: Callable[[int], object]  # index of the group's first row → its cell on a later page
    starts: list[int] = field(default_factory=list)  # each row → the first row of its run

    def __post_init__(self):
        for index, key in enumerate(self.keys):
            continues = index > 0 and key and key == self.keys[index - 1]
            self.starts.append(self.starts[-1] if continues else index)


@dataclass
class TableSpec:
    """Everything about a table except where its pages break."""

    header: list[list]               # header rows (repeated on every page)
    rows: list[list]                 # data rows; the cells of a group below its first row are blank
    widths: list[float]
    commands: list                   # style commands for every page's part (rows counted with the header)
    frame_height: float
    groups: list[Group] = field(default_factory=list)
    joined_head: tuple[int, ...] = ()  # header columns drawn without the line after them (类 | 别 read as 类别)
    # the columns of a row split across pages whose text stands again on the next page, and how
    repeated: tuple[int, ...] = ()
    repeat: Callable[[int, int], object] | None = None  # (row index, column) → the cell on the next page
    last_span: tuple[int, int] | None = None  # the last row's first columns as one cell (总分 of a scored form)


def make_spec(header, rows, widths, commands, frame_height, groups=(), joined_head=(), repeated=(),
              repeat=None, last_span=None) -> TableSpec:
    groups = list(groups)
    rows = [list(row) for row in rows]
    for group in groups:
        for index, start in enumerate(group.starts):
            if start != index:
                rows[index][group.column] = ""
    return TableSpec(header, rows, widths, commands, frame_height, groups, tuple(joined_head), tuple(repeated),
                     repeat, last_span)


def _rules(spec: TableSpec, keys_of_groups: list[tuple[Group, list]], row_count: int) -> list:
    """The table's lines: every border that exists and no other. Inside a merged group cell there is
    no line at all (a white line over a black one still shows at screen resolutions)."""
    header_rows, columns = len(spec.header), len(spec.widths)
    line = (RULE, colors.black)
    commands = [("LINEBELOW", (0, 0), (-1, header_rows - 1), *line)]
    for column in range(columns - 1):
        if column in spec.joined_head:
            commands.append(("LINEAFTER", (column, header_rows), (column, -1), *line))
        else:
            commands.append(("LINEAFTER", (column, 0), (column, -1), *line))
    grouped = {group.column for group, _keys in keys_of_groups}
    for column in range(columns):
        if column not in grouped and row_count:
            commands.append(("LINEBELOW", (column, header_rows), (column, -1), *line))
    for group, keys in keys_of_groups:
        for first, last in _runs(keys):
            commands.append(("LINEBELOW", (group.column, last + header_rows), (group.column, last + header_rows),
                             *line))
            if keys[first] and last > first:
                commands.append(("VALIGN", (group.column, first + header_rows), (group.column, last + header_rows),
                                 "TOP"))  # the group's name stands at its top
    commands.append(("BOX", (0, 0), (-1, -1), *line))  # each page's part closed below
    return commands


class GroupedTable(Table):
    """One page's part of a long table: rows move to the next page whole, unless that would leave
    more than a third of the page empty; then the row is split inside (so is a row taller than a page)."""

    frame_height: float = 0.0
    MIN_IN_ROW_SPLIT = 0.35  # split a row only into at least this much of a page

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        parts = self._splitRows(availHeight, doInRowSplit=0)
        if len(parts) == 2:
            leftover = availHeight - parts[0].wrap(availWidth, availHeight)[1]
            if leftover >= self.MIN_IN_ROW_SPLIT * self.frame_height:
                parts = self._splitRows(availHeight, doInRowSplit=1) or parts  # fill the page
        elif not parts and availHeight >= self.MIN_IN_ROW_SPLIT * self.frame_height:
            parts = self._splitRows(availHeight, doInRowSplit=1)
        return parts


def window_table(spec: TableSpec, start: int, count: int, first_row: list | None = None) -> GroupedTable:
    """The header and rows start..start+count as a table; `first_row` replaces row `start` (what is
    left of a row split by the previous page)."""
    header_rows = len(spec.header)
    rows = [list(row) for row in spec.rows[start:start + count]]
    if first_row is not None:
        rows[0] = list(first_row)
    commands = list(spec.commands)
    keys_of_groups = []
    for group in spec.groups:
        keys = group.keys[start:start + count]
        keys_of_groups.append((group, keys))
        if not keys:
            continue  # a table without rows: the header alone
        group_start = group.starts[start]
        carried = group_start != start or first_row is not None
        if keys[0] and carried and not _text_of(rows[0][group.column]):
            rows[0][group.column] = group.continuation(group_start)
    commands += _rules(spec, keys_of_groups, len(rows))
    if spec.last_span is not None and rows and start + len(rows) == len(spec.rows):
        last = header_rows + len(rows) - 1  # this page holds the table's last row: its label spans
        commands.append(("SPAN", (spec.last_span[0], last), (spec.last_span[1], last)))
    table = GroupedTable(spec.header + rows, colWidths=spec.widths, repeatRows=header_rows, splitInRow=1)
    table.frame_height = spec.frame_height
    table.setStyle(TableStyle(commands))
    return table


class LongTable(Flowable):
    """The rows of `spec` from `start` on, laid out one page at a time (see the module's note)."""

    def __init__(self, spec: TableSpec, start: int = 0, first_row: list | None = None, rows_hint: int = FIRST_WINDOW):
        super().__init__()
        self.spec, self.start, self.first_row = spec, start, first_row
        self.rows_hint = max(rows_hint, 2)
        self.hAlign = "CENTER"  # as a Table is placed
        self._window = None
        self._window_for = None
        self._window_size = (0, 0)

    def _left(self) -> int:
        return len(self.spec.rows) - self.start

    def _make_window(self, availWidth, availHeight) -> GroupedTable:
        """Enough rows to fill the height (and one more), or all that are left."""
        if self._window is not None and self._window_for == (availWidth, availHeight):
            return self._window
        count = self.rows_hint
        while True:
            count = min(count, self._left())
            window = window_table(self.spec, self.start, count, self.first_row)
            size = window.wrap(availWidth, availHeight)
            if size[1] > availHeight or count == self._left():
                break
            count *= 2
        self._window, self._window_for, self._window_size = window, (availWidth, availHeight), size
        return window

    def wrap(self, availWidth, availHeight):
        self._make_window(availWidth, availHeight)
        self.width, self.height = self._window_size
        return self.width, self.height

    def split(self, availWidth, availHeight):
        window = self._make_window(availWidth, availHeight)
        parts = window.split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        header_rows = len(self.spec.header)
        window_rows = len(window._cellvalues) - header_rows
        head_rows = len(parts[0]._cellvalues) - header_rows
        split_inside = len(parts[1]._cellvalues) - header_rows == window_rows - head_rows + 1
        if split_inside and self._rest_fits_a_page(self.start + head_rows - 1, availWidth, min(window._rowHeights)):
            # The next page would hold only the tail of that row and what little follows: the row
            # goes there whole instead (the table ends on that page either way).
            parts = window._splitRows(availHeight, doInRowSplit=0)
            if len(parts) != 2:
                return []
            head_rows = len(parts[0]._cellvalues) - header_rows
            split_inside = False
        head, rest = parts
        # closed below, over the white lines that join a group's rows running on to the next page
        head.setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), RULE, colors.black)]))
        hint = head_rows + 4
        if split_inside:  # the row at the break was split inside
            index = self.start + head_rows - 1
            following = LongTable(self.spec, index, self._carried_row(index, rest._cellvalues[header_rows]), hint)
        else:
            following = LongTable(self.spec, self.start + head_rows, rows_hint=hint)
        return [head, following]

    def _carried_row(self, index: int, row: list) -> list:
        """What is left of row `index` split by a page break, with the text of the repeated columns
        (a task's name and content) again where all of it stood on the page before."""
        row = list(row)
        if self.spec.repeat is not None:
            for column in self.spec.repeated:
                if not _text_of(row[column]).strip():
                    row[column] = self.spec.repeat(index, column)
        return row

    def _rest_fits_a_page(self, start: int, availWidth, least_row: float) -> bool:
        """Whether the rows from `start` to the end of the table (the first whole, as the row was
        before the split began it) fit on one page under the repeated header. `least_row` is the
        height of the lowest row seen: more rows than a page holds of those cannot fit, which
        answers at once in the middle of a long table."""
        if (len(self.spec.rows) - start) * least_row > self.spec.frame_height:
            return False
        first_row = self.first_row if start == self.start else None
        rest = LongTable(self.spec, start, first_row, self.rows_hint)
        height = rest.wrap(availWidth, self.spec.frame_height)[1]
        shown = len(rest._window._cellvalues) - len(self.spec.header)
        return shown == rest._left() and height <= self.spec.frame_height

    def draw(self):
        self._window.drawOn(self.canv, 0, 0)


def _runs(keys: list) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal, non-empty keys."""
    runs, start = [], 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start] or not keys[start]:
            runs.append((start, index - 1))
            start = index
    return runs


def _text_of(value) -> str:
    if hasattr(value, "getPlainText"):
        return value.getPlainText()
    if isinstance(value, (list, tuple)):
        return "".join(_text_of(part) for part in value)
    return str(value or "")


class WithTail(Flowable):
    """A table and the lines that belong under it (自评等级：优, a form's 说明) kept together: when they
    do not fit under the table's last rows, the last rows go to the next page with them, so a page
    never holds the lines alone."""

    def __init__(self, body: Flowable, tail: list[Flowable]):
        super().__init__()
        self.body, self.tail = body, list(tail)
        self.hAlign = "CENTER"
        self._sizes: list[tuple[float, float]] = []

    def _tail_height(self, availWidth, availHeight) -> float:
        self._sizes = [part.wrap(availWidth, availHeight) for part in self.tail]
        return sum(height + part.getSpaceBefore() + part.getSpaceAfter()
                   for part, (_width, height) in zip(self.tail, self._sizes))

    def wrap(self, availWidth, availHeight):
        tail = self._tail_height(availWidth, availHeight)
        self._body_size = self.body.wrap(availWidth, max(availHeight - tail, 0))
        self.width, self.height = availWidth, self._body_size[1] + tail
        self._tail = tail
        return self.width, self.height

    def split(self, availWidth, availHeight):
        tail = self._tail_height(availWidth, availHeight)
        parts = self.body.split(availWidth, max(availHeight - tail, 0))
        if len(parts) == 2:  # the table goes on: the tail stays with its last part
            head, rest = parts
            return [head, WithTail(rest, self.tail)]
        if len(parts) == 1 and parts[0] is self.body:
            body_height = self.body.wrap(availWidth, availHeight)[1]
            if body_height + tail <= availHeight:
                return [self]
        return []  # nothing of the table fits with its tail: the next page

    def draw(self):
        width, _height = self._body_size  # as measured: a long table's page is the rows it wrapped
        y = self._tail
        self.body.drawOn(self.canv, (self.width - width) / 2, y)
        for part, (_width, part_height) in zip(self.tail, self._sizes):
            y -= part.getSpaceBefore() + part_height
            part.drawOn(self.canv, 0, y)
            y -= part.getSpaceAfter()
