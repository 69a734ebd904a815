"""Values a hand-edited or partly damaged file holds where the program cannot read them: text or a
blob in an amount column, NULL in a text column, a year stored as text, a date that is no date, text
that is not valid UTF-8. Each is named in Chinese — report, table, row and field — instead of ending
in a traceback.

Reading stays as fast as before: a clean file costs one SQL query per read (`check`), run inside
SQLite; the row-by-row diagnosis in Python (`find`) runs only when something is wrong.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, Integer
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import DBAPIError

from models.errors import UnreadableError
from models.fields import label_of
from models.money import MAX_AMOUNT
from models.tables import Money

TABLE_LABELS = {"reports": "报告", "budget_lines": "预算信息", "key_tasks": "年度重点任务",
                "indicators": "部门整体自评表", "versions": "定稿版本"}
# Columns a user never types into; every field a user sees is named by the catalogue (models/fields.py).
STORAGE_LABELS = {
    "reports": {"status": "状态", "is_sample": "示例标记", "created_at": "创建时间", "updated_at": "保存时间"},
    "budget_lines": {"parent_id": "上级行", "position": "排列顺序"},
    "key_tasks": {"position": "排列顺序"},
    "indicators": {"position": "排列顺序"},
    "versions": {"number": "版本号", "created_at": "定稿时间", "fingerprint": "内容指纹", "content": "版本内容",
                 "reopened_at": "重新打开时间", "reopen_reason": "重新打开原因"},
}
CATALOGUE_TABLES = {"reports": "header", "budget_lines": "budget", "key_tasks": "tasks", "indicators": "indicators"}


def field_label(table: str, field: str) -> str:
    """The label a user knows a stored column by: the catalogue's, else the storage column's own."""
    known = STORAGE_LABELS.get(table, {}).get(field)
    if known is not None or table not in CATALOGUE_TABLES:
        return known or field
    return label_of(CATALOGUE_TABLES[table], field)
_STORED = {"text": "文本", "integer": "整数", "real": "小数", "blob": "二进制数据", "null": "空值（NULL）"}
_MAX_UNITS = int(MAX_AMOUNT * 100)  # an amount is stored in hundredths
_DIALECT = sqlite_dialect.dialect()
_LIMIT = 20


class BadText(str):
    """Text whose bytes were not valid UTF-8, shown with U+FFFD in their place."""


def tolerant_text(data: bytes) -> str:
    """sqlite3 text factory that never raises: invalid UTF-8 becomes U+FFFD, marked as BadText."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return BadText(data.decode("utf-8", "replace"))


@dataclass(frozen=True)
class Problem:
    table: str
    row_id: int
    field: str
    reason: str
    report_id: int | None = None
    row_name: str = ""

    def message(self) -> str:
        label = field_label(self.table, self.field)
        if self.table == "reports":
            place = f"报告 {self.row_id} 的“{label}”"
        elif self.table == "versions":
            place = f"报告 {self.report_id} 的定稿版本（编号 {self.row_id}）的“{label}”"
        else:
            name = f"「{_short(self.row_name)}」" if self.row_name else ""
            owner = f"报告 {self.report_id} 的" if self.report_id is not None else ""
            place = f"{owner}{TABLE_LABELS.get(self.table, self.table)}（编号 {self.row_id} 的一行{name}）的“{label}”"
        return f"{place}无法读取：{self.reason}"


def _short(text) -> str:
    text = "".join(char for char in str(text).replace("\n", " ") if char.isprintable())  # no NULs of a cut file
    return text if len(text) <= 20 else text[:20] + "…"


def _kind(column):
    """(what the column must hold in SQLite, an extra SQL condition that makes it unreadable, the
    Chinese word for what was expected)."""
    name = f'"{column.name}"'
    if isinstance(column.type, Money):
        return ("integer",), f"abs({name}) >= {_MAX_UNITS}", "金额"
    if isinstance(column.type, Boolean):
        return ("integer",), f"{name} NOT IN (0, 1)", "是或否"
    if isinstance(column.type, Integer):
        return ("integer",), None, "整数"
    if isinstance(column.type, DateTime):
        return ("text",), f"datetime({name}) IS NULL", "日期时间"
    return ("text",), None, "文本"


def _bad_sql(column) -> str:
    kinds, extra, _word = _kind(column)
    allowed = kinds + (("null",) if column.nullable else ())
    wrong = f"typeof(\"{column.name}\") NOT IN ({', '.join(repr(k) for k in allowed)})"
    if extra:
        wrong += f" OR (typeof(\"{column.name}\") = '{kinds[0]}' AND {extra})"
    return f"({wrong})"


