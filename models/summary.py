"""汇总: one line per report of a database — amounts, 执行率, 总分/等级, the checks' counts — for those who
collect the reports of many units.

Every table is read in ONE query for all the reports (never a query per report): the rows are grouped
by report in Python, a `ReportData` is built for each, and the checks and the scores run on it as the
editor runs them. Amounts are the budget table's top line (预算总金额; a form without a budget tree:
its funding block's total row), converted to 万元 whatever each report's own 金额单位, rounded half-up
to 2 places; the totals are the sums of the amounts shown, so a column adds up to its total.
Sample reports (示例) are left out: they are not a unit's report.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from models import unreadable
from models.checks import ERROR, WARNING, run_checks
from models.derived import LineRecord, budget_rows
from models.fingerprint import SHORT_LENGTH
from models.money import format_amount, format_rate, percent_of, round_half_up
from models.tables import (
    FORM_NARRATIVE_FIELDS, NARRATIVE_FIELDS, SIGNOFF_FIELDS, budget_lines, funding_rows, indicators, key_tasks,
    reports, versions)
from models.views import FundingRow, IndicatorRow, ReportData, TaskRow, indicator_row

SUMMARY_UNIT = "万元"
TEN_THOUSAND = Decimal(10000)
HEADINGS = ("编号", "年度", "预算部门", "状态", "调整预算数", "实际支出数", "执行率", "总分", "等级", "错误", "警告")
DRAFT_LABEL, FINAL_LABEL = "草稿", "定稿"
# Below this many reports the checks run in this process; above it, on every core (fork only).
PARALLEL_FROM = 200


@dataclass(frozen=True)
class SummaryRow:
    id: int
    year: int
    department: str
    title: str
    status: str                      # draft / final
    version: int | None              # the latest 定稿 version's number
    fingerprint: str | None          # its full fingerprint
    amount_unit: str                 # the report's own unit (the amounts below are in 万元)
    adjusted: Decimal | None         # 调整预算数 in 万元
    actual: Decimal | None           # 实际支出数 in 万元
    rate: Decimal | None             # 执行率 in percent, as the report shows it
    total: Decimal | None            # 总分 (forms with scores)
    grade: str                       # 等级 ("" without scores)
    errors: int
    warnings: int

    @property
    def status_label(self) -> str:
        """草稿, or 定稿 N and the fingerprint's 12 digits printed on the paper copy."""
        if self.status != "final":
            return DRAFT_LABEL
        if self.version is None:  # marked final by another program, never finalized here
            return FINAL_LABEL
        return f"{FINAL_LABEL} {self.version} {self.fingerprint[:SHORT_LENGTH]}"

    def texts(self) -> list[str]:
        """The columns as printed: ID, YEAR, DEPARTMENT, STATUS, 调整预算数, 实际支出数, 执行率, 总分, 等级,
        ERRORS, WARNINGS."""
        department = " ".join(self.department.replace("\t", " ").split("\n"))   # one line, five tabs
        return [str(self.id), str(self.year), department, self.status_label, format_amount(self.adjusted),
                format_amount(self.actual), format_rate(self.rate), format_amount(self.total), self.grade,
                str(self.errors), str(self.warnings)]

    def line(self) -> str:
        return "\t".join(self.texts())


@dataclass(frozen=True)
class SummaryTotals:
    count: int
    adjusted: Decimal | None
    actual: Decimal | None
    rate: Decimal | None             # overall: the actual total over the adjusted total
    finals: int
    drafts: int
    errors: int
    warnings: int
    grades: dict[str, int] = field(default_factory=dict)   # 优/良/中/差 → how many
    years: tuple[int, ...] = ()      # the years the rows belong to, in order

    @property
    def status_label(self) -> str:
        return f"定稿 {self.finals} 份，草稿 {self.drafts} 份"

    @property
    def years_label(self) -> str:
        """The years added together: `2022`, `2022–2024` (consecutive), `2020、2022`."""
        years = self.years
        if len(years) > 2 and list(years) == list(range(years[0], years[-1] + 1)):
            return f"{years[0]}–{years[-1]}"
        return "、".join(str(year) for year in years)

    @property
    def grades_label(self) -> str:
        return "，".join(f"{grade} {count}" for grade, count in self.grades.items())


def to_summary_unit(amount: Decimal | None, unit: str) -> Decimal | None:
    """An amount of a report in `unit` as 万元, half-up to 2 places."""
    if amount is None:
        return None
    return round_half_up(amount / TEN_THOUSAND) if unit == "元" else round_half_up(amount)


def totals_of(rows: list[SummaryRow]) -> SummaryTotals:
    def total(values):
        values = [value for value in values if value is not None]
        return sum(values, Decimal(0)) if values else None

    adjusted, actual = total(r.adjusted for r in rows), total(r.actual for r in rows)
    grades: dict[str, int] = {}
    for grade in ("优", "良", "中", "差"):
        if count := sum(1 for r in rows if r.grade == grade):
            grades[grade] = count
    rate = percent_of(actual, adjusted) if adjusted is not None and actual is not None else None
    finals = sum(1 for r in rows if r.status == "final")
    return SummaryTotals(len(rows), adjusted, actual, rate, finals, len(rows) - finals,
                         sum(r.errors for r in rows), sum(r.warnings for r in rows), grades,
                         tuple(sorted({r.year for r in rows})))


