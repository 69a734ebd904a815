"""The Word export's tables — 预算信息, 年度重点任务, 部门整体自评表 in the columns of the report's form,
a form's funding and goal blocks, and the sign-off block — as real Word tables: fixed column widths within the text block, the header row repeated on every page,
rows kept whole unless taller than a page, 类别 and 对应部门主要职责 as vertical merges.

Each table is OOXML text: its shell (properties, grid, header row) and its rows, made one at a time
as the document is saved (reports/docx_package.py) — python-docx would make a Python object of every
cell it touches and hold the whole tree, which at 100× the sample (76,000 cells) is most of the time
and memory of the export."""
from __future__ import annotations

import math

from collections.abc import Iterator

from docx.oxml.ns import nsdecls

from reports.form_cells import AMOUNTS, INDICATOR_ALIGN, badly_broken, column_text, even_lines, heading_units
from reports.kinsoku import CANNOT_END, CANNOT_START
from reports.docx_ooxml import ROW_HEADER, ROW_WHOLE, runs_xml
from reports.docx_styles import TABLE_LEADING, TABLE_SIZE

TWIPS_PER_MM = 1440 / 25.4
BUDGET_WIDTHS = (46, 21, 27, 21, 21, 20)                  # mm, as printed: 156 mm, the portrait text block
TASK_WIDTHS = (55, 45, 42, 105)                           # 247 mm, the landscape text block
INDICATOR_WIDTHS = (16, 16, 55, 30, 30, 27, 20, 53)     # the 类别 columns widened to their words (indicator_widths)
# The Word widths tuned by hand for the Suzhou form's turned tables, by the form's widths in mm;
# another table on a landscape page is scaled from the PDF's text block (reports/docx.py).
WORD_WIDTHS = {("tasks", (50.0, 41.0, 38.0, 96.0)): TASK_WIDTHS,
               ("indicators", (17.0, 14.0, 47.0, 26.0, 26.0, 27.0, 18.0, 50.0)): INDICATOR_WIDTHS}
CATEGORY_EMS = (4, 6)                                     # a 类别 column holds 4 to 6 characters a line
PADDING = (40, 60, 60, 60)                                # twips: top, right, bottom, left (2 and 3 pt)
HEAD_FILL = "EDEDED"
_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


class TableXml:
    """One table as OOXML text: `shell()` and a `row()` at a time."""

    def __init__(self, widths_mm, page_height_mm: float, borders: str = _BORDERS, align: str = "center",
                 padding=PADDING):
        self.widths = [twips(w) for w in widths_mm]
        self.room = page_height_mm * 72 / 25.4 * 0.9 - 2 * TABLE_LEADING.pt  # a row taller than this may split
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        top, right, bottom, left = padding
        self.head = [
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(self.widths)}" w:type="dxa"/>'
            f'<w:jc w:val="{align}"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
            f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']

    def header(self, texts, spans=None) -> None:
        spans = spans or [1] * len(texts)
        cells, column = [], 0
        for text, span in zip(texts, spans):
            width = sum(self.widths[column:column + span])
            extra = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            text = heading_lines(text, width - PADDING[1] - PADDING[3])
            cells.append(_cell(width, text, "TableHead", extra + f'<w:shd w:val="clear" w:color="auto" '
                               f'w:fill="{HEAD_FILL}"/><w:vAlign w:val="center"/>'))
            column += span
        self.head.append(f"<w:tr>{ROW_HEADER}{''.join(cells)}</w:tr>")

    def span_row(self, cells) -> str:
        """A row of (text, style id, columns spanned) cells, kept whole (the 总分 row)."""
        out, column = [], 0
        for text, style, span in cells:
            width = sum(self.widths[column:column + span])
            extra = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            out.append(_cell(width, text, style, extra + '<w:vAlign w:val="center"/>', keep=True))
            column += span
        return f"<w:tr>{ROW_WHOLE}{''.join(out)}</w:tr>"

    def shell(self) -> str:
        return "".join(self.head) + "</w:tbl>"

    def row(self, cells, merges=None, indent=0) -> str:
        """`cells`: (text, style id) per column; `merges`: column → "restart" / "continue" for the
        vertical merges; `indent`: the first cell's left indent in twips."""
        merges = merges or {}
        out, tallest = [], 0.0
        for column, ((text, style), width) in enumerate(zip(cells, self.widths)):
            merge = merges.get(column)
            if merge == "continue":
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vMerge/></w:tcPr><w:p/></w:tc>')
                continue
            if merge == "restart":
                properties = '<w:vMerge w:val="restart"/><w:vAlign w:val="top"/>'
            else:
                properties = '<w:vAlign w:val="center"/>'
                tallest = max(tallest, _height(text, width - PADDING[1] - PADDING[3]))
            out.append(_cell(width, text, style, properties, indent if column == 0 else 0))
        keep = ROW_WHOLE if tallest <= self.room else ""  # a row taller than a page has to split
        return f"<w:tr>{keep}{''.join(out)}</w:tr>"


