"""The scores of an imported form workbook: a 得分 (or the funding block's 分值) the export computed
is no typed value — told by the hidden column beside it, or, in a workbook typed by hand, by being what
the program computes; a qualitative row typed by hand gets the completion its score's band says. Then
the 总分 / 合计 and grade rows, which are computed, are checked: a value there that disagrees is a
notice (提示), never taken."""
from __future__ import annotations

from models.fields import COMPLETION_LEVELS
from models.forms import Form
from models.money import format_amount
from reports.xlsx_forms import is_note
from reports.xlsx_import_funding import score_of
from reports.xlsx_sheet import Problem, Sheet, heading_key
from reports.xlsx_values import number_text

GRADES = ("优", "良", "中", "差")


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


def settle_scores(form: Form, data: dict, sheet: Sheet, totals: list[int], metas: list[dict],
                  funding_meta: dict) -> None:
    """Typed scores from computed ones; then the total and grade rows checked against the computed ones."""
    from models.scoring import indicator_score, score_report
    fixed = form.scoring.execution_weight if form.scoring is not None else None
    total = data.get("funding", {}).get("total")
    if total is not None and "total" in funding_meta:
        meta = funding_meta["total"]
        if total.get("weight") is not None:
            mark = meta["weight_mark"]
            computed = mark == total["weight"] if meta["weight_marked"] else total["weight"] == fixed
            if computed or total["weight"] == fixed:  # the form's own weight, as the export wrote it (or typed so)
                total["weight"] = None
            elif fixed is not None:  # the form fixes it: a changed value is not used, and said so
                cell = meta["cells"]["weight"]
                heading = next((c.heading for c in form.funding.columns if c.field == "weight"), "分值")
                sheet.problems.append(Problem(
                    meta["sheet"], cell.row, cell.column_letter, format_amount(total["weight"]),
                    f"{form.scoring.execution_category}的{heading}由表式规定为 {format_amount(fixed)}，不能修改；"
                    "填写的值未采用", notice=True))
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
        value = sheet.cell(row, min(fields.values())).value
        if is_note(value):
            continue
        label = heading_key(value)
        weight_cell = sheet.cell(row, fields["weight"]) if "weight" in fields else None
        if label == heading_key(form.scoring.grade_label) or label in ("自评等级", "评价等级", "等级") or (
                not label and weight_cell is not None and _shown(sheet, weight_cell)[0].strip() in GRADES):
            _grade_notice(sheet, row, fields, scores)
            continue
        for field, value, what in (("weight", scores.weight_total, "各项分值之和"),
                                   ("score_override", scores.total, "各项得分之和")):
            column = fields.get(field)
            if column is None:
                continue
            cell = sheet.cell(row, column)
            text, shown = _shown(sheet, cell)
            if text.strip() and score_of(text) != value:
                sheet.notice(cell, shown,
                             f"{form.scoring.total_label}由程序计算（{what}），应为 {format_amount(value)}；填写的值未采用")


def _shown(sheet: Sheet, cell) -> tuple[str, str]:
    """A computed row's cell as shown: its text and how a notice names it. A formula (=SUM(G2:G76)) is
    not refused there — the row is computed and skipped —: its stored result is what it shows, and
    without one (a file no spreadsheet program saved) it shows nothing to compare."""
    from reports.xlsx_sheet import is_formula
    value = cell.value
    if is_formula(cell, value):
        result = sheet.cached.value(sheet.name, cell.row, cell.column) if sheet.cached is not None else None
        if result is None or isinstance(result, bool):
            return "", ""
        text = number_text(result, cell.number_format) if isinstance(result, (int, float)) else str(result)
        return text, f"{value}（计算结果 {text}）"
    if value is None:
        return "", ""
    text = sheet.text(cell)
    return text, text


def _grade_notice(sheet: Sheet, row: int, fields: dict, scores) -> None:
    first = min(fields.values())
    for column in sorted(set(range(first + 1, max(fields.values()) + 1))):
        cell = sheet.cell(row, column)
        text, shown = _shown(sheet, cell)
        if text.strip():
            if text.strip() != scores.grade:
                sheet.notice(cell, shown.strip(),
                             f"等级由程序按总分 {format_amount(scores.total)} 评定，应为“{scores.grade}”；填写的值未采用")
            return
