"""资金情况 of a form's workbook: the funding block's rows by their labels (this form's, or another
form's for the same row), its amounts, 分值, 得分 and 原因; 执行率 is computed (a different value typed
there is a notice). A 分值 or 得分 merged down the block, as printed forms have it, belongs to its first
row. Also the small readers the form import shares (a score, a hidden column, a checked text)."""
from __future__ import annotations

from decimal import Decimal

from models.errors import DomainError
from models.fields import TABLE_FIELDS, parse_optional_score, printable
from models.forms import Form, all_forms
from models.money import format_rate, percent_of, round_half_up
from reports.xlsx_forms import SCORE_MARK_HEADING, WEIGHT_MARK_HEADING, exact_key, hidden_funding_columns
from reports.xlsx_sheet import Sheet, is_formula, heading_key
from reports.xlsx_values import is_percent_format, number_of

BIG = 10 ** 9  # the last row of a table that goes on to the end of its sheet
_FUNDING_REASON = next(f.clean for f in TABLE_FIELDS["funding"] if f.key == "reason")


def score_of(text: str) -> Decimal | None:
    try:
        return parse_optional_score(text)
    except DomainError:
        return None


def mark_of(sheet: Sheet, row: int, column: int | None) -> Decimal | None:
    if column is None:
        return None
    value = sheet.cell(row, column).value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_of(value)
    if isinstance(value, str) and value.strip():
        return score_of(value)
    return None


def hidden_column(sheet: Sheet, heading: str) -> int | None:
    wanted = exact_key(heading)
    return next((cell.column for cell in sheet.header_cells() if exact_key(cell.value) == wanted), None)


FORMULA_NUMBER = "单元格是公式，请改为数字（本程序不计算公式）"


def cell_text(sheet: Sheet, cell, long: bool = False, number: bool = False) -> str:
    """A cell's text as shown; a formula is refused — asking for a number where the column holds one
    (分值, 得分), for text elsewhere (Sheet.text)."""
    if number and is_formula(cell, sheet._raw(cell)):
        sheet.report(cell, sheet._raw(cell), FORMULA_NUMBER)
        return ""
    text = printable(sheet.text(cell))
    return text if long else text.strip()


def checked(sheet: Sheet, cell, value, clean) -> object:
    try:
        return clean(value)
    except DomainError as error:
        sheet.report(cell, value, error.message)
        return None


def funding_end(book, name: str, region: tuple[int, int], labels: dict) -> int:
    """The last row of a funding block sharing its sheet: the last one naming a funding row."""
    last = region[0]
    rows = book[name].iter_rows(min_row=region[0] + 1, max_row=region[1], values_only=True)
    for number, values in enumerate(rows, region[0] + 1):
        if any(isinstance(value, str) and heading_key(value) in labels for value in values):
            last = number
    return last


# ---- 资金情况 ----

def funding_labels(form: Form) -> dict[str, str]:
    """Row label → key: this form's labels first, then the other forms' (a hand-made block)."""
    labels: dict[str, str] = {}
    for source in [form, *all_forms()]:
        if source.funding is None:
            continue
        for line in source.funding.rows:
            for text in (line.label, line.label.removeprefix("其中：").removeprefix("其中:")):
                labels.setdefault(heading_key(text), line.key)
    return labels


