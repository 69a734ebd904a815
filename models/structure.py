"""Whether a file's tables are what its recorded schema revision says: a file whose revision record
was deleted by hand, or that records a revision but lacks its tables, is named as such instead of
failing later with "no such table" (or being taken for an empty file and upgraded over its data).

Runs on the plain sqlite3 connection that reads the revision, before anything else touches the file.
"""
from __future__ import annotations

from pathlib import Path

from models.errors import DamagedError

_BASE = ("reports", "budget_lines", "key_tasks", "indicators")
TABLES_AT = {"0001_initial": _BASE, "0002_autoincrement": _BASE, "0003_versions": _BASE + ("versions",),
             "0004_forms": _BASE + ("versions", "funding_rows"),
             "0005_shared": _BASE + ("versions", "funding_rows", "report_locks"),
             "0006_bigint_money": _BASE + ("versions", "funding_rows", "report_locks")}
_HINT = "可以从备份恢复（文件 › 从备份恢复，或 python main.py restore），或选择其他文件。"


def revision_without_record(connection, path: Path) -> str:
    """The revision of a file whose `alembic_version` table is empty: the newest one when every table
    and column of the newest schema is there (only the record was lost), else DamagedError."""
    from models.schema_version import HEAD_REVISION
    from models.tables import metadata

    for table in metadata.sorted_tables:
        columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
        if columns != {column.name for column in table.columns}:
            raise DamagedError(f"“{path.name}”缺少结构版本记录（alembic_version 表是空的），"
                               f"且数据表“{table.name}”与本程序的结构不符，无法确定如何读取。{_HINT}")
    return HEAD_REVISION


def check_tables(names: set[str], revision: str, path: Path) -> None:
    """DamagedError when a table the revision has is missing. A table an interrupted upgrade left only
    as its `_alembic_tmp_` copy counts as there: the upgrade finishes the swap."""
    missing = [name for name in TABLES_AT.get(revision, ()) if name not in names and f"_alembic_tmp_{name}" not in names]
    if missing:
        raise DamagedError(f"“{path.name}”标明的结构版本为 {revision}，却缺少数据表 {'、'.join(missing)}，"
                           f"文件不完整或已损坏。{_HINT}")
