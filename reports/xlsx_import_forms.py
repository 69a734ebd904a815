"""Reading the workbook of a form other than the seed's (`xlsx_forms`): which form it is, its
资金情况 and its 部门整体自评表 in the form's columns, with 预算信息 (and 年度重点任务 when the form
shows it) read as in the seed's workbook.

The form is 基本信息's 表式 when the workbook has one, else the installed form whose indicator
headings the workbook's indicator sheet holds (a workbook typed from a bureau's template). A sheet
not found under its name is looked for by its headings among the visible sheets. A 得分 (or the
funding block's 分值) still equal to what the export computed for its row — recorded in a hidden
column — is not a typed value; without that column, a score equal to what the program computes is
not one either. The 总分 and grade rows are computed: they are skipped, and a value there that
disagrees with the computed one is a notice, never taken.
"""
from __future__ import annotations

import re
from decimal import Decimal

from models.errors import DomainError
from models.fields import (
    COMPLETION_LEVELS, TABLE_FIELDS, clean_line, clean_target, parse_completion, parse_optional_score,
    printable)
from models.forms import Form, all_forms, get_form
from models.money import format_amount, format_rate, percent_of, round_half_up
from reports.xlsx_forms import (
    COMPLETION_HEADING, DEVIATION_TYPED_HEADING, SCORE_MARK_HEADING, SOURCE_HEADING, TARGET_TEXT_HEADING,
    WEIGHT_MARK_HEADING, exact_key, hidden_funding_columns, is_seed_layout, total_labels)
from reports.xlsx_import_budget import read_budget
from reports.xlsx_layout import SHEET_BUDGET, SHEET_FUNDING, SHEET_INDICATORS, SHEET_TASKS, TASK_HEADINGS
from reports.xlsx_sheet import Problem, Sheet, heading_key
from reports.xlsx_values import is_percent_format, number_of

_CLEANERS = {f.key: f.clean for f in TABLE_FIELDS["indicators"] if f.stored}
_PARTS = ("target_nature", "target_value", "target_unit")
_FUNDING_REASON = next(f.clean for f in TABLE_FIELDS["funding"] if f.key == "reason")


# ---- which form ----

SCAN_ROWS = 60  # how far down a sheet a table's heading row is looked for (a bureau's one-sheet form)
BIG = 10 ** 9


def _header_keys(book, name: str, rows: int = SCAN_ROWS) -> list[set[str]]:
    """The heading keys of each of a sheet's first rows (read-only mode reads only those)."""
    sheet = book[name]
    if sheet.sheet_state != "visible":
        return []
    found = []
    try:
        for values in sheet.iter_rows(max_row=rows, values_only=True):
            found.append({heading_key(value) for value in values if isinstance(value, str) and value.strip()})
    except Exception:  # damaged XML: the reading proper says so
        return []
    return found


def _indicator_keys(form: Form, unit: str = "万元") -> set[str]:
    return {heading_key(c.heading_for(unit)) for c in form.columns("indicators")}


def _matches(rows: list[set[str]], wanted: set[str]) -> bool:
    return any(wanted <= row for row in rows)


def workbook_form(book, data: dict, problems: list) -> Form | None:
    """The form of the workbook, None for the seed's layout (read as before). 基本信息's 表式 decides;
    without it, the form whose indicator headings are all found (the most columns wins)."""
    key = data.get("form")
    if key:
        form = get_form(key)
        return None if is_seed_layout(form) else form
    candidates = [form for form in all_forms() if not is_seed_layout(form)]
    if not candidates:
        return None
    names = [SHEET_INDICATORS] if SHEET_INDICATORS in book.sheetnames else []
    names += [name for name in book.sheetnames if name != SHEET_INDICATORS]
    for name in names:
        rows = _header_keys(book, name)
        if name == SHEET_INDICATORS and _matches(rows, _indicator_keys(get_form(None))):
            return None  # the seed's headings
        found = [form for form in candidates if _matches(rows, _indicator_keys(form))]
        if found:
            form = max(found, key=lambda f: len(f.columns("indicators")))
            data["form"] = form.key
            return form
    return None


