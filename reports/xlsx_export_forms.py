"""The sheets of a form other than the seed's (`xlsx_forms` describes the layout): 基本信息 with 表式
and the form's texts, 资金情况, 部门整体自评表 in the form's columns with its 总分 and grade, and the
seed's 预算信息 (and 年度重点任务 when the form shows it).

Scores are `models.scoring.score_report`'s: 得分 is the score that counts (typed, else computed), a
number with two decimals; the computed ones are recorded in a hidden column so that the import
knows them from typed ones.
"""
from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from models.scoring import score_report
from reports.xlsx_export import (
    AMOUNT_FORMAT, BORDER, CENTER, HEAD_FILL, HEAD_FONT, RATE_FORMAT, STYLES, _borders, _budget_sheet, _header,
    _info_sheet, _merge_runs, _percent_number, _print_setup, _put_percent, _tasks_sheet, _text_style, put_number,
    put_text)
from reports.xlsx_forms import (
    SCORE_FORMAT, SHEET_BUDGET, SHEET_FUNDING, SHEET_INDICATORS, SHEET_TASKS, form_value, hidden_funding_columns,
    hidden_indicator_columns, info_items, notes_of, sheet_order, width_of)
from reports.xlsx_heights import fit_rows

_CENTERED_FIELDS = {"category1", "category2", "target", "actual", "source", "completion", "target_nature",
                    "target_value", "target_unit"}
_PERCENT_FIELDS = {"target", "actual", "deviation_override"}
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,14})(?:\.(\d{1,14}))?")


def form_sheets(book, report, form) -> None:
    scores = score_report(report, form)
    _info_sheet(book, report, info_items(form, report.form_texts),
                {"form": form_value(form), **report.form_texts})
    for name in sheet_order(form):
        if name == SHEET_FUNDING:
            _funding_sheet(book, report, form, scores)
        elif name == SHEET_BUDGET:
            _budget_sheet(book, report)
        elif name == SHEET_TASKS:
            _tasks_sheet(book, report)
        elif name == SHEET_INDICATORS:
            _indicators_sheet(book, report, form, scores)


def _plain_number(cell, text: str) -> bool:
    """指标值 `95` or `2.50` as a number showing the same text; False for other text (`1,000`)."""
    match = _PLAIN_NUMBER.fullmatch(text)
    if match is None or len(text.replace("-", "").replace(".", "")) > 15 or text == "-0":
        return False
    places = len(match.group(1) or "")
    cell.value = Decimal(text)

    def build(target, places=places):
        target.number_format = "0." + "0" * places if places else "0"
        target.alignment, target.border = CENTER, BORDER
    STYLES.apply(cell, ("center-number", places), build)
    return True


def _cell_value(field: str, item, row_score):
    if field in ("target", "actual"):
        return getattr(item, field).text
    if field == "deviation_override":
        return item.deviation or ""
    if field == "weight":
        return item.weight
    if field == "score_override":
        return row_score.score if row_score is not None else item.score_override
    return getattr(item, field)  # text fields and the target's parts