def read_funding(book, facts, problems, form: Form, name: str, unit: str, data: dict, region=None) -> Sheet | None:
    """The funding block: one row per label of the form (or another form's label for the same row); a
    分值 or 得分 merged down the block (as printed forms do) belongs to its first row. On a sheet that
    holds the indicators too, the block ends at its first row that is no funding row."""
    block = form.funding
    headings = [(c.field, c.heading_for(unit)) for c in block.columns]
    sheet = Sheet(book, name, headings, problems, ("weight", "score_override", "execution_rate"),
                  facts=facts.get(name), region=region, fill_down=False)
    if not sheet.ok:
        return None
    label_column = next((cell.column for cell in sheet.header_cells()
                         if heading_key(cell.value) == heading_key(block.label_heading or "资金")), None)
    if label_column is None:
        label_column = max(min(sheet.columns.values()) - 1, 1)
    weight_mark = hidden_column(sheet, WEIGHT_MARK_HEADING)
    score_mark = hidden_column(sheet, SCORE_MARK_HEADING)
    labels = funding_labels(form)
    shown = {line.key: line.label for line in block.rows}
    funding: dict[str, dict] = {}
    meta: dict[str, dict] = {}
    carried = {what.removeprefix("carry:"): hidden_column(sheet, heading)
               for what, heading in hidden_funding_columns(form) if what.startswith("carry:")}
    carried = {name: column for name, column in carried.items() if column is not None}
    last = region[1] if region else BIG
    shared = region is not None and region[1] < BIG
    for number in sorted(sheet.grid):
        if number <= sheet.header_row:
            continue
        if number > last:
            break
        cells = {field: sheet.cell(number, column) for field, column in sheet.columns.items()}
        cells.update({name: sheet.cell(number, column) for name, column in carried.items()})
        label_cell = sheet.cell(number, label_column)
        label = cell_text(sheet, label_cell)
        if not label and all(cell.value in (None, "") for cell in cells.values()):
            continue
        key = labels.get(heading_key(label))
        if shared and (key is None or key not in shown) and funding:
            break  # the block has ended (a one-sheet form goes on with its goal and indicators)
        if key is None:  # a row another form names (单位资金 in a mof workbook) is kept, not shown
            sheet.report(label_cell, label or None,
                         f"不是{form.name}表式资金情况的行（应为：{'、'.join(shown.values())}）")
            continue
        if key in funding:
            sheet.report(label_cell, label, f"“{shown.get(key, label)}”一行重复")
            continue
        values = {}
        for field in ("initial", "adjusted", "actual"):
            if field in cells:
                values[field] = sheet.amount(cells[field])
        if "reason" in cells:
            values["reason"] = cell_text(sheet, cells["reason"], long=True)
            checked(sheet, cells["reason"], values["reason"], _FUNDING_REASON)
        for field in ("weight", "score_override"):
            if field in cells and (cells[field].value is not None or (number, cells[field].column) not in sheet.merged
                                   or key == "total"):
                values[field] = checked(sheet, cells[field], cell_text(sheet, cells[field], number=True),
                                        parse_optional_score)
        if all(value in (None, "") for value in values.values()):
            continue  # a row left empty is no row
        funding[key] = values
        meta[key] = {"row": number, "cells": cells, "sheet": sheet.name, "weight_mark": mark_of(sheet, number, weight_mark),
                     "score_mark": mark_of(sheet, number, score_mark), "marked": score_mark is not None,
                     "weight_marked": weight_mark is not None}
        if "execution_rate" in cells and (number, cells["execution_rate"].column) not in sheet.merged:
            _rate_notice(sheet, cells["execution_rate"], values)
    data["funding"] = funding
    data["_funding_meta"] = meta
    return sheet


def _rate_notice(sheet: Sheet, cell, values: dict) -> None:
    """执行率 is computed (全年执行数 ÷ 全年预算数): a different value typed there is not used."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()) or (cell.row, cell.column) in sheet.bad:
        return
    if is_formula(cell, value):  # =D3/C3: computed there as here, and never used — no reason to refuse it
        return
    if values.get("adjusted") is None or values.get("actual") is None:
        computed = None
    else:
        computed = percent_of(values["actual"], values["adjusted"])
    given = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = number_of(value)
        given = number * 100 if is_percent_format(cell.number_format) else number
    elif isinstance(value, str):
        try:
            given = Decimal(value.strip().rstrip("%％").strip())
        except ArithmeticError:
            given = None
    if given is None or computed is None or round_half_up(given) != computed:
        shown = sheet.text(cell)
        sheet.notice(cell, shown, f"执行率由程序计算（全年执行数 ÷ 全年预算数），应为 {format_rate(computed) or '空'}；"
                                  "填写的值未采用")