def _locate(book, name: str, wanted: set[str]) -> tuple[str, int | None] | None:
    """Where a table is: the sheet `name` (its heading row found as in every sheet), else the first
    visible sheet with a row among its first SCAN_ROWS holding every heading of `wanted`, and that row."""
    if name in book.sheetnames:
        return name, None
    for other in book.sheetnames:
        for number, keys in enumerate(_header_keys(book, other), 1):
            if wanted and wanted <= keys:
                return other, number
    return None


def _regions(funding, indicators) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The rows of each table; two tables on one sheet end where the other's headings begin."""
    if funding is None or indicators is None or funding[0] != indicators[0] or None in (funding[1], indicators[1]):
        return (None if funding is None or funding[1] is None else (funding[1], BIG),
                None if indicators is None or indicators[1] is None else (indicators[1], BIG))
    if funding[1] < indicators[1]:
        return (funding[1], indicators[1] - 1), (indicators[1], BIG)
    return (funding[1], BIG), (indicators[1], funding[1] - 1)


def _funding_end(book, name: str, region: tuple[int, int], labels: dict) -> int:
    """The last row of a funding block sharing its sheet: the last one naming a funding row."""
    last = region[0]
    rows = book[name].iter_rows(min_row=region[0] + 1, max_row=region[1], values_only=True)
    for number, values in enumerate(rows, region[0] + 1):
        if any(isinstance(value, str) and heading_key(value) in labels for value in values):
            last = number
    return last


# ---- a workbook without 基本信息 (a bureau's form typed by hand): 年度 and the unit's name from its top ----

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DEPARTMENT_LABELS = ("部门（单位）名称", "部门(单位)名称", "预算部门名称", "部门名称", "单位名称", "预算单位")


def sheet_header(book, problems: list) -> dict | None:
    """The header of a form's workbook that has no 基本信息 (year from a title such as “2022年度…”, the
    department after 部门（单位）名称), or None when the workbook is no form's (the seed's message follows)."""
    data: dict = {"narrative": {}, "signoff": {}}
    form = workbook_form(book, data, problems)
    if form is None:
        return None
    for name in book.sheetnames:
        if book[name].sheet_state != "visible":
            continue
        for values in book[name].iter_rows(max_row=12, values_only=True):
            texts = [str(value).strip() if value is not None else "" for value in values]
            for index, text in enumerate(texts):
                if not text:
                    continue
                if "year" not in data and (match := _YEAR.search(text)):
                    data["year"] = int(match.group(1))
                    if form.title in text and "title" not in data:
                        data["title"] = clean_line(text)
                label = next((word for word in _DEPARTMENT_LABELS if text.startswith(word)), None)
                if label and "department" not in data:
                    rest = text[len(label):].lstrip("：: ")
                    department = rest or next((t for t in texts[index + 1:] if t), "")
                    if department:
                        data["department"] = clean_line(department)
        if "year" in data:
            break
    if "year" not in data:
        problems.append(Problem(None, None, None, None, "工作簿中没有“基本信息”工作表，表头中也没有写明年度（如“2022年度”）；"
                                "请在标题中写明年度，或加一张“基本信息”工作表（项目 | 内容，其中一行为 年度）", whole=True))
    return data


# ---- the tables ----

