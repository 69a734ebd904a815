"""The funding block of a form (mof: 年度资金总额 / 其中：本年财政拨款 …; sichuan: 总额 / 其中：财政资金 …).

A row is named by its key (models.fields.FUNDING_ROW_KEYS), never by an id: the editor's row id in
the block IS the key. A row is stored the first time one of its cells is written (one row per
report and key); a row whose cells are all empty is the same as no row (fingerprint, views).
"""
from __future__ import annotations

from sqlalchemy import delete, select

from models.database import Database
from models.errors import DomainError
from models.fields import FUNDING_ROW_KEYS, TABLE_LABELS, stored_fields
from models.schema import FundingRow
from models.services.common import editable_report

FIELDS = {f.key: f for f in stored_fields("funding")}   # initial, adjusted, actual, weight, score_override, reason
AMOUNT_FIELDS = ("initial", "adjusted", "actual")
TEXT_FIELDS = ("reason",)
LABEL = TABLE_LABELS["funding"]


def empty_values() -> dict:
    return {name: ("" if name in TEXT_FIELDS else None) for name in FIELDS}


def clean_funding_value(row_key: object, name: str, value: object) -> object:
    """The value as stored, or DomainError naming the row and the field."""
    if row_key not in FUNDING_ROW_KEYS:
        raise DomainError(f"{LABEL}中没有“{row_key}”这一行")
    field = FIELDS.get(name)
    if field is None:
        raise DomainError(f"{LABEL}中没有“{name}”这一栏")
    try:
        return field.clean(value)
    except DomainError as error:
        raise DomainError(f"{LABEL} {field.label}：{error.message}") from None


def apply_funding_edits(db: Database, report_id: int, edits: list[tuple[str, str, object]]) -> list[tuple]:
    """Set cells of the funding block in one transaction (all or none, every problem listed); a row is
    created on its first write. Returns (old value, new value) per edit, for undo."""
    from models.services.rows import CellEditError

    problems, planned = [], []
    for index, (row_key, name, value) in enumerate(edits):
        try:
            planned.append((row_key, name, clean_funding_value(row_key, name, value)))
        except DomainError as error:
            problems.append((index, error.message))
    if problems:
        raise CellEditError(problems)
    with db.transaction() as session:
        editable_report(session, report_id)
        rows = {row.row_key: row for row in session.scalars(
            select(FundingRow).where(FundingRow.report_id == report_id))}
        result = []
        for row_key, name, new in planned:
            row = rows.get(row_key)
            if row is None:
                row = rows[row_key] = FundingRow(report_id=report_id, row_key=row_key, **empty_values())
                session.add(row)
            result.append((getattr(row, name), new))
            setattr(row, name, new)
        return result


def funding_values(data: dict | None) -> dict[str, dict]:
    """A funding block given as {row key: {field: value}} cleaned (DomainError at the first problem)."""
    if not data:
        return {}
    if not isinstance(data, dict):
        raise DomainError(f"{LABEL}的写法不对")
    rows = {}
    for row_key, values in data.items():
        if not isinstance(values, dict):
            raise DomainError(f"{LABEL}“{row_key}”一行的写法不对")
        rows[row_key] = {**empty_values(), **{name: clean_funding_value(row_key, name, value)
                                              for name, value in values.items()
                                              if name not in ("key", "execution_rate")}}  # computed
        if row_key not in FUNDING_ROW_KEYS:
            raise DomainError(f"{LABEL}中没有“{row_key}”这一行")
    return rows


def put_funding(session, report_id: int, rows: dict[str, dict]) -> None:
    """Replace the funding block of a report by `rows` (cleaned values by key), inside the caller's transaction."""
    session.execute(delete(FundingRow).where(FundingRow.report_id == report_id))
    for row_key in FUNDING_ROW_KEYS:
        if row_key in rows:
            session.add(FundingRow(report_id=report_id, row_key=row_key,
                                   **{name: rows[row_key].get(name, empty) for name, empty in empty_values().items()}))
    session.flush()
