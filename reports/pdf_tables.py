"""The three tables of the printed report — 七 预算信息, 八 年度重点任务, 九 部门整体自评表 — as
long tables whose merged group cells are named again on every page they run onto."""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.fields import BUDGET_FIELDS, INDICATOR_FIELDS, TASK_FIELDS
from models.money import format_amount, format_rate
from reports.pdf_long_table import Group, LongTable, make_spec
from reports.pdf_text import TextBlock


BUDGET_WIDTHS = (46 * mm, 21 * mm, 27 * mm, 21 * mm, 21 * mm, 20 * mm)
# 八 and 九 fill the landscape text block (225 mm, the portrait block turned: GB/T 9704-2012 10.1)
TASK_WIDTHS = (50 * mm, 41 * mm, 38 * mm, 96 * mm)
# 分解目标, 满意度 and 部门业务评判 each on one line
INDICATOR_WIDTHS = (17 * mm, 14 * mm, 47 * mm, 26 * mm, 26 * mm, 27 * mm, 18 * mm, 50 * mm)
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


def _table(header, rows, widths, frame_height, fonts, groups=(), commands=(), **lines) -> LongTable:
    """`lines`: make_spec's joined_head, repeated and repeat (the lines themselves are drawn by
    pdf_long_table, which knows where a merged cell is)."""
    spec = make_spec([header], rows, widths, _base_style(1, fonts.names["body"]) + list(commands), frame_height,
                     groups, **lines)
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


def _headers(fonts, style, texts, place):
    return [cell(fonts, text, "heading", place, style) for text in texts]


def budget_table(report, fonts, styles, frame_height) -> LongTable:
    unit = report.amount_unit
    plain, number = styles["cell"], styles["cell_number"]
    header = _headers(fonts, styles["cell_head"], [f.heading_for(unit) for f in BUDGET_FIELDS], "预算信息表头")
    rows = []
    for row_number, row in enumerate(report.budget, 1):
        place = f"预算信息 第{row_number}行"
        role = "heading" if row.is_parent else "body"
        figures = [format_amount(v) for v in (row.initial, row.adjustment, row.adjusted, row.actual)]
        figures.append(format_rate(row.execution_rate))
        rows.append([cell(fonts, row.name, role, place, _indented(plain, row.depth))]
                    + [number_cell(fonts, f, place, number, width) for f, width in zip(figures, BUDGET_WIDTHS[1:])])
    return _table(header, rows, list(BUDGET_WIDTHS), frame_height, fonts)


def tasks_table(report, fonts, styles, frame_height) -> LongTable:
    plain = styles["cell"]
    header = _headers(fonts, styles["cell_head"], [f.heading_for() for f in TASK_FIELDS], "年度重点任务表头")
    rows = []
    for number, task in enumerate(report.tasks, 1):
        place = f"年度重点任务 第{number}行"
        rows.append([cell(fonts, text, "body", place, plain)
                     for text in (task.duty, task.name, task.content, task.completion)])

    def continuation(first):
        return continued(fonts, report.tasks[first].duty, "年度重点任务", plain, styles["cell_note"])

    def repeat(index, column):  # a task split across pages: its name and content stand again
        text = report.tasks[index].name if column == 1 else report.tasks[index].content
        return continued(fonts, text, f"年度重点任务 第{index + 1}行", plain, styles["cell_note"])
    groups = [Group(0, [task.duty for task in report.tasks], continuation)]
    # a task's texts stand at the top of its row, so a row split across pages begins with its name
    top = [("VALIGN", (0, 1), (-1, -1), "TOP")]
    return _table(header, rows, list(TASK_WIDTHS), frame_height, fonts, groups, top, repeated=(1, 2),
                  repeat=repeat)


def indicators_table(report, fonts, styles, frame_height) -> LongTable:
    plain, center, number = styles["cell"], styles["cell_center"], styles["cell_number"]
    category = INDICATOR_FIELDS[0].heading  # 类别, over the two category columns
    header = _headers(fonts, styles["cell_head"], [*category, *(f.heading_for() for f in INDICATOR_FIELDS[2:])],
                      "自评表表头")
    # 类 and 别 meet at the line between the two category columns, reading as one centred 类别
    header[0] = cell(fonts, "类", "heading", "自评表表头", styles["cell_head_right"])
    header[1] = cell(fonts, "别", "heading", "自评表表头", styles["cell_head_left"])
    rows = []
    kinds = [center, center, plain, center, center, center, number, plain]
    for row_number, row in enumerate(report.indicators, 1):
        place = f"部门整体自评表 第{row_number}行"
        texts = [row.category1, row.category2, row.name, row.target.text, row.actual.text, row.source,
                 row.deviation or "", row.reason]
        rows.append([cell(fonts, text, "body", place, kind) for text, kind in zip(texts, kinds)])

    def continuation(field):
        def paragraph(first):
            return continued(fonts, getattr(report.indicators[first], field), "部门整体自评表", center,
                             styles["cell_note_center"])
        return paragraph
    groups = [Group(0, [r.category1 for r in report.indicators], continuation("category1")),
              Group(1, [(r.category1, r.category2) if r.category2 else "" for r in report.indicators],
                    continuation("category2"))]
    # 类别 heads both category columns: a merged header drawn without the line between them (a SPAN
    # would make reportlab index every cell of the table again at each page break)
    return _table(header, rows, list(INDICATOR_WIDTHS), frame_height, fonts, groups, joined_head=(0,))