def read_form_tables(book, facts, problems: list, form: Form, data: dict, cached) -> None:
    """Fill `data` with the form's tables: budget, tasks (when shown), funding (when the form has the
    block and the workbook the sheet), indicators; then settle the scores and check the totals."""
    unit = data.get("amount_unit", "万元")
    data["form"] = form.key
    if SHEET_BUDGET in book.sheetnames:
        data["budget"] = read_budget(book, problems, unit, cached, facts.get(SHEET_BUDGET))
    if form.shows("tasks"):
        from reports.xlsx_import import _rows
        data["tasks"] = _rows(book, facts, problems, SHEET_TASKS, TASK_HEADINGS, ("duty",))
    funding = None
    if form.funding is not None:
        funding = _locate(book, SHEET_FUNDING, {heading_key(c.heading_for(unit)) for c in form.funding.columns})
    place = _locate(book, SHEET_INDICATORS, _indicator_keys(form, unit))
    funding_region, region = _regions(funding, place)
    if funding_region is not None and funding_region[1] < BIG:  # one sheet: the block ends at its last row
        funding_region = (funding_region[0], _funding_end(book, funding[0], funding_region, _funding_labels(form)))
    if funding is not None:
        _read_funding(book, facts, problems, form, funding[0], unit, data, funding_region)
    if "form_texts" not in data:
        _read_goal(book, form, unit, data)
    if place is None:
        headings = "、".join(c.heading_for(unit) for c in form.columns("indicators"))
        problems.append(Problem(SHEET_INDICATORS, None, None, None,
                                f"工作簿中没有{form.name}表式的部门整体自评表（表头应为：{headings}）", whole=True))
        data["indicators"] = []
        return
    sheet, totals = _read_indicators(book, facts, problems, form, place[0], unit, data, region)
    metas, funding_meta = data.pop("_indicator_meta", []), data.pop("_funding_meta", {})
    if not any(not p.notice for p in problems):
        _settle_scores(form, data, sheet, totals, metas, funding_meta)


def _score_of(text: str) -> Decimal | None:
    try:
        return parse_optional_score(text)
    except DomainError:
        return None


def _mark(sheet: Sheet, row: int, column: int | None) -> Decimal | None:
    if column is None:
        return None
    value = sheet.cell(row, column).value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_of(value)
    if isinstance(value, str) and value.strip():
        return _score_of(value)
    return None


def _hidden_column(sheet: Sheet, heading: str) -> int | None:
    wanted = exact_key(heading)
    return next((cell.column for cell in sheet.header_cells() if exact_key(cell.value) == wanted), None)


def _is_total_row(labels: set[str]):
    def skipped(sheet: Sheet, row: int) -> bool:
        if not sheet.columns:
            return False
        value = sheet.cell(row, min(sheet.columns.values())).value
        return isinstance(value, str) and heading_key(value) in labels
    return skipped


def _aliases(form: Form, unit: str) -> list[tuple[str, str]]:
    """Other forms' headings of the fields this form shows (权重 for 分值 …), for a hand-made workbook."""
    fields = {c.field for c in form.columns("indicators")}
    own = _indicator_keys(form, unit)
    aliases = []
    for other in all_forms():
        for column in other.columns("indicators"):
            key = heading_key(column.heading_for(unit))
            if column.field in fields and key not in own and key != "类别":
                aliases.append((column.field, column.heading_for(unit)))
    return aliases


def _read_indicators(book, facts, problems, form: Form, name: str, unit: str, data: dict, region=None):
    columns = form.columns("indicators")
    headings = [(c.field, c.heading_for(unit)) for c in columns]
    labels = {heading_key(word) for word in total_labels()}
    sheet = Sheet(book, name, headings, problems, ("category1", "category2"), facts=facts.get(name),
                  aliases=_aliases(form, unit), skipped=_is_total_row(labels), region=region)
    data["indicators"] = []
    if not sheet.ok:
        return sheet, []
    hidden = {what: _hidden_column(sheet, heading) for what, heading in (
        ("target_text", TARGET_TEXT_HEADING), ("source", SOURCE_HEADING), ("deviation_typed", DEVIATION_TYPED_HEADING),
        ("completion", COMPLETION_HEADING), ("score_mark", SCORE_MARK_HEADING))}
    for what in ("source", "completion"):
        if what in sheet.columns:
            hidden[what] = sheet.columns[what]
    rows = []
    for number, cells in sheet.rows():
        rows.append(_indicator(sheet, number, cells, hidden))
    data["indicators"] = [values for values, _meta in rows]
    data["_indicator_meta"] = [meta for _values, meta in rows]
    last = region[1] if region else BIG
    totals = [number for number in sorted(sheet.grid)
              if sheet.header_row < number <= last and sheet.skipped(sheet, number)]
    return sheet, totals


