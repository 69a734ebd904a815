"""Reading the workbook of a form other than the seed's (`xlsx_forms`): which form it is, its
资金情况 and its 部门整体自评表 in the form's columns, with 预算信息 (and 年度重点任务 when the form
shows it) read as in the seed's workbook.

The form is 基本信息's 表式 when the workbook has one, else the installed form whose indicator
headings the workbook's indicator sheet holds (a workbook typed from a bureau's template). A sheet
not found under its name is looked for by its headings among the visible sheets. A 得分 (or the
funding block's 分值) still equal to what the export computed for its row — recorded in a hidden
column — is not a typed value; without that column, a score equal to what the program computes is
not one either. The 总分 and grade rows are computed: they are skipped whatever they hold (values,
nothing, merges, a =SUM typed; their label cleared), and a value there that disagrees with the
computed one (a formula's stored result) is a notice, never taken. A workbook in the program's layout
(with 基本信息) whose 预算信息 or 资金情况 sheet was deleted is imported without it, with a notice.
"""
from __future__ import annotations

import re

from models.errors import DomainError
from models.fields import TABLE_FIELDS, clean_line, clean_target, parse_completion, parse_optional_score, printable
from models.forms import Form, all_forms, get_form
from reports.xlsx_forms import (
    COMPLETION_HEADING, DEVIATION_TYPED_HEADING, SCORE_MARK_HEADING, SOURCE_HEADING, TARGET_TEXT_HEADING,
    is_note, is_seed_layout, total_labels)
from reports.xlsx_import_budget import read_budget
from reports.xlsx_import_funding import (
    BIG, checked, funding_end, funding_labels, hidden_column, mark_of, read_funding, cell_text)
from reports.xlsx_import_scores import GRADES, settle_scores
from reports.xlsx_layout import SHEET_BUDGET, SHEET_FUNDING, SHEET_INDICATORS, SHEET_INFO, SHEET_TASKS, TASK_HEADINGS
from reports.xlsx_sheet import Problem, Sheet, heading_key

_CLEANERS = {f.key: f.clean for f in TABLE_FIELDS["indicators"] if f.stored}
_PARTS = ("target_nature", "target_value", "target_unit")


# ---- which form ----

SCAN_ROWS = 60  # how far down a sheet a table's heading row is looked for (a bureau's one-sheet form)


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
    # The seed's own workbook has its headings in the first rows of its sheet: known after a few rows,
    # without reading sixty rows of long texts.
    if names and names[0] == SHEET_INDICATORS and _matches(_header_keys(book, SHEET_INDICATORS, 4),
                                                          _indicator_keys(get_form(None))):
        return None
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


# ---- a workbook without 基本信息 (a bureau's form typed by hand): 年度 and the unit's name from its top ----

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_UNIT = re.compile(r"(?:单位[:：]\s*|[（(])(万元|元)(?:[）)]|$)")
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
                if "amount_unit" not in data and (unit := _UNIT.search(text)):
                    data["amount_unit"] = unit.group(1)
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
    laid_out = SHEET_INFO in book.sheetnames  # the program's layout (a bureau's one-sheet form has no such sheets)
    if SHEET_BUDGET in book.sheetnames:
        data["budget"] = read_budget(book, problems, unit, cached, facts.get(SHEET_BUDGET))
    elif laid_out:
        problems.append(missing_sheet_notice(SHEET_BUDGET))
    if form.shows("tasks"):
        from reports.xlsx_import import table_rows
        data["tasks"] = table_rows(book, facts, problems, SHEET_TASKS, TASK_HEADINGS, ("duty",))
    funding = None
    if form.funding is not None:
        funding = _locate(book, SHEET_FUNDING, {heading_key(c.heading_for(unit)) for c in form.funding.columns})
    place = _locate(book, SHEET_INDICATORS, _indicator_keys(form, unit))
    funding_region, region = _regions(funding, place)
    if funding_region is not None and funding_region[1] < BIG:  # one sheet: the block ends at its last row
        funding_region = (funding_region[0], funding_end(book, funding[0], funding_region, funding_labels(form)))
    if funding is not None:
        read_funding(book, facts, problems, form, funding[0], unit, data, funding_region)
    elif form.funding is not None and laid_out:
        problems.append(missing_sheet_notice(SHEET_FUNDING))
    if "form_texts" not in data:
        _read_goal(book, form, unit, data)
    if place is None:
        headings = "、".join(c.heading_for(unit) for c in form.columns("indicators"))
        problems.append(Problem(SHEET_INDICATORS, None, None, None,
                                f"工作簿中没有{form.name}表式的部门整体自评表（表头应为：{headings}）", whole=True))
        data["indicators"] = []
        return
    sheet, totals = _read_indicators(book, facts, problems, form, place[0], unit, data, region, cached)
    metas, funding_meta = data.pop("_indicator_meta", []), data.pop("_funding_meta", {})
    if not any(not p.notice for p in problems):
        settle_scores(form, data, sheet, totals, metas, funding_meta)


def missing_sheet_notice(name: str) -> Problem:
    """A sheet of the form's workbook that is not there (deleted in Excel): the import goes on without
    it, and says what that means for a new report and for one whose tables are replaced."""
    return Problem(name, None, None, None,
                   f"工作簿中没有“{name}”工作表，未导入{name}：新建的报告将没有{name}，"
                   f"替换已有报告时保留其原有的{name}", notice=True, whole=True)


