"""The tables of the printed report — 预算信息, 年度重点任务, 部门整体自评表 and a form's funding and
goal blocks — in the columns of the report's form (models/forms.py: headings and widths in mm), as
long tables whose merged group cells are named again on every page they run onto."""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.kinsoku import CANNOT_END, CANNOT_START
from reports.form_cells import (
    AMOUNTS, INDICATOR_ALIGN, badly_broken, column_text, even_lines, funding_texts, heading_units,
    joined_category_heading, total_row)
from reports.pdf_long_table import Group, LongTable, make_spec
from reports.pdf_text import TextBlock


MIN_NUMBER_SIZE = 6


def cell(fonts, text: str, role: str, place: str, style) -> TextBlock:
    """A table cell's text: every character in a font that has it, broken by the Chinese rules."""
    return TextBlock(fonts.runs(text, role, place), style)


def _base_style(header_rows: int, font_name: str) -> list:
    return [
        ("FONTNAME", (0, 0), (-1, -1), font_name),  # for empty cells too: no font may go unembedded
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.93, 0.93, 0.93)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def _table(header, rows, widths, frame_height, fonts, groups=(), commands=(), last_span=None,
           **lines) -> LongTable:
    """`lines`: make_spec's joined_head, repeated and repeat (the lines themselves are drawn by
    pdf_long_table, which knows where a merged cell is)."""
    spec = make_spec([header], rows, widths, _base_style(1, fonts.names["body"]) + list(commands), frame_height,
                     groups, last_span=last_span, **lines)
    return LongTable(spec)


def continued(fonts, text: str, place: str, style, note_style) -> list[TextBlock]:
    """A cell named again on a later page: its text, then （续） as a label of its own in smaller type."""
    return [cell(fonts, text, "body", place, style), cell(fonts, "（续）", "body", place, note_style)]


@lru_cache(maxsize=None)
def _indented(style: ParagraphStyle, depth: int) -> ParagraphStyle:
    """A budget line's name stands one character further in for each level below the total."""
    return ParagraphStyle(f"{style.name}-{depth}", parent=style, leftIndent=depth * style.fontSize)


def number_cell(fonts, text: str, place: str, style, column_width: float) -> TextBlock:
    """An amount or rate on one line: set smaller when wider than its column (a report in 元 has
    figures such as 24670900.00), never broken between its digits."""
    runs = fonts.runs(text, "body", place)
    room = column_width - 6  # the cell's left and right padding
    wide = sum(stringWidth(part, font, style.fontSize) for font, part in runs)
    if wide > room:
        style = _smaller(style, max(MIN_NUMBER_SIZE, round(style.fontSize * room / wide - 0.05, 1)))
    return TextBlock(runs, style)


@lru_cache(maxsize=None)
def _smaller(style: ParagraphStyle, size: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=size * 1.35)


def _headers(fonts, style, texts, place, widths=None):
    if widths is None:
        return [cell(fonts, text, "heading", place, style) for text in texts]
    return [head_cell(fonts, text, place, style, width) for text, width in zip(texts, widths)]


MIN_HEAD_SIZE = 7.5


def head_cell(fonts, text: str, place: str, style, column_width: float) -> TextBlock:
    """A column heading: as the Chinese line rules break it, unless that leaves one character alone
    on its last line (指标性 / 质) or parts a bracket (执行率（B/A / ）); then in lines as even as the
    heading's words allow (指标 / 性质, 执行率 / （B/A）), set smaller when a bracketed part is wider
    than the column."""
    block = cell(fonts, text, "heading", place, style)
    room = column_width - 6  # the cell's left and right padding
    block.wrap(room, 1e6)
    lines = [text[start:end].strip() for start, end, _used, _hard in block.lines]
    if not badly_broken(lines):
        return block
    units = heading_units(text, CANNOT_START, CANNOT_END)
    if len(units) > 20:  # a heading that long wraps as the rules break it
        return block

    def width_of(part: str, size: float) -> float:
        return sum(stringWidth(piece, font, size) for font, piece in fonts.runs(part, "heading"))
    size = style.fontSize
    widest = max(width_of(unit, size) for unit in units)
    if widest > room:
        size = max(MIN_HEAD_SIZE, round(size * room / widest - 0.05, 1))
        style = _smaller(style, size)
    best = even_lines([width_of(unit, size) for unit in units], room)
    return TextBlock(fonts.runs("\n".join("".join(units[a:b]) for a, b in best), "heading", place), style)


