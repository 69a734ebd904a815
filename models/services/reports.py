"""Creating, deleting and editing the header, narrative and sign-off of a report."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from models.database import Database
from models.errors import DomainError
from models.money import AMOUNT_UNITS, CENT, normalize_text
from models.schema import NARRATIVE_FIELDS, SIGNOFF_FIELDS, BudgetLine, Report
from models.services.common import clean_line, clean_text, editable_report

DEFAULT_TITLE = "苏州市市级预算部门（单位）整体支出预算绩效自评报告"
_UNIT_FACTOR = {("万元", "元"): Decimal(10000), ("元", "万元"): Decimal("0.0001")}
REPORT_FIELDS = ("title", "year", "department", "amount_unit", *NARRATIVE_FIELDS, *SIGNOFF_FIELDS)
MIN_YEAR, MAX_YEAR = 1990, 2100


def parse_year(value: object) -> int:
    text = normalize_text(str(value)).removesuffix("年度").removesuffix("年").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise DomainError(f"年度“{value}”无效，请填写四位数字年份，例如 2022")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"年度 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间，请检查")
    return year


def parse_fill_date(value: object) -> str:
    """填报日期 as ISO `YYYY-MM-DD`, from `2023-03-15`, `2023/3/15`, `2023.3.15` or `2023年3月15日`."""
    text = normalize_text("" if value is None else str(value))
    if not text:
        return ""
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    try:
        if match is None:
            raise ValueError
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        raise DomainError(f"填报日期“{value}”无效，请填写如 2023-03-15 或 2023年3月15日") from None


def create_report(db: Database, year: object, department: str, title: str = DEFAULT_TITLE,
                  amount_unit: str = "万元", is_sample: bool = False) -> int:
    """A new, empty report; returns its id."""
    if amount_unit not in AMOUNT_UNITS:
        raise DomainError(f"金额单位只能是{'或'.join(AMOUNT_UNITS)}")
    report = Report(year=parse_year(year), department=clean_line(department, "department"),
                    title=clean_line(title, "title"),
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
        if field == "year":
            stored = parse_year(value)
        elif field == "amount_unit":
            stored = _change_unit(session, report, str(value))
        elif field == "fill_date":
            stored = parse_fill_date(value)
        elif field in NARRATIVE_FIELDS:
            stored = clean_text(value, field)
        else:
            stored = clean_line(value, field)
        setattr(report, field, stored)
        return stored


def _change_unit(session, report: Report, unit: str) -> str:
    """Switch 万元 ↔ 元, converting every amount exactly or refusing if that would round."""
    unit = unit.strip()
    if unit not in AMOUNT_UNITS:
        raise DomainError(f"金额单位只能是{'或'.join(AMOUNT_UNITS)}")
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
            setattr(line, name, converted.quantize(CENT))
    return unit