def _columns(table, names=None):
    return [c for c in table.columns if not c.primary_key and (names is None or c.name in names)]


def _where(table, report_id, ids):
    clauses, params = [], []
    if report_id is not None:
        clauses.append("id = ?" if table.name == "reports" else "report_id = ?")
        params.append(report_id)
    if ids is not None:
        ids = [int(i) for i in ids]
        clauses.append(f"id IN ({', '.join('?' * len(ids))})" if ids else "0")
        params += ids
    return (" AND ".join(clauses) or "1"), params


def check(connection, table, report_id=None, ids=None, names=None) -> None:
    """Raise UnreadableError naming each unreadable value among the rows read (one SQL query when
    all is well)."""
    if connection.dialect.name != "sqlite":
        return  # a server keeps each column's type itself: nothing a hand edit could have broken
    columns = _columns(table, names)
    where, params = _where(table, report_id, ids)
    bad = " OR ".join(_bad_sql(c) for c in columns)
    if connection.exec_driver_sql(f'SELECT 1 FROM "{table.name}" WHERE {where} AND ({bad}) LIMIT 1',
                                  tuple(params)).first() is not None:
        raise UnreadableError(find(connection, table, report_id, ids, names))


@contextmanager
def explained(connection, table, report_id=None, ids=None, names=None):
    """Reading inside: a value that cannot be converted (a bad date, invalid UTF-8) becomes an
    UnreadableError naming it; any other failure is left as it is."""
    try:
        yield
    except (ValueError, TypeError, DBAPIError, sqlite3.Error) as error:
        problems = find(connection, table, report_id, ids, names)
        if problems:
            raise UnreadableError(problems) from error
        raise


@contextmanager
def tolerant(connection):
    """Text read inside never fails to decode (see `tolerant_text`)."""
    if connection.dialect.name != "sqlite":  # a server's text is valid UTF-8 by its encoding
        yield
        return
    raw = connection.connection.driver_connection
    before = raw.text_factory
    raw.text_factory = tolerant_text
    try:
        yield
    finally:
        raw.text_factory = before


def find(connection, table, report_id=None, ids=None, names=None) -> list[Problem]:
    """Every unreadable value among the rows (at most a few dozen), read value by value."""
    if connection.dialect.name != "sqlite":
        return []
    columns = _columns(table, names)
    where, params = _where(table, report_id, ids)
    name_column = "name" if "name" in table.c else None
    selected = ", ".join(f'typeof("{c.name}"), "{c.name}"' for c in columns)
    owner = "NULL" if table.name == "reports" else "report_id"
    sql = (f'SELECT id, {owner}, {name_column or "NULL"}, {selected} FROM "{table.name}" '
           f"WHERE {where} ORDER BY id")
    problems: list[Problem] = []
    with tolerant(connection):
        for row in connection.exec_driver_sql(sql, tuple(params)):
            row_id, owner_id, row_name = row[0], row[1], row[2]
            if not isinstance(row_name, str) or isinstance(row_name, BadText):
                row_name = row_name if isinstance(row_name, str) else ""
            for position, column in enumerate(columns):
                stored, value = row[3 + 2 * position], row[4 + 2 * position]
                reason = _reason(column, stored, value)
                if reason:
                    problems.append(Problem(table.name, row_id, column.name, reason, owner_id, row_name))
                    if len(problems) >= _LIMIT:
                        return problems
    return problems


def _reason(column, stored: str, value) -> str | None:
    """Why a stored value cannot be read as the column's kind, in Chinese; None when it can."""
    kinds, _extra, word = _kind(column)
    if stored == "null":
        return None if column.nullable else f"是空值（NULL），应为{word}"
    if stored not in kinds:
        shown = f"“{_short(value)}”" if stored in ("text", "integer", "real") else ""
        return f"存的是{_STORED.get(stored, stored)}{shown}，应为{word}"
    if isinstance(value, BadText):
        return f"含有无效的 UTF-8 字节（显示为“{_short(value)}”）"
    if isinstance(column.type, Money) and abs(value) >= _MAX_UNITS:
        return f"金额“{value / 100}”超出范围"
    if isinstance(column.type, Boolean) and value not in (0, 1):
        return f"存的是“{value}”，应为 0 或 1"
    if isinstance(column.type, DateTime):
        try:
            column.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None)(value)
        except (ValueError, TypeError):
            return f"“{_short(value)}”不是有效的日期时间"
    return None


@contextmanager
def readable(connection, table, report_id=None, ids=None, names=None):
    """`check` first, then the reading inside `explained`."""
    check(connection, table, report_id, ids, names)
    with explained(connection, table, report_id, ids, names):
        yield