def _is_total_row(labels: set[str]):
    """A row below the indicators that is none: 总分 / 合计, the grade, a note (说明：…) — whatever it
    holds (values, formulas, merges). A row wholly empty (its values cleared in Excel, merges kept) is
    none either; nor is a row at the end of the table whose label was cleared but which still holds
    only the total's numbers under 分值 / 得分 (or a grade): what it holds is checked as a total's."""
    trailing: dict[int, frozenset[int]] = {}

    def blank(value) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def values(sheet: Sheet, row: int) -> list:
        return [cell.value for cell in sheet.grid.get(row, ())
                if cell is not sheet.empty and not blank(cell.value)]

    def labelled(sheet: Sheet, row: int) -> bool:
        value = sheet.cell(row, min(sheet.columns.values())).value
        return isinstance(value, str) and (heading_key(value) in labels or is_note(value))

    def ends(sheet: Sheet) -> frozenset[int]:
        """The rows after the last indicator that hold only what a total or grade row holds."""
        if id(sheet) not in trailing:
            scored = {sheet.columns[field] for field in ("weight", "score_override") if field in sheet.columns}
            last = sheet.region[1] if sheet.region else None
            found = set()
            for row in sorted(sheet.grid, reverse=True):
                if row <= sheet.header_row:
                    break
                if last is not None and row > last:
                    continue
                if labelled(sheet, row) or not values(sheet, row):
                    found.add(row)
                    continue
                cells = [(column, cell.value) for column, cell in enumerate(sheet.grid[row], 1)
                         if cell is not sheet.empty and not blank(cell.value)]
                if scored and all(column in scored and (
                        not isinstance(value, str) or value.strip().startswith("=") or value.strip() in GRADES)
                        for column, value in cells if column <= max(sheet.columns.values())):
                    found.add(row)
                    continue
                break
            trailing[id(sheet)] = frozenset(found)
        return trailing[id(sheet)]

    def skipped(sheet: Sheet, row: int) -> bool:
        if not sheet.columns:
            return False
        if labelled(sheet, row) or not values(sheet, row):
            return True
        return row in ends(sheet)
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


def _read_indicators(book, facts, problems, form: Form, name: str, unit: str, data: dict, region=None,
                     cached=None):
    columns = form.columns("indicators")
    headings = [(c.field, c.heading_for(unit)) for c in columns]
    labels = {heading_key(word) for word in total_labels()}
    sheet = Sheet(book, name, headings, problems, ("category1", "category2"), facts=facts.get(name),
                  aliases=_aliases(form, unit), skipped=_is_total_row(labels), region=region, cached=cached)
    data["indicators"] = []
    if not sheet.ok:
        return sheet, []
    hidden = {what: hidden_column(sheet, heading) for what, heading in (
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


def _indicator(sheet: Sheet, number: int, cells: dict, hidden: dict) -> tuple[dict, dict]:
    values: dict = {}
    for field in ("category1", "category2", "name", "actual", "reason", "target"):
        if field in cells:
            values[field] = cell_text(sheet, cells[field], long=field == "reason")
            checked(sheet, cells[field], values[field], _CLEANERS[field])
    if any(part in cells for part in _PARTS):
        from models.targets import join_target
        parts = [cell_text(sheet, cells[part]) if part in cells else "" for part in _PARTS]
        like = _hidden_text(sheet, number, hidden.get("target_text"))
        try:
            target = join_target(*parts, like=like)
        except DomainError as error:
            sheet.report(cells.get("target_nature") or cells[next(p for p in _PARTS if p in cells)], parts[0],
                         error.message)
            target = ""
        values["target"] = target
        checked(sheet, cells.get("target_value") or next(iter(cells.values())), target, clean_target)
    for field in ("source", "completion"):
        if field in cells:
            values[field] = cell_text(sheet, cells[field])
        elif hidden.get(field) is not None:
            values[field] = _hidden_text(sheet, number, hidden[field])
    if "completion" in values:
        where = cells.get("completion") or sheet.cell(number, hidden["completion"])
        checked(sheet, where, values["completion"], parse_completion)
    if "source" in values:
        checked(sheet, cells.get("source") or sheet.cell(number, hidden["source"]), values["source"], clean_line)
    if "deviation_override" in cells:
        values["deviation"] = cell_text(sheet, cells["deviation_override"])
    else:
        typed = _hidden_text(sheet, number, hidden.get("deviation_typed"))
        values["deviation_override"] = typed or None
    meta = {"row": number, "score_cell": cells.get("score_override"), "weight_cell": cells.get("weight"),
            "mark": mark_of(sheet, number, hidden.get("score_mark")), "marked": hidden.get("score_mark") is not None,
            "completion_given": "completion" in values}
    for field in ("weight", "score_override"):
        if field in cells:
            text = cell_text(sheet, cells[field], number=True)
            score = checked(sheet, cells[field], text, parse_optional_score)
            values[field] = score
    return values, meta


def _hidden_text(sheet: Sheet, row: int, column: int | None) -> str:
    if column is None:
        return ""
    return printable(sheet.text(sheet.cell(row, column))).strip()


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