def _cell(width: int, text: str, style: str, properties: str, indent: int = 0, keep: bool = False) -> str:
    ind = f'<w:ind w:left="{indent}"/>' if indent else ""
    if keep:  # kept with the paragraph after the table (the 总分 row with 自评等级)
        ind = "<w:keepNext/>" + ind
    paragraphs = "".join(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ind}</w:pPr>{runs_xml(line)}</w:p>'
                         for line in (text.split("\n") if text else [""]))
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{properties}</w:tcPr>{paragraphs}</w:tc>'


def _height(text: str, width_twips: int) -> float:
    """The height in points a cell's text needs at its width, counting a Chinese character a full
    em and anything else half (enough to tell a row taller than a page)."""
    if not text:
        return 0.0
    room = max(width_twips / 20 / TABLE_SIZE, 1.0)  # ems a line holds
    lines = 0
    for line in text.split("\n"):
        lines += max(1, math.ceil(_ems(line) / room))
    return lines * TABLE_LEADING.pt


def heading_lines(text: str, room_twips: int) -> str:
    """A column heading as Word would break it, unless a heading of two lines would leave one
    character alone on the last (指标性 / 质) or part a bracket; then in even lines (指标 / 性质),
    one paragraph each."""
    room = room_twips / 20 / TABLE_SIZE  # ems a line holds
    if "\n" in text or _ems(text) <= room:
        return text
    lines, line, used = [], "", 0.0
    for char in text:  # Word breaks between any two Chinese characters, by the line rules
        width = _ems(char)
        if used + width > room and line:
            carried = ""
            while len(line) > 1 and ((carried or char)[0] in CANNOT_START or line[-1] in CANNOT_END):
                carried, line = line[-1] + carried, line[:-1]
            lines.append(line)
            line, used = carried, _ems(carried)
        line += char
        used += width
    lines.append(line)
    if len(lines) > 2 or not badly_broken(lines):  # a long heading is left to Word's own rules
        return text
    units = heading_units(text, CANNOT_START, CANNOT_END)
    widths = [_ems(unit) for unit in units]
    if len(units) > 20 or max(widths) > room:
        return text
    return "\n".join("".join(units[a:b]) for a, b in even_lines(widths, room))


def _ems(text: str) -> float:
    """`text`'s width in ems: a Chinese character a full em, anything else a little over half."""
    return sum(1.0 if ord(char) >= 0x2E80 else 0.55 for char in text)


def indicator_widths(report, base=INDICATOR_WIDTHS, categories=(0, 1)) -> list[float]:
    """The columns of 部门整体自评表 in mm: each category column (类别, 一级指标, 二级指标) as wide as
    its longest word (分解目标, 满意度) needs on one line with the cell margins — at least four
    characters, at most six — the room taken from the widest text column, so the table keeps its
    width."""
    widths = [twips(width) for width in base]
    others = [index for index in range(len(widths)) if index not in categories]
    if not others:
        return list(base)
    widest = max(others, key=lambda index: widths[index])
    for column, field in zip(categories, ("category1", "category2")):
        if column is None:
            continue
        words = [line for row in report.indicators for line in (getattr(row, field) or "").split("\n")]
        ems = min(max([CATEGORY_EMS[0], *map(_ems, words)]), CATEGORY_EMS[1])
        # a point to spare: Word and Writer break a line that fills its cell to the twip
        needed = math.ceil(ems * TABLE_SIZE * 20) + PADDING[1] + PADDING[3] + 20
        widest = max(others, key=lambda index: widths[index])
        widths[widest] -= needed - widths[column]
        widths[column] = needed
    widths[widest] += twips(sum(base)) - sum(widths)  # whole twips adding up to the table's width
    return [width / TWIPS_PER_MM for width in widths]


def _merges(keys: list, column: int) -> list[dict]:
    """Per row, how `column` takes part in a vertical merge of equal, non-empty neighbouring keys."""
    out = []
    for index, key in enumerate(keys):
        following = index + 1 < len(keys) and keys[index + 1] == key
        if key and index and keys[index - 1] == key:
            out.append({column: "continue"})
        elif key and following:
            out.append({column: "restart"})
        else:
            out.append({})
    return out


Table = tuple[str, Iterator[str]]  # shell, rows


def budget_table(report, headers: list[str], page_height_mm: float, widths=BUDGET_WIDTHS,
                 fields=("name", "initial", "adjustment", "adjusted", "actual", "execution_rate")) -> Table:
    table = TableXml(widths, page_height_mm)
    table.header(headers)

    def rows():
        for row in report.budget:
            cells = []
            for field in fields:
                text = column_text(field, row)
                if field == "name":
                    cells.append((text, "TableSum" if row.is_parent else "TableText"))
                elif field in AMOUNTS or field == "execution_rate":
                    cells.append((text, "TableNumber"))
                else:
                    cells.append((text, "TableText"))
            yield table.row(cells, indent=round(row.depth * TABLE_SIZE * 20) if fields[0] == "name" else 0)
    return table.shell(), rows()