def nothing_message(year: int | None) -> str:
    """What `summary` says (on stderr) when there is no report to summarize."""
    return f"没有 {year} 年度的报告" if year is not None else "没有报告（示例报告不计入汇总）"


# --- reading every report at once -------------------------------------------------------------

def _only_year(statement, table, year):
    if year is None:
        return statement
    chosen = select(reports.c.id).where(reports.c.year == year, reports.c.is_sample.is_(False))
    return statement.where(table.c.report_id.in_(chosen))


_QUERIES = {
    "budget": (budget_lines, select(
        budget_lines.c.report_id, budget_lines.c.id, budget_lines.c.parent_id, budget_lines.c.position,
        budget_lines.c.name, budget_lines.c.initial, budget_lines.c.adjustment, budget_lines.c.actual)),
    "tasks": (key_tasks, select(
        key_tasks.c.report_id, key_tasks.c.id, key_tasks.c.duty, key_tasks.c.name, key_tasks.c.content,
        key_tasks.c.completion).order_by(key_tasks.c.report_id, key_tasks.c.position, key_tasks.c.id)),
    "indicators": (indicators, select(
        indicators.c.report_id, indicators.c.id, indicators.c.category1, indicators.c.category2,
        indicators.c.name, indicators.c.target, indicators.c.actual, indicators.c.source,
        indicators.c.deviation_override, indicators.c.reason, indicators.c.weight,
        indicators.c.score_override, indicators.c.completion,
    ).order_by(indicators.c.report_id, indicators.c.position, indicators.c.id)),
    "funding": (funding_rows, select(
        funding_rows.c.report_id, funding_rows.c.row_key, funding_rows.c.initial, funding_rows.c.adjusted,
        funding_rows.c.actual, funding_rows.c.weight, funding_rows.c.score_override, funding_rows.c.reason)),
    "versions": (versions, select(  # never the stored content: which version, and its fingerprint
        versions.c.report_id, versions.c.number, versions.c.fingerprint
    ).order_by(versions.c.report_id, versions.c.number)),
}


@dataclass
class _Fetched:
    headers: list                          # the reports' rows, by year, department, id
    grouped: dict[str, dict[int, list]]    # table → report id → its rows (without the report id)

    def latest(self, report_id: int) -> tuple[int, str] | None:
        found = self.grouped["versions"].get(report_id)
        return (found[-1][0], found[-1][1]) if found else None


def _fetch(db, year: int | None, ids: tuple[int, int] | None = None) -> _Fetched:
    """Every table in one query each (samples left out; only `year`'s reports, only the ids from
    ids[0] to ids[1], when given)."""
    grouped: dict[str, dict[int, list]] = {}
    with db.connect() as connection:
        statement = select(reports).where(reports.c.is_sample.is_(False))
        if year is not None:
            statement = statement.where(reports.c.year == year)
        if ids is not None:
            statement = statement.where(reports.c.id.between(*ids))
        with unreadable.explained(connection, reports):
            headers = connection.execute(statement.order_by(reports.c.year, reports.c.department,
                                                            reports.c.id)).all()
        for name, (table, statement) in _QUERIES.items():
            found: dict[int, list] = {}
            statement = _only_year(statement, table, year)
            if ids is not None:
                statement = statement.where(table.c.report_id.between(*ids))
            with unreadable.explained(connection, table):
                for row in connection.execute(statement):
                    found.setdefault(row[0], []).append(row[1:])
            grouped[name] = found
    return _Fetched(headers, grouped)


def _indicator(row, parsed: dict) -> IndicatorRow:
    """`views.indicator_row`, the target, the completion value and the deviation computed once per
    pair of texts however many reports hold them."""
    id, category1, category2, name, target, actual, source, override, reason, weight, score, completion = row
    known = parsed.get((target, actual))
    if known is None:
        made = indicator_row(*row)
        parsed[(target, actual)] = (made.target, made.actual, made.computed_deviation)
        return made
    return IndicatorRow(id, category1, category2, name, known[0], known[1], source, known[2], override, reason,
                        weight, score, completion)


def _build(header, grouped: dict[str, dict[int, list]], parsed: dict) -> ReportData:
    report_id, values = header.id, header._mapping
    return ReportData(
        id=report_id, title=header.title, year=header.year, department=header.department,
        amount_unit=header.amount_unit, status=header.status, is_sample=header.is_sample,
        updated_at=header.updated_at,
        narrative={name: values[name] for name in NARRATIVE_FIELDS},
        signoff={name: values[name] for name in SIGNOFF_FIELDS},
        budget=budget_rows(LineRecord(*row) for row in grouped["budget"].get(report_id, ())),
        tasks=[TaskRow(*row) for row in grouped["tasks"].get(report_id, ())],
        indicators=[_indicator(row, parsed) for row in grouped["indicators"].get(report_id, ())],
        form=header.form, form_texts={name: values[name] for name in FORM_NARRATIVE_FIELDS},
        funding={row[0]: FundingRow(*row) for row in grouped["funding"].get(report_id, ())})


