"""A whole report written in one transaction from plain data (the sample, and later imports).

The data is the structure of `resources/sample_report.json`: header fields, `narrative`,
`signoff`, `budget` as a tree of `{name, initial, adjustment, actual, children}`, `tasks` and
`indicators` as lists of field dicts. An indicator's `deviation` is the printed 偏差情况: where it
differs from the computed value it is stored as a visible override, so nothing printed is lost.

Other forms (models/forms.py) add: `form` (the key; suzhou when absent), `form_texts` ({goal_expected,
goal_achieved, conclusion}; or those keys at the top level or in `narrative`), `funding` ({row key:
{initial, adjusted, actual, weight, score_override, reason}}) and, per indicator, `weight`,
`score_override`, `completion`, or the target as sichuan's three parts `target_nature`,
`target_value`, `target_unit` (joined into `target` when no `target` is given).
"""
from __future__ import annotations

from sqlalchemy import insert

from models.database import Database
from models.derived import MAX_BUDGET_LEVELS
from models.errors import DomainError
from models.schema import NARRATIVE_FIELDS, SIGNOFF_FIELDS, BudgetLine, FundingRow, Indicator, KeyTask, Report
from models.deviation import compute_deviation
from models.fields import DEFAULT_TITLE, REPORT_FIELDS, parse_form_key, parse_unit, parsed_target
from models.services.funding import funding_values, put_funding
from models.services.rows import TABLES, normalise, default_values, with_target_joined
from models.tables import FORM_NARRATIVE_FIELDS


def create_report_from_data(db: Database, data: dict, is_sample: bool = False) -> int:
    """Create a report with all its tables in one transaction; returns its id."""
    unit = parse_unit(data.get("amount_unit", "万元"))
    narrative = data.get("narrative", {})
    signoff = data.get("signoff", {})
    form_texts = form_texts_of(data)
    report = Report(
        title=_clean("title", data.get("title", DEFAULT_TITLE)), year=_clean("year", data["year"]),
        department=_clean("department", data.get("department", "")), amount_unit=unit, status="draft",
        is_sample=is_sample, form=parse_form_key(data.get("form") or "suzhou"),
        **{name: _clean(name, narrative.get(name, "")) for name in NARRATIVE_FIELDS},
        **{name: form_texts.get(name, "") for name in FORM_NARRATIVE_FIELDS},
        **{name: _clean(name, signoff.get(name, "")) for name in SIGNOFF_FIELDS})
    funding = funding_values(data.get("funding"))
    with db.transaction() as session:
        session.add(report)
        session.flush()
        _add_tables(session, report.id, data)
        if funding:
            put_funding(session, report.id, funding)
        return report.id


def form_texts_of(data: dict) -> dict[str, str]:
    """The form texts `data` gives (in `form_texts`, at the top level or in `narrative`), cleaned."""
    given = {}
    for source in (data.get("narrative") or {}, data, data.get("form_texts") or {}):
        given.update({name: source[name] for name in FORM_NARRATIVE_FIELDS if name in source})
    return {name: _clean(name, value) for name, value in given.items()}


def _clean(name: str, value: object) -> object:
    return REPORT_FIELDS[name].clean(value)


def _add_tables(session, report_id: int, data: dict, targets: list[str] = ()) -> None:
    """The tables of `data`; `targets`: the targets the report had (an import over it), by position, so
    that a target given in parts that agree with the one it replaces keeps its spelling exactly."""
    if len(data.get("budget", [])) > 1:
        raise DomainError("预算信息只能有一个最上一级的行（预算总金额），其余各行应在它之下")
    _add_budget(session, report_id, data.get("budget", []))
    # Many rows in one statement each (executemany): a large import writes in a fraction of a second.
    tasks = [{"report_id": report_id, "position": position, **_fields("tasks", task)}
             for position, task in enumerate(data.get("tasks", []))]
    if tasks:
        session.execute(insert(KeyTask), tasks)
    indicators = []
    for position, indicator in enumerate(data.get("indicators", [])):
        indicator = with_target_joined(indicator, targets[position] if position < len(targets) else "")
        values = _fields("indicators", indicator)
        printed = indicator.get("deviation")
        if printed is not None and "deviation_override" not in indicator:
            computed = compute_deviation(parsed_target(values.get("target", "")),
                                         parsed_target(values.get("actual", "")))
            if (computed or "") != printed.strip():
                values["deviation_override"] = printed.strip() or None
        indicators.append({"report_id": report_id, "position": position, **values})
    if indicators:
        session.execute(insert(Indicator), indicators)


_DEFAULTS: dict[str, dict] = {}