def tasks_table(report, headers: list[str], page_height_mm: float, widths=TASK_WIDTHS,
                fields=("duty", "name", "content", "completion")) -> Table:
    table = TableXml(widths, page_height_mm)
    table.header(headers)

    def rows():
        if "duty" in fields:
            merges = _merges([task.duty for task in report.tasks], list(fields).index("duty"))
        else:
            merges = [{} for _task in report.tasks]
        for task, merge in zip(report.tasks, merges):
            yield table.row([(column_text(field, task), "TableText") for field in fields], merge)
    return table.shell(), rows()


SUZHOU_INDICATORS = ("category1", "category2", "name", "target", "actual", "source", "deviation_override", "reason")
_ALIGN_STYLES = {"center": "TableTextCentered", "number": "TableNumber", "plain": "TableText"}


def indicators_table(report, headers: list[str], page_height_mm: float, widths=None, fields=SUZHOU_INDICATORS,
                     joined: int | None = 0, scores=None, total=None) -> Table:
    """`headers` has one heading for both category columns when `joined` is the first one's index
    (类别 heads both); `total`: a scored form's 总分 row (form_cells.total_row)."""
    fields = list(fields)
    categories = tuple(fields.index(f) if f in fields else None for f in ("category1", "category2"))
    table = TableXml(indicator_widths(report, widths or INDICATOR_WIDTHS, categories), page_height_mm)
    spans = [1] * len(headers)
    if joined is not None:
        spans[joined] = 2
    table.header(headers, spans)
    styles = [_ALIGN_STYLES[INDICATOR_ALIGN.get(field, "plain")] for field in fields]

    def rows():
        items = report.indicators
        none = [{} for _row in items]
        first = _merges([r.category1 for r in items], categories[0]) if categories[0] is not None else none
        second = (_merges([(r.category1, r.category2) if r.category2 else "" for r in items], categories[1])
                  if categories[1] is not None else none)
        for row, a, b in zip(items, first, second):
            texts = [column_text(field, row, scores) for field in fields]
            yield table.row(list(zip(texts, styles)), {**a, **b})
        if total is not None:
            span, texts = total
            yield table.span_row([(texts[0], "TableHead", span)]
                                 + [(text, "TableNumber", 1) for text in texts[span:]])
    return table.shell(), rows()


def funding_table(headers: list[str], rows_texts: list[list[str]], fields: list[str], widths,
                  page_height_mm: float) -> Table:
    """A form's funding block: the row labels, then amounts, 执行率, 分值 and 得分, 原因."""
    table = TableXml(widths, page_height_mm)
    table.header(headers)
    styles = ["TableText"] + ["TableText" if field == "reason" else "TableNumber" for field in fields]
    return table.shell(), iter([table.row(list(zip(texts, styles))) for texts in rows_texts])


def goal_table(headers: list[str], texts: list[str], widths, page_height_mm: float) -> Table:
    """年度总体目标: 预期目标 beside 实际完成情况."""
    table = TableXml(widths, page_height_mm)
    table.header(headers)
    return table.shell(), iter([table.row([(text, "TableText") for text in texts])])


def signoff_table(rows: list[tuple[str, str, bool]]) -> Table:
    """填报人 … 填报日期: each value on a line, and a line to sign on where a signature belongs; rows
    17 mm apart for the handwriting (a longer value still wraps and its row grows)."""
    table = TableXml((64, 43, 20, 29), 297, borders="", align="left", padding=(0, 20, 60, 20))
    line = '<w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>'
    out = []
    for label, value, signature in rows:
        cells = [_cell(table.widths[0], label + "：", "SignOff", '<w:vAlign w:val="bottom"/>'),
                 _cell(table.widths[1], value, "SignOff", line + '<w:vAlign w:val="bottom"/>'),
                 _cell(table.widths[2], "签字：" if signature else "", "SignOff", '<w:vAlign w:val="bottom"/>'),
                 _cell(table.widths[3], "", "SignOff", (line if signature else "") + '<w:vAlign w:val="bottom"/>')]
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{twips(17)}" w:hRule="atLeast"/>'
                   f'</w:trPr>{"".join(cells)}</w:tr>')
    return table.shell(), iter(out)


def seal_box(text: str) -> Table:
    """The space for the unit's seal: a 50 × 45 mm box at the right."""
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                     for side in ("top", "left", "bottom", "right"))
    table = TableXml((50,), 297, borders=border, align="right")
    row = (f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{twips(45)}" w:hRule="exact"/></w:trPr>'
           + _cell(table.widths[0], text, "TableTextCentered", '<w:vAlign w:val="center"/>') + "</w:tr>")
    return table.shell(), iter([row])
