"""预算信息 of an imported workbook: the lines nested by their level, one top line, sums checked.

A sum row may be left as the export wrote it (the sums), be empty, or hold `=SUM(...)`: its result
(the value the spreadsheet stored, or the children's sum when none is stored) must equal the sum
of its children. A cell already reported (text in an amount, say) causes no further message on the
sums above it. 调整预算数 and 执行率 are computed by the program: a value there that differs from
the computed one is not used, and a notice says so.
"""
from __future__ import annotations

from decimal import Decimal

from models.derived import MAX_BUDGET_LEVELS, adjusted_budget, execution_rate
from models.errors import DomainError
from models.fields import within_limit
from models.money import (
    format_amount, format_rate, number_problem, parse_amount, parse_number, round_half_up, sum_amounts)
from reports.xlsx_layout import SHEET_BUDGET, budget_headings
from reports.xlsx_sheet import CachedValues, SheetFacts, Sheet, SumFormula, heading_key
from reports.xlsx_values import is_percent_format, number_of, number_text

AMOUNTS = ("initial", "adjustment", "actual")
MAX_RATE = Decimal(100)  # 执行率 of 10,000 % is no real figure


def read_budget(book, problems, unit: str, cached: CachedValues | None = None,
                facts: SheetFacts | None = None) -> list[dict]:
    """The budget tree as plain data ({name, initial, adjustment, actual, children}); problems and
    notices are added to `problems`."""
    headings = budget_headings(unit)
    sheet = Sheet(book, SHEET_BUDGET, headings[:3] + headings[4:5], problems, cached=cached, facts=facts)
    if not sheet.ok:
        return []
    header = sheet.header_cells()
    adjusted_column = next((c.column for c in header if heading_key(c.value) == heading_key(headings[3][1])), None)
    rate_column = next((c.column for c in header if heading_key(c.value) == "执行率"), None)
    lines = []
    for number, cells in sheet.rows():
        name = sheet.text(cells["name"]).strip()
        if not name:
            sheet.report(cells["name"], None, "缺少项目名称")
        else:
            try:
                within_limit(name, "budget.name")  # as the services will check it
            except DomainError as error:
                sheet.report(cells["name"], name, f"项目名称{error.message}")
        line = {"name": name, "_row": number, "_cells": cells,
                **{field: sheet.amount(cells[field], sum_allowed=True) for field in AMOUNTS}}
        line["_adjusted"] = sheet.cell(number, adjusted_column) if adjusted_column else None
        line["_rate"] = sheet.cell(number, rate_column) if rate_column else None
        rate = line["_rate"].value if line["_rate"] is not None else None
        if isinstance(rate, (int, float)) and not isinstance(rate, bool) and abs(number_of(rate)) > MAX_RATE:
            sheet.report(line["_rate"], rate, "执行率超出合理范围（超过 10000%）")
        indent = cells["name"].alignment.indent if cells["name"].alignment else 0
        # Excel's outline stops at 7 levels: the export indents deeper lines further (two steps a level).
        line["_level"] = max(sheet.outline(number), int((indent or 0) // 2))
        lines.append(line)
    roots = _tree(lines, sheet)
    for extra in roots[1:]:
        first = roots[0]["name"] or "预算总金额"
        sheet.report(extra["_cells"]["name"], extra["name"],
                     f"预算信息只能有一个最上一级的行（“{first}”）；此行没有缩进，"
                     f"请把它缩进到“{first}”之下（增加缩进或设置大纲级别），或删除此行")
    for root in roots:
        _settle(root, sheet)
    return [_plain(root) for root in roots]


def _tree(lines: list[dict], sheet: Sheet) -> list[dict]:
    """Nest the lines by level; without any levels, the seed's shape is assumed
    (预算总金额 › 基本支出, 项目支出 › the projects)."""
    if len(lines) > 1 and not any(line["_level"] for line in lines) and heading_key(lines[0]["name"]) == "预算总金额":
        under_project = False
        for line in lines[1:]:
            key = heading_key(line["name"])
            if key in ("基本支出", "项目支出"):
                line["_level"], under_project = 1, key == "项目支出"
            else:
                line["_level"] = 2 if under_project else 1
    roots, stack = [], []
    for line in lines:
        level = line["_level"]
        if level >= MAX_BUDGET_LEVELS:  # reported, and kept at the last level: the walks below stay shallow
            sheet.report(line["_cells"]["name"], line["name"],
                         f"层级过深：预算信息最多 {MAX_BUDGET_LEVELS} 级，此行在第 {level + 1} 级")
            level = min(len(stack), MAX_BUDGET_LEVELS - 1)
        elif level > len(stack):
            sheet.report(line["_cells"]["name"], line["name"], "层级跳跃：缩进比上一行多了不止一级")
            level = len(stack)
        del stack[level:]
        line["children"] = []
        (stack[-1]["children"] if stack else roots).append(line)
        stack.append(line)
    return roots


def _settle(node: dict, sheet: Sheet) -> None:
    """Children first: each line's shown amounts (`_shown`), its bad fields (`_bad`), sum problems
    and notices for typed values of the computed columns."""
    cells = node["_cells"]
    node["_bad"] = {field for field in AMOUNTS if (cells[field].row, cells[field].column) in sheet.bad}
    if not node["children"]:
        for field in AMOUNTS:
            if isinstance(node[field], SumFormula):
                sheet.report(cells[field], node[field].formula,
                             "单元格是公式，请改为数值（本程序不计算公式；只有有下级的合计行可用 =SUM(...)）")
                node[field] = None
                node["_bad"].add(field)
        node["_shown"] = {field: node[field] for field in AMOUNTS}
        node["_shown"]["adjusted"] = adjusted_budget(node["initial"], node["adjustment"])
    else:
        for child in node["children"]:
            _settle(child, sheet)
        node["_shown"] = {}
        for field in (*AMOUNTS, "adjusted"):
            node["_shown"][field] = sum_amounts(child["_shown"][field] for child in node["children"])
        for field in AMOUNTS:
            children_bad = any(field in child["_bad"] for child in node["children"])
            if children_bad:
                node["_bad"].add(field)
            total = node["_shown"][field]
            given = node[field]
            if isinstance(given, SumFormula):
                given_value, shown = given.cached, f"{given.formula}（计算结果 {given.cached}）"
                if given_value is None:
                    given_value = total  # no stored result: the formula is taken for the sum it names
            else:
                given_value, shown = given, given
            if given_value is not None and given_value != total and field not in node["_bad"]:
                sheet.report(cells[field], shown, f"合计应等于下级之和 {format_amount(total) or '（空）'}")
                node["_bad"].add(field)
            node[field] = None  # the program keeps only the sums
    _derived_notices(node, sheet)


def _derived_notices(node: dict, sheet: Sheet) -> None:
    shown, bad = node["_shown"], node["_bad"]  # a value computed from a reported cell is not compared
    adjusted_cell, rate_cell = node["_adjusted"], node["_rate"]
    if adjusted_cell is not None and (adjusted_cell.row, adjusted_cell.column) not in sheet.bad \
            and not bad & {"initial", "adjustment"}:
        given = _given_number(adjusted_cell, sheet)
        if given is not _EMPTY and (given is None or given != shown["adjusted"]):
            how = "下级之和" if node["children"] else "年初预算数 + 上年度结转及当年预算追加追减数"
            sheet.notice(adjusted_cell, _displayed(adjusted_cell, sheet),
                         f"调整预算数由程序计算（{how}），应为 {format_amount(shown['adjusted']) or '空'}；"
                         "填写的值未采用")
    if rate_cell is not None and (rate_cell.row, rate_cell.column) not in sheet.bad and not bad:
        given = _given_number(rate_cell, sheet, percent=True)
        computed = execution_rate(shown["actual"], shown["adjusted"])
        if given is not _EMPTY and (given is None or computed is None or round_half_up(given) != computed):
            sheet.notice(rate_cell, _displayed(rate_cell, sheet),
                         f"执行率由程序计算（实际支出数 ÷ 调整预算数），应为 {format_rate(computed) or '空'}；填写的值未采用")


_EMPTY = object()


def _given_number(cell, sheet: Sheet, percent: bool = False):
    """A computed column's value as typed: a Decimal (a rate in percent), None when it is not a
    number, _EMPTY when the cell is empty (or a formula without a stored result)."""
    value = cell.value
    percent_format = is_percent_format(cell.number_format)
    if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
        value = sheet.cached.value(sheet.name, cell.row, cell.column) if sheet.cached else None
        if value is None:
            return _EMPTY
    if value is None or (isinstance(value, str) and not value.strip()):
        return _EMPTY
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = number_of(value)
        return None if number_problem(number) else number * 100 if percent and percent_format else number
    text = str(value).strip()
    try:
        if percent and text.endswith(("%", "％")):
            return parse_number(text.rstrip("%％"))
        return parse_amount(text) if not percent else parse_number(text)
    except (DomainError, ArithmeticError):
        return None


def _displayed(cell, sheet: Sheet) -> str:
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value, cell.number_format)
    return "" if value is None else str(value)


def _plain(node: dict) -> dict:
    return {"name": node["name"], **{field: node[field] for field in AMOUNTS},
            "children": [_plain(child) for child in node["children"]]}