def _indicators_sheet(book, report, form, scores) -> None:
    sheet = book.create_sheet(SHEET_INDICATORS)
    columns = form.columns("indicators")
    fields = [c.field for c in columns]
    widths = [width_of(c.width) for c in columns]
    _header(sheet, [c.heading_for(report.amount_unit) for c in columns], widths)
    texts = []
    by_id = {row.row_id: row for row in scores.rows} if scores is not None else {}  # `scores.of` is a search
    for row_number, item in enumerate(report.indicators, 2):
        row_score = by_id.get(item.id)
        shown = []
        for column, field in enumerate(fields, 1):
            cell = sheet.cell(row=row_number, column=column)
            value = _cell_value(field, item, row_score)
            if field in ("weight", "score_override"):
                put_number(cell, value, SCORE_FORMAT)
                shown.append(None)
                continue
            value = value or ""
            shown.append(value)
            if field in _PERCENT_FIELDS and value.endswith("%"):
                percent = _percent_number(value)
                if percent is not None:
                    _put_percent(cell, *percent)
                    continue
            if field == "target_value" and _plain_number(cell, value):
                continue
            put_text(cell, value)
            if field in _CENTERED_FIELDS:
                _text_style(cell, CENTER, "center")
        texts.append(shown)
    last = len(report.indicators) + 1
    _borders(sheet, last, len(columns))
    merged = {}
    if "category1" in fields:
        first = [i.category1 for i in report.indicators]
        _merge_runs(sheet, fields.index("category1") + 1, first)
        merged[fields.index("category1")] = first
        if "category2" in fields:
            second = [f"{i.category1}\u0000{i.category2}" if i.category2 else "" for i in report.indicators]
            _merge_runs(sheet, fields.index("category2") + 1, second)
            merged[fields.index("category2")] = second
    fit_rows(sheet, texts, widths, merged=merged)
    below = last + 1
    if scores is not None and form.scoring is not None and "weight" in fields:
        _total_rows(sheet, form, fields, scores, below)
        below += 2
    _notes(sheet, notes_of(form), below, widths)
    _hidden_indicator_columns(sheet, report, form, by_id, len(columns))
    _print_setup(sheet, landscape=True)


def _label_cell(sheet, row: int, column: int, text: str, bold: bool = True) -> None:
    cell = sheet.cell(row=row, column=column)
    put_text(cell, text)
    cell.font = HEAD_FONT if bold else cell.font
    cell.alignment, cell.border = CENTER, BORDER


def _total_rows(sheet, form, fields: list[str], scores, row: int) -> None:
    """总分 (合计): the weights' and the scores' totals under 分值 and 得分; then the grade line."""
    weight_column = fields.index("weight") + 1
    label_span = max(weight_column - 1, 1)
    count = len(fields)
    for column in range(1, count + 1):
        for line in (row, row + 1):
            sheet.cell(row=line, column=column).border = BORDER
    _label_cell(sheet, row, 1, form.scoring.total_label)
    if label_span > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=label_span)
    put_number(sheet.cell(row=row, column=weight_column), scores.weight_total, SCORE_FORMAT)
    if "score_override" in fields:
        put_number(sheet.cell(row=row, column=fields.index("score_override") + 1), scores.total, SCORE_FORMAT)
    _label_cell(sheet, row + 1, 1, form.scoring.grade_label)
    if label_span > 1:
        sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=label_span)
    grade_column = label_span + 1
    _label_cell(sheet, row + 1, grade_column, scores.grade)
    if count > grade_column:
        sheet.merge_cells(start_row=row + 1, start_column=grade_column, end_row=row + 1, end_column=count)


def _notes(sheet, notes: list[str], row: int, widths: list[float]) -> None:
    """The form's notes below its table, each across the whole width."""
    for offset, note in enumerate(notes):
        cell = sheet.cell(row=row + offset, column=1)
        put_text(cell, note)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left")
        if len(widths) > 1:
            sheet.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset, end_column=len(widths))
    if notes:
        fit_rows(sheet, [[note] for note in notes], [sum(widths)], first_row=row)


def _hidden_indicator_columns(sheet, report, form, by_id: dict, after: int) -> None:
    """What the form does not show and what the export computed, in hidden columns (empty cells left out)."""
    for offset, (what, heading) in enumerate(hidden_indicator_columns(form), 1):
        column = after + offset
        put_text(sheet.cell(row=1, column=column), heading)
        for row_number, item in enumerate(report.indicators, 2):
            if what == "score_mark":
                row_score = by_id.get(item.id)
                if item.score_override is None and row_score is not None and row_score.score is not None:
                    put_number(sheet.cell(row=row_number, column=column), row_score.score, SCORE_FORMAT)
                continue
            text = {"target_text": item.target.text, "source": item.source, "completion": item.completion,
                    "deviation_typed": item.deviation_override or ""}[what]
            if text:
                put_text(sheet.cell(row=row_number, column=column), text)
        sheet.column_dimensions[get_column_letter(column)].hidden = True