def _widths(columns) -> list[float]:
    return [float(column.width) * mm for column in columns]


def _columns(report, table: str, columns):
    if columns is None:
        from models.forms import form_of
        columns = form_of(report).columns(table)
    return list(columns)


def budget_table(report, fonts, styles, frame_height, columns=None) -> LongTable:
    """预算信息 in the form's columns (the Suzhou form's by default)."""
    columns = _columns(report, "budget", columns)
    unit = report.amount_unit
    plain, number = styles["cell"], styles["cell_number"]
    widths = _widths(columns)
    header = _headers(fonts, styles["cell_head"], [c.heading_for(unit) for c in columns], "预算信息表头", widths)
    rows = []
    for row_number, row in enumerate(report.budget, 1):
        place = f"预算信息 第{row_number}行"
        role = "heading" if row.is_parent else "body"
        cells = []
        for column, width in zip(columns, widths):
            text = column_text(column.field, row)
            if column.field == "name":
                cells.append(cell(fonts, text, role, place, _indented(plain, row.depth)))
            elif column.field in AMOUNTS or column.field == "execution_rate":
                cells.append(number_cell(fonts, text, place, number, width))
            else:
                cells.append(cell(fonts, text, "body", place, plain))
        rows.append(cells)
    return _table(header, rows, widths, frame_height, fonts)


def tasks_table(report, fonts, styles, frame_height, columns=None) -> LongTable:
    """年度重点任务 in the form's columns: 对应部门主要职责 merged over its tasks."""
    columns = _columns(report, "tasks", columns)
    fields = [c.field for c in columns]
    plain = styles["cell"]
    header = _headers(fonts, styles["cell_head"], [c.heading_for(report.amount_unit) for c in columns],
                      "年度重点任务表头", _widths(columns))
    rows = []
    for number, task in enumerate(report.tasks, 1):
        place = f"年度重点任务 第{number}行"
        rows.append([cell(fonts, column_text(field, task), "body", place, plain) for field in fields])

    def continuation(first):
        return continued(fonts, report.tasks[first].duty, "年度重点任务", plain, styles["cell_note"])

    def repeat(index, column):  # a task split across pages: its name and content stand again
        text = getattr(report.tasks[index], fields[column])
        return continued(fonts, text, f"年度重点任务 第{index + 1}行", plain, styles["cell_note"])
    groups = ([Group(fields.index("duty"), [task.duty for task in report.tasks], continuation)]
              if "duty" in fields else [])
    repeated = tuple(index for index, field in enumerate(fields) if field in ("name", "content"))
    # a task's texts stand at the top of its row, so a row split across pages begins with its name
    top = [("VALIGN", (0, 1), (-1, -1), "TOP")]
    return _table(header, rows, _widths(columns), frame_height, fonts, groups, top, repeated=repeated,
                  repeat=repeat)