def _text(sheet: Sheet, cell, long: bool = False) -> str:
    text = printable(sheet.text(cell))
    return text if long else text.strip()


def _check(sheet: Sheet, cell, value, clean) -> object:
    try:
        return clean(value)
    except DomainError as error:
        sheet.report(cell, value, error.message)
        return None


def _indicator(sheet: Sheet, number: int, cells: dict, hidden: dict) -> tuple[dict, dict]:
    values: dict = {}
    for field in ("category1", "category2", "name", "actual", "reason", "target"):
        if field in cells:
            values[field] = _text(sheet, cells[field], long=field == "reason")
            _check(sheet, cells[field], values[field], _CLEANERS[field])
    if any(part in cells for part in _PARTS):
        from models.targets import join_target
        parts = [_text(sheet, cells[part]) if part in cells else "" for part in _PARTS]
        like = _hidden_text(sheet, number, hidden.get("target_text"))
        try:
            target = join_target(*parts, like=like)
        except DomainError as error:
            sheet.report(cells.get("target_nature") or cells[next(p for p in _PARTS if p in cells)], parts[0],
                         error.message)
            target = ""
        values["target"] = target
        _check(sheet, cells.get("target_value") or next(iter(cells.values())), target, clean_target)
    for field in ("source", "completion"):
        if field in cells:
            values[field] = _text(sheet, cells[field])
        elif hidden.get(field) is not None:
            values[field] = _hidden_text(sheet, number, hidden[field])
    if "completion" in values:
        where = cells.get("completion") or sheet.cell(number, hidden["completion"])
        _check(sheet, where, values["completion"], parse_completion)
    if "source" in values:
        _check(sheet, cells.get("source") or sheet.cell(number, hidden["source"]), values["source"], clean_line)
    if "deviation_override" in cells:
        values["deviation"] = _text(sheet, cells["deviation_override"])
    else:
        typed = _hidden_text(sheet, number, hidden.get("deviation_typed"))
        values["deviation_override"] = typed or None
    meta = {"row": number, "score_cell": cells.get("score_override"), "weight_cell": cells.get("weight"),
            "mark": _mark(sheet, number, hidden.get("score_mark")), "marked": hidden.get("score_mark") is not None,
            "completion_given": "completion" in values}
    for field in ("weight", "score_override"):
        if field in cells:
            text = _text(sheet, cells[field])
            score = _check(sheet, cells[field], text, parse_optional_score)
            values[field] = score
    return values, meta


def _hidden_text(sheet: Sheet, row: int, column: int | None) -> str:
    if column is None:
        return ""
    return printable(sheet.text(sheet.cell(row, column))).strip()


# ---- 资金情况 ----

def _funding_labels(form: Form) -> dict[str, str]:
    """Row label → key: this form's labels first, then the other forms' (a hand-made block)."""
    labels: dict[str, str] = {}
    for source in [form, *all_forms()]:
        if source.funding is None:
            continue
        for line in source.funding.rows:
            for text in (line.label, line.label.removeprefix("其中：").removeprefix("其中:")):
                labels.setdefault(heading_key(text), line.key)
    return labels


