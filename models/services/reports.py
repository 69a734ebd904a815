"""Creating, deleting and editing the header, narrative and sign-off of a report."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from models.database import Database
from models.errors import DomainError
from models import fields
from models.fields import DEFAULT_TITLE, MAX_YEAR, MIN_YEAR, clean_line, parse_fill_date, parse_unit, parse_year
from models.money import AMOUNT_UNITS, CENT, MAX_AMOUNT, format_amount
from models.schema import NARRATIVE_FIELDS, SIGNOFF_FIELDS, BudgetLine, Report
from models.services.common import editable_report

__all__ = ["AMOUNT_UNITS", "DEFAULT_TITLE", "MAX_YEAR", "MIN_YEAR", "REPORT_FIELDS", "create_report",
           "delete_report", "parse_fill_date", "parse_year", "set_report_field"]

_UNIT_FACTOR = {("万元", "元"): Decimal(10000), ("元", "万元"): Decimal("0.0001")}
REPORT_FIELDS = tuple(fields.REPORT_FIELDS)


def create_report(db: Database, year: object, department: str, title: str = DEFAULT_TITLE,
                  amount_unit: str = "万元", is_sample: bool = False, form: str = "suzhou") -> int:
    """A new, empty report in the form (表式) `form`; returns its id."""
    parse_unit(amount_unit)
    report = Report(year=parse_year(year), department=clean_line(department, "department"),
                    title=clean_line(title, "title"), form=fields.parse_form_key(form),
                    amount_unit=amount_unit, is_sample=is_sample, status="draft",
                    **{name: "" for name in (*NARRATIVE_FIELDS, *SIGNOFF_FIELDS)})
    with db.transaction() as session:
        session.add(report)
        session.flush()
        return report.id


def delete_report(db: Database, report_id: int) -> None:
    """Remove a report with all its tables."""
    with db.transaction() as session:
        report = session.get(Report, report_id)
        if report is None:
            raise DomainError(f"找不到编号为 {report_id} 的报告")
        session.delete(report)


def set_report_field(db: Database, report_id: int, field: str, value: object) -> object:
    """Set one header, narrative or sign-off field; returns the value as stored."""
    if field not in REPORT_FIELDS:
        raise DomainError(f"报告没有名为“{field}”的项目")
    with db.transaction() as session:
        report = editable_report(session, report_id)
        if field == "amount_unit":
            stored = _change_unit(session, report, str(value))
        else:
            stored = fields.REPORT_FIELDS[field].clean(value)
        setattr(report, field, stored)
        return stored


def _change_unit(session, report: Report, unit: str) -> str:
    """Switch 万元 ↔ 元, converting every amount exactly or refusing if that would round."""
    unit = parse_unit(unit)
    if unit == report.amount_unit:
        return unit
    factor = _UNIT_FACTOR[(report.amount_unit, unit)]
    lines = session.scalars(select(BudgetLine).where(BudgetLine.report_id == report.id)).all()
    for line in lines:
        for name in ("initial", "adjustment", "actual"):
            amount = getattr(line, name)
            if amount is None:
                continue
            converted = amount * factor
            if converted != converted.quantize(CENT):
                raise DomainError(f"“{line.name}”的金额 {amount} 元换算为万元会超过两位小数，无法无损换算")
            if abs(converted) >= MAX_AMOUNT:
                raise DomainError(f"“{line.name}”的金额 {format_amount(amount)} {report.amount_unit}换算为{unit}后"
                                  f"超过可填写的最大金额（1 万亿{unit}），无法换算")
            setattr(line, name, converted.quantize(CENT))
    from models.compare import funding_labels
    from models.schema import FundingRow
    from models.services.funding import AMOUNT_FIELDS
    labels = None
    for row in session.scalars(select(FundingRow).where(FundingRow.report_id == report.id)).all():
        for name in AMOUNT_FIELDS:  # the amounts of the funding block; its 分值 and 得分 are no amounts
            amount = getattr(row, name)
            if amount is None:
                continue
            converted = amount * factor
            labels = labels or funding_labels(report.form)
            place = f"资金情况“{labels.get(row.row_key, row.row_key)}”"
            if converted != converted.quantize(CENT):
                raise DomainError(f"{place}的金额 {amount} 元换算为万元会超过两位小数，无法无损换算")
            if abs(converted) >= MAX_AMOUNT:
                raise DomainError(f"{place}的金额 {format_amount(amount)} {report.amount_unit}换算为{unit}后"
                                  f"超过可填写的最大金额（1 万亿{unit}），无法换算")
            setattr(row, name, converted.quantize(CENT))
    return unit