def indicators_table(report, fonts, styles, frame_height, columns=None, form=None) -> LongTable:
    """部门整体自评表 in the form's columns: the category columns merged over their rows and named
    again (续) on a later page; a scored form's 总分 row at the end."""
    from models.forms import form_of
    from models.scoring import score_report

    form = form or form_of(report)
    columns = _columns(report, "indicators", columns if columns is not None else form.columns("indicators"))
    fields = [c.field for c in columns]
    scores = score_report(report, form)
    align = {"center": styles["cell_center"], "number": styles["cell_number"], "plain": styles["cell"]}
    kinds = [align[INDICATOR_ALIGN.get(field, "plain")] for field in fields]
    header = _headers(fonts, styles["cell_head"], [c.heading_for(report.amount_unit) for c in columns], "自评表表头",
                      _widths(columns))
    joined = joined_category_heading(columns)
    if joined is not None:
        # 类 and 别 meet at the line between the two category columns, reading as one centred 类别
        text = columns[joined].heading_for(report.amount_unit)
        half = (len(text) + 1) // 2
        header[joined] = cell(fonts, text[:half], "heading", "自评表表头", styles["cell_head_right"])
        header[joined + 1] = cell(fonts, text[half:], "heading", "自评表表头", styles["cell_head_left"])
    rows = []
    for row_number, row in enumerate(report.indicators, 1):
        place = f"部门整体自评表 第{row_number}行"
        rows.append([cell(fonts, column_text(field, row, scores), "body", place, kind)
                     for field, kind in zip(fields, kinds)])
    first_keys = [r.category1 for r in report.indicators]
    second_keys = [(r.category1, r.category2) if r.category2 else "" for r in report.indicators]
    total = total_row(form, columns, scores)
    last_span = None
    if total is not None:
        span, texts = total
        widths = _widths(columns)
        label = cell(fonts, texts[0], "heading", "部门整体自评表 总分", styles["cell_head"])
        rows.append([label] + [number_cell(fonts, text, "部门整体自评表 总分", styles["cell_number"], width)
                               for text, width in zip(texts[1:], widths[1:])])
        first_keys.append("")
        second_keys.append("")
        last_span = (0, span - 1) if span > 1 else None

    def continuation(field):
        def paragraph(first):
            return continued(fonts, getattr(report.indicators[first], field), "部门整体自评表", styles["cell_center"],
                             styles["cell_note_center"])
        return paragraph
    groups = []
    if "category1" in fields:
        groups.append(Group(fields.index("category1"), first_keys, continuation("category1")))
    if "category2" in fields:
        groups.append(Group(fields.index("category2"), second_keys, continuation("category2")))
    # 类别 heads both category columns: a merged header drawn without the line between them (a SPAN
    # would make reportlab index every cell of the table again at each page break)
    return _table(header, rows, _widths(columns), frame_height, fonts, groups,
                  joined_head=(joined,) if joined is not None else (), last_span=last_span)


def funding_table(report, form, block, fonts, styles, frame_height, scores) -> LongTable:
    """The funding block: the row labels, then the form's columns (amounts, 执行率, 分值 and 得分 on
    the total row, 原因)."""
    widths = [float(block.label_width) * mm] + _widths(block.columns)
    unit = report.amount_unit
    header = _headers(fonts, styles["cell_head"], [block.label_heading.replace("{unit}", unit)]
                      + [c.heading_for(unit) for c in block.columns], "资金情况表头", widths)
    fields = [""] + [c.field for c in block.columns]
    rows = []
    for texts in funding_texts(report, form, block, scores):
        place = f"资金情况 {texts[0]}"
        row = []
        for number, (field, text, width) in enumerate(zip(fields, texts, widths)):
            if number == 0:
                row.append(cell(fonts, text, "body", place, styles["cell"]))
            elif field == "reason":
                row.append(cell(fonts, text, "body", place, styles["cell"]))
            else:
                row.append(number_cell(fonts, text, place, styles["cell_number"], width))
        rows.append(row)
    return _table(header, rows, widths, frame_height, fonts)


def goal_table(report, block, fonts, styles, frame_height) -> LongTable:
    """年度总体目标: 预期目标 beside 实际完成情况, each the report's text."""
    texts = {**report.narrative, **getattr(report, "form_texts", {})}
    unit = report.amount_unit
    header = _headers(fonts, styles["cell_head"], [c.heading_for(unit) for c in block.columns], "年度总体目标表头",
                      _widths(block.columns))
    row = [cell(fonts, texts.get(c.field, "") or "", "body", "年度总体目标", styles["cell"]) for c in block.columns]
    top = [("VALIGN", (0, 1), (-1, -1), "TOP")]
    return _table(header, [row], _widths(block.columns), frame_height, fonts, (), top)