def _unshown_rows(report, block) -> list:
    """Funding rows the report holds that this form does not show (entered under another form), each
    under the label a form gives it: written in hidden rows, so that nothing is lost on a round trip."""
    from models.forms import FundingLine, all_forms
    shown = {line.key for line in block.rows}
    labels = {line.key: line.label for form in all_forms() if form.funding for line in form.funding.rows}
    return [FundingLine(key, labels.get(key, key)) for key, row in report.funding.items()
            if key not in shown and any(getattr(row, name) not in (None, "") for name in
                                        ("initial", "adjusted", "actual", "weight", "score_override", "reason"))]


def _funding_sheet(book, report, form, scores) -> None:
    block = form.funding
    sheet = book.create_sheet(SHEET_FUNDING)
    unit = report.amount_unit
    headings = [block.label_heading or "资金"] + [c.heading_for(unit) for c in block.columns]
    widths = [width_of(block.label_width)] + [width_of(c.width) for c in block.columns]
    count = len(headings)
    title = sheet.cell(row=1, column=1)
    put_text(title, block.heading_for(unit) or "资金情况")
    title.font, title.alignment = HEAD_FONT, Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
    _header(sheet, headings, widths, row=2)
    execution = scores.execution if scores is not None else None
    fixed = form.scoring.execution_weight if form.scoring is not None else None
    marks = hidden_funding_columns(form)
    reasons = []
    lines = list(block.rows) + _unshown_rows(report, block)
    for row_number, line in enumerate(lines, 3):
        if row_number - 3 >= len(block.rows):
            sheet.row_dimensions[row_number].hidden = True  # kept for the round trip, not printed
        row = report.funding_row(line.key)
        total = line.key == "total"
        label = sheet.cell(row=row_number, column=1)
        put_text(label, line.label)
        label.alignment, label.border = Alignment(vertical="center", wrap_text=True), BORDER
        weight = (fixed if fixed is not None else row.weight) if total and scores is not None else row.weight
        score = execution.score if total and execution is not None else row.score_override
        for column, spec in enumerate(block.columns, 2):
            cell = sheet.cell(row=row_number, column=column)
            if spec.field in ("initial", "adjusted", "actual"):
                put_number(cell, getattr(row, spec.field), AMOUNT_FORMAT)
            elif spec.field == "execution_rate":
                rate = row.execution_rate
                put_number(cell, None if rate is None else rate / 100, RATE_FORMAT)
            elif spec.field == "weight":
                put_number(cell, weight, SCORE_FORMAT)
            elif spec.field == "score_override":
                put_number(cell, score, SCORE_FORMAT)
            else:
                put_text(cell, getattr(row, spec.field, "") or "")
        reasons.append([line.label] + [row.reason if c.field == "reason" else None for c in block.columns])
        for offset, (what, _heading) in enumerate(marks, 1):
            cell = sheet.cell(row=row_number, column=count + offset)
            if what == "weight_mark" and row.weight is None and weight is not None:
                put_number(cell, weight, SCORE_FORMAT)
            elif what == "score_mark" and row.score_override is None and score is not None:
                put_number(cell, score, SCORE_FORMAT)
            elif what.startswith("carry:"):
                name = what.removeprefix("carry:")
                value = getattr(row, name)
                if name == "reason":
                    put_text(cell, value)
                else:
                    put_number(cell, value, SCORE_FORMAT if name in ("weight", "score_override") else AMOUNT_FORMAT)
    _borders(sheet, len(lines) + 2, count)
    fit_rows(sheet, reasons, widths, first_row=3)
    for offset, (_what, heading) in enumerate(marks, 1):
        put_text(sheet.cell(row=2, column=count + offset), heading)
        sheet.column_dimensions[get_column_letter(count + offset)].hidden = True
    _print_setup(sheet, landscape=sum(widths) > 120)
    title.fill = HEAD_FILL