def _fields(table: str, values: dict) -> dict:
    spec = TABLES[table]
    defaults = _DEFAULTS.get(table)
    if defaults is None:
        defaults = _DEFAULTS[table] = default_values(spec)
    stored = dict(defaults)
    stored.update({name: normalise(spec, name, value) for name, value in values.items() if name in spec.fields})
    return stored


def _add_budget(session, report_id: int, lines: list[dict]) -> None:
    """The tree a level at a time (each level one statement, its ids returned in order, so the next
    level knows its parents); deeper than MAX_BUDGET_LEVELS is refused."""
    level = [(line, position, None) for position, line in enumerate(lines)]
    depth = 0
    while level:
        if depth >= MAX_BUDGET_LEVELS:
            line = level[0][0]
            raise DomainError(f"预算信息最多 {MAX_BUDGET_LEVELS} 级，“{str(line.get('name', ''))[:40]}”"
                              f"在第 {depth + 1} 级；请先在编辑器中减少它的缩进")
        rows = [{"report_id": report_id, "parent_id": parent_id, "position": position,
                 **_fields("budget", {k: v for k, v in line.items() if k != "children"})}
                for line, position, parent_id in level]
        ids = session.scalars(insert(BudgetLine).returning(BudgetLine.id, sort_by_parameter_order=True), rows).all()
        level = [(child, index, row_id) for (line, _position, _parent), row_id in zip(level, ids)
                 for index, child in enumerate(line.get("children", []))]
        depth += 1


def replace_tables(db: Database, report_id: int, data: dict) -> None:
    """Replace the budget, key-task and indicator tables of a report by those `data` gives, in one transaction;
    and its funding block when `data` has `funding`, its form when it has `form`, and the form texts
    it gives (an import of another form's workbook). What `data` does not give is kept."""
    from sqlalchemy import delete, select

    from models.services.common import editable_report

    form = parse_form_key(data["form"]) if data.get("form") else None
    form_texts = form_texts_of(data)
    funding = funding_values(data.get("funding")) if "funding" in data else None
    with db.transaction() as session:
        report = editable_report(session, report_id)
        targets = session.scalars(select(Indicator.target).where(Indicator.report_id == report_id)
                                  .order_by(Indicator.position, Indicator.id)).all()
        # A table the workbook does not give (年度重点任务 of a mof or sichuan workbook) is kept.
        for key, model in (("indicators", Indicator), ("tasks", KeyTask), ("budget", BudgetLine)):
            if key in data:
                session.execute(delete(model).where(model.report_id == report_id))
        _add_tables(session, report_id, data, targets)
        if funding is not None:
            put_funding(session, report_id, funding)
        if form:
            report.form = form
        for name, value in form_texts.items():
            setattr(report, name, value)


_TABLE_MODELS = {"budget": BudgetLine, "tasks": KeyTask, "indicators": Indicator, "funding": FundingRow}
_REPORT_KEPT = ("form", *FORM_NARRATIVE_FIELDS)  # of the report itself, kept with its tables for undo


def table_rows(db: Database, report_id: int) -> dict[str, list[dict]]:
    """The tables of a report exactly as stored (ids and places included), parents before children,
    with its funding block and (under "report") its form and form texts: what `put_table_rows`
    writes back, to undo or redo an import over the tables."""
    from sqlalchemy import select

    with db.reading() as session:
        found = {}
        for table, model in _TABLE_MODELS.items():
            columns = model.__table__.columns.keys()
            rows = session.scalars(select(model).where(model.report_id == report_id).order_by(model.id)).all()
            found[table] = [{name: getattr(row, name) for name in columns} for row in rows]
        report = session.get(Report, report_id)
        found["report"] = {name: getattr(report, name) for name in _REPORT_KEPT} if report else {}
    found["budget"] = _parents_first(found["budget"])
    return found


def _parents_first(rows: list[dict]) -> list[dict]:
    children: dict = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    ordered, stack = [], list(reversed(children.get(None, [])))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children.get(row["id"], [])))
    return ordered


def put_table_rows(db: Database, report_id: int, tables: dict[str, list[dict]]) -> None:
    """Replace the three tables of a report by rows taken with `table_rows`, in one transaction."""
    from sqlalchemy import delete

    from models.services.common import editable_report

    with db.transaction() as session:
        report = editable_report(session, report_id)
        models = [model for table, model in _TABLE_MODELS.items() if table in tables]
        for model in reversed(models):
            session.execute(delete(model).where(model.report_id == report_id))
        session.flush()
        for table, model in _TABLE_MODELS.items():
            for values in tables.get(table, ()):
                session.add(model(**values))
                session.flush()
        for name, value in tables.get("report", {}).items():
            setattr(report, name, value)