def _read_funding(book, facts, problems, form: Form, name: str, unit: str, data: dict, region=None) -> Sheet | None:
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
    weight_mark = _hidden_column(sheet, WEIGHT_MARK_HEADING)
    score_mark = _hidden_column(sheet, SCORE_MARK_HEADING)
    labels = _funding_labels(form)
    shown = {line.key: line.label for line in block.rows}
    funding: dict[str, dict] = {}
    meta: dict[str, dict] = {}
    carried = {what.removeprefix("carry:"): _hidden_column(sheet, heading)
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
        label = _text(sheet, label_cell)
        if not label and all(cell.value in (None, "") for cell in cells.values()):
            continue
        key = labels.get(heading_key(label))
        if shared and (key is None or key not in shown) and funding:
            break  # the block has ended (a one-sheet form goes on with its goal and indicators)
        if key is None or key not in shown:
            sheet.report(label_cell, label or None,
                         f"不是{form.name}表式资金情况的行（应为：{'、'.join(shown.values())}）")
            continue
        if key in funding:
            sheet.report(label_cell, label, f"“{shown[key]}”一行重复")
            continue
        values = {}
        for field in ("initial", "adjusted", "actual"):
            if field in cells:
                values[field] = sheet.amount(cells[field])
        if "reason" in cells:
            values["reason"] = _text(sheet, cells["reason"], long=True)
            _check(sheet, cells["reason"], values["reason"], _FUNDING_REASON)
        for field in ("weight", "score_override"):
            if field in cells and (cells[field].value is not None or (number, cells[field].column) not in sheet.merged
                                   or key == "total"):
                values[field] = _check(sheet, cells[field], _text(sheet, cells[field]), parse_optional_score)
        if all(value in (None, "") for value in values.values()):
            continue  # a row left empty is no row
        funding[key] = values
        meta[key] = {"row": number, "cells": cells, "weight_mark": _mark(sheet, number, weight_mark),
                     "score_mark": _mark(sheet, number, score_mark), "marked": score_mark is not None,
                     "weight_marked": weight_mark is not None}
        if "execution_rate" in cells and (number, cells["execution_rate"].column) not in sheet.merged:
            _rate_notice(sheet, cells["execution_rate"], values)
    data["funding"] = funding
    data["_funding_meta"] = meta
    return sheet


def _read_goal(book, form: Form, unit: str, data: dict) -> None:
    """年度总体目标 of a one-sheet form: the texts under 预期目标 / 实际完成情况 (no 基本信息 holds them)."""
    goal = form.block("goal")
    if goal is None:
        return
    wanted = {heading_key(c.heading) for c in goal.columns}
    place = _locate(book, "", wanted)
    if place is None:
        return
    name, row = place
    rows = list(book[name].iter_rows(min_row=row, max_row=row + 1, values_only=True))
    if len(rows) < 2:
        return
    headings, texts = rows
    for column in goal.columns:
        index = next((i for i, value in enumerate(headings) if heading_key(value) == heading_key(column.heading)), None)
        if index is not None and index < len(texts) and isinstance(texts[index], str) and texts[index].strip():
            data.setdefault("form_texts", {})[column.field] = printable(texts[index]).rstrip()


def _rate_notice(sheet: Sheet, cell, values: dict) -> None:
    """执行率 is computed (全年执行数 ÷ 全年预算数): a different value typed there is not used."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()) or (cell.row, cell.column) in sheet.bad:
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


# ---- scores and totals ----

class _Imported:
    """The imported data as `models.scoring.score_report` reads a report."""

    def __init__(self, form: Form, data: dict):
        from models.derived import LineRecord, budget_rows
        from models.views import FundingRow, indicator_row
        self.form = form.key
        self.indicators = [indicator_row(index, row.get("category1", ""), row.get("category2", ""),
                                         row.get("name", ""), row.get("target", ""), row.get("actual", ""), "",
                                         None, "", row.get("weight"), row.get("score_override"),
                                         row.get("completion", ""))
                           for index, row in enumerate(data.get("indicators", []), 1)]
        records, counter = [], [0]

        def walk(lines, parent):
            for position, line in enumerate(lines):
                counter[0] += 1
                number = counter[0]
                records.append(LineRecord(number, parent, position, line.get("name", ""), line.get("initial"),
                                          line.get("adjustment"), line.get("actual")))
                walk(line.get("children", []), number)
        walk(data.get("budget", []), None)
        self.budget = budget_rows(records)
        self.funding = {key: FundingRow(key, **{name: values.get(name) for name in
                                                ("initial", "adjusted", "actual", "weight", "score_override")})
                        for key, values in data.get("funding", {}).items()}

    def funding_row(self, key: str):
        from models.views import FundingRow
        return self.funding.get(key) or FundingRow(key)


def _settle_scores(form: Form, data: dict, sheet: Sheet, totals: list[int], metas: list[dict],
                   funding_meta: dict) -> None:
    """Typed scores from computed ones; then the total and grade rows checked against the computed ones."""
    from models.scoring import indicator_score, score_report
    fixed = form.scoring.execution_weight if form.scoring is not None else None
    total = data.get("funding", {}).get("total")
    if total is not None and "total" in funding_meta:
        meta = funding_meta["total"]
        if total.get("weight") is not None:
            mark = meta["weight_mark"]
            if (mark is not None and mark == total["weight"]) or (not meta["weight_marked"] and total["weight"] == fixed):
                total["weight"] = None
    for values, meta in zip(data.get("indicators", []), metas):
        score = values.get("score_override")
        if score is None:
            continue
        if meta["marked"]:
            if meta["mark"] is not None and meta["mark"] == score:
                values["score_override"] = None
        else:  # a hand-made workbook: a score the program computes the same is not typed
            from models.views import indicator_row
            row = indicator_row(0, "", "", "", values.get("target", ""), values.get("actual", ""), "", None, "",
                                values.get("weight"), None, values.get("completion", ""))
            computed = indicator_score(row, "")
            if not computed.qualitative and computed.computed is not None and computed.computed == score:
                values["score_override"] = None
            if computed.qualitative and not meta["completion_given"] and values.get("weight") is not None:
                from models.scoring import in_band
                values["completion"] = next((level for level in COMPLETION_LEVELS
                                             if in_band(score, level, values["weight"])), "")
    if not form.scored:
        return
    if total is not None and total.get("score_override") is not None:
        meta = funding_meta["total"]
        score = total["score_override"]
        if meta["marked"]:
            if meta["score_mark"] is not None and meta["score_mark"] == score:
                total["score_override"] = None
        else:
            computed = score_report(_Imported(form, {**data, "funding": {
                **data["funding"], "total": {**total, "score_override": None}}}), form).execution
            if computed is not None and computed.computed == score:
                total["score_override"] = None
    scores = score_report(_Imported(form, data), form)
    if scores is None or not totals:
        return
    fields = {field: column for field, column in sheet.columns.items()}
    for row in totals:
        label = heading_key(sheet.cell(row, min(fields.values())).value)
        if label == heading_key(form.scoring.grade_label) or label in ("自评等级", "评价等级", "等级"):
            _grade_notice(sheet, row, fields, scores)
            continue
        for field, value, what in (("weight", scores.weight_total, "各项分值之和"),
                                   ("score_override", scores.total, "各项得分之和")):
            column = fields.get(field)
            if column is None:
                continue
            cell = sheet.cell(row, column)
            given = _score_of(sheet.text(cell)) if cell.value not in (None, "") else None
            if cell.value not in (None, "") and given != value:
                sheet.notice(cell, sheet.text(cell),
                             f"{form.scoring.total_label}由程序计算（{what}），应为 {format_amount(value)}；填写的值未采用")


def _grade_notice(sheet: Sheet, row: int, fields: dict, scores) -> None:
    first = min(fields.values())
    for column in sorted(set(range(first + 1, max(fields.values()) + 1))):
        cell = sheet.cell(row, column)
        if isinstance(cell.value, str) and cell.value.strip():
            if cell.value.strip() != scores.grade:
                sheet.notice(cell, cell.value.strip(),
                             f"等级由程序按总分 {format_amount(scores.total)} 评定，应为“{scores.grade}”；填写的值未采用")
            return