def load_all_reports(db, year: int | None = None) -> list[ReportData]:
    """Every report (samples left out; only `year`'s when given) with all its rows, one query per table."""
    fetched, parsed = _fetch(db, year), {}
    return [_build(header, fetched.grouped, parsed) for header in fetched.headers]


# --- the rows ---------------------------------------------------------------------------------

def _counts(report: ReportData) -> tuple[int, int]:
    findings = run_checks(report)
    return (sum(1 for f in findings if f.level == ERROR), sum(1 for f in findings if f.level == WARNING))


_PENDING: list = []   # (database, year) for the forked workers (inherited, never pickled)


def _rows_of(fetched: _Fetched) -> list[SummaryRow]:
    parsed: dict = {}
    rows = []
    for header in fetched.headers:
        report = _build(header, fetched.grouped, parsed)
        rows.append(summary_row(report, fetched.latest(report.id), _counts(report)))
    return rows


def _forget_connections() -> None:
    """In a forked worker: the connections inherited from the parent are the parent's; new ones here."""
    _PENDING[0][0].engine.dispose(close=False)


def _rows_of_range(ids: tuple[int, int]) -> tuple[list[SummaryRow], float]:
    """In a forked worker: the reports whose ids run from ids[0] to ids[1], read (one query per table),
    built, checked and scored; and the CPU seconds that took."""
    import time

    start = time.process_time()
    db, year = _PENDING[0]
    rows = _rows_of(_fetch(db, year, ids))
    return rows, time.process_time() - start


WORKER_CPU: list[float] = []   # the CPU seconds of each worker of the last summary made in workers (bench)


def _workers(count: int, parallel: bool) -> int:
    """How many processes summarize `count` reports: every core (at most 8) for many reports when the
    system can fork (the rows read are inherited by the workers, only the summary rows come back)."""
    workers = min(os.cpu_count() or 1, 8)
    if not parallel or workers < 2 or count < PARALLEL_FROM or not _can_fork():
        return 1
    return workers


def _can_fork() -> bool:
    """Fork only where it is the system's way and no Qt application runs in this process (forking a
    process with GUI threads is not safe)."""
    import multiprocessing
    import sys

    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return False
    qt = sys.modules.get("PySide6.QtCore")
    return qt is None or qt.QCoreApplication.instance() is None


def summary_row(report: ReportData, latest: tuple[int, str] | None, counts: tuple[int, int]) -> SummaryRow:
    from models.scoring import score_report

    top = next((row for row in report.budget if row.depth == 0), None)
    if top is not None:
        adjusted, actual, rate = top.adjusted, top.actual, top.execution_rate
    else:  # a form without the budget tree: its funding block's total row
        total_row = report.funding_row("total")
        adjusted, actual, rate = total_row.adjusted, total_row.actual, total_row.execution_rate
    score = score_report(report)
    number, fingerprint = latest if latest else (None, None)
    return SummaryRow(report.id, report.year, report.department, report.title, report.status, number, fingerprint,
                      report.amount_unit, to_summary_unit(adjusted, report.amount_unit),
                      to_summary_unit(actual, report.amount_unit), rate,
                      score.total if score is not None else None, score.grade if score is not None else "",
                      *counts)


def summarize(db, year: int | None = None, parallel: bool = True) -> list[SummaryRow]:
    """One row per report (by year, department, id), samples left out: every table read in one query,
    each report built, checked and scored in Python. Many reports are shared out to a worker process per
    core, each reading a range of report ids (one query per table) — see `_workers`."""
    if parallel and _workers(PARALLEL_FROM, parallel) > 1:
        statement = select(reports.c.id).where(reports.c.is_sample.is_(False))
        if year is not None:
            statement = statement.where(reports.c.year == year)
        with db.connect() as connection:
            ordered = connection.execute(statement.order_by(reports.c.year, reports.c.department,
                                                            reports.c.id)).scalars().all()
        workers = _workers(len(ordered), parallel)
        if workers > 1:
            by_id = {row.id: row for row in _in_workers(db, year, sorted(ordered), workers)}
            return [by_id[report_id] for report_id in ordered if report_id in by_id]
    return _rows_of(_fetch(db, year))


def _in_workers(db, year, ids: list[int], workers: int) -> list[SummaryRow]:
    import multiprocessing

    size = -(-len(ids) // workers)
    ranges = [(ids[start], ids[min(start + size, len(ids)) - 1]) for start in range(0, len(ids), size)]
    _PENDING[:] = [(db, year)]
    try:
        with multiprocessing.get_context("fork").Pool(len(ranges), initializer=_forget_connections) as pool:
            parts = pool.map(_rows_of_range, ranges)
        WORKER_CPU[:] = [cpu for _rows, cpu in parts]
        return [row for rows, _cpu in parts for row in rows]
    finally:
        _PENDING.clear()
