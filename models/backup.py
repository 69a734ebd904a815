"""Backups of a database file through SQLite's online backup API, into `backups/` beside it.

Made on every open (and before a migration, an import or a restore). Kept: the newest `keep_last`
(`JIXIAO_KEEP_BACKUPS`, default 20) and, beyond those, the newest of each day for `keep_days` days.
A backup is written to a temporary file and renamed, so a full disk leaves no half backup behind.
Files in `backups/` whose names are not a backup's (a stray copy, a bad date) are left alone.
"""
from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from models.errors import StorageError
from models.paths import sqlite_uri

KEEP_ENV = "JIXIAO_KEEP_BACKUPS"
KEEP_DAYS = 30
_STAMP = "%Y%m%d-%H%M%S-%f"


def backups_to_keep() -> int:
    """How many of the newest backups are always kept (`JIXIAO_KEEP_BACKUPS`, default 20)."""
    text = os.environ.get(KEEP_ENV, "").strip()
    if not text:
        return 20
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 100000:
        raise StorageError(f"环境变量 {KEEP_ENV} 应为 1 到 100000 之间的整数（现为“{text[:40]}”），"
                           f"请改正或删除它。文件未作改动。")
    return int(text)


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    size: int

    @property
    def label(self) -> str:
        return f"{self.taken:%Y-%m-%d %H:%M:%S}（{self.size / 1024:.0f} KB）"


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _name_pattern(db_path: Path):
    return re.compile(re.escape(Path(db_path).stem) + r"-(\d{8}-\d{6}-\d{6})\.db$")


def _taken(name: str, db_path: Path) -> datetime | None:
    """When the backup called `name` was taken; None when `name` is not a backup of `db_path`."""
    match = _name_pattern(db_path).match(name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), _STAMP)
    except ValueError:  # e.g. r-20231399-…: looks like a backup, is not one of ours
        return None


def is_backup_name(name: str, db_path: Path) -> bool:
    return _taken(name, db_path) is not None


def list_backups(db_path: str | Path) -> list[Backup]:
    """The backups of a file, newest first."""
    db_path = Path(db_path)
    folder = backup_dir(db_path)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            taken = _taken(path.name, db_path)
            if taken is None:
                continue
            try:
                if path.is_file():
                    found.append(Backup(path, taken, path.stat().st_size))
            except OSError:
                continue
    return sorted(found, key=lambda b: b.taken, reverse=True)


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy an open database into `target` (atomically: temporary file, then rename)."""
    def fill(temporary: Path) -> None:
        destination = sqlite3.connect(sqlite_uri(temporary, "rwc"), uri=True)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
    write_whole(target, fill, "原有文件未受影响")


def write_whole(target: Path, fill, untouched: str) -> None:
    """Make `target` by `fill(temporary)` on a temporary file beside it, synced, then renamed over it:
    the file is whole or not there. A failure is a StorageError ending in `untouched`."""
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.unlink(missing_ok=True)
        fill(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        _discard(temporary)
        reason = "磁盘空间不足" if "full" in str(error).lower() or getattr(error, "errno", None) == 28 else \
            (getattr(error, "strerror", None) or str(error))
        raise StorageError(f"无法写入备份“{target}”：{reason}。{untouched}。") from None
    except BaseException:  # anything else (an interrupt, a domain error while writing): no half file left
        _discard(temporary)
        raise


def _discard(temporary: Path) -> None:
    try:
        temporary.unlink(missing_ok=True)
    except OSError:
        pass


def make_backup(db_path: str | Path | None, now: datetime | None = None) -> Path | None:
    """Back up the file now; returns the backup's path. None (nothing done) for a server's database
    (`db.path` None): the server has its own backups, and `backup --db URL` writes a file."""
    if db_path is None:
        return None
    db_path = Path(db_path)
    keep = backups_to_keep()
    folder = backup_dir(db_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise StorageError(f"无法创建备份文件夹“{folder}”：{error.strerror or error}") from None
    now = now or datetime.now()
    target = folder / f"{db_path.stem}-{now.strftime(_STAMP)}.db"
    try:
        source = sqlite3.connect(sqlite_uri(db_path, "ro"), uri=True)
    except sqlite3.Error as error:
        raise StorageError(f"无法读取“{db_path.name}”以备份：{error}") from None
    try:
        copy_database(source, target)
    finally:
        source.close()
    prune(db_path, now, keep_last=keep)
    return target


def prune(db_path: Path, now: datetime | None = None, keep_last: int | None = None,
          keep_days: int = KEEP_DAYS) -> None:
    now = now or datetime.now()
    keep_last = backups_to_keep() if keep_last is None else keep_last
    backups = list_backups(db_path)
    keep = {b.path for b in backups[:keep_last]}
    per_day = {}
    for backup in backups:  # newest first: the first seen of a day is that day's newest
        if now - backup.taken <= timedelta(days=keep_days):
            per_day.setdefault(backup.taken.date(), backup.path)
    keep |= set(per_day.values())
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink(missing_ok=True)
            except OSError:
                pass  # a backup that cannot be removed now is removed next time


def check_backup(path: Path) -> None:
    """Refuse a backup that is not a sound database of this program, of a schema this version knows;
    every refusal is one Chinese line (never SQLite's English)."""
    from models.schema_version import KNOWN_REVISIONS

    path = Path(path)
    broken = f"“{path.name}”不是本程序的报告文件或已损坏，不能用来恢复。"
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise StorageError(f"无法读取“{path}”：{error.strerror or error}") from None
    if not header:
        raise StorageError(f"“{path.name}”是空文件，不是本程序的报告文件，不能用来恢复。")
    if header != b"SQLite format 3\x00":
        raise StorageError(broken)
    try:
        connection = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
        try:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"reports", "alembic_version"} <= names:
                raise StorageError(f"“{path.name}”是其他程序的数据库，不是本程序的报告文件，不能用来恢复。")
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            connection.execute("SELECT count(*) FROM reports").fetchone()
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise StorageError(f"“{path.name}”正被其他程序写入，请稍后再恢复。") from None
        raise StorageError(broken) from None
    if result != "ok":
        raise StorageError(f"“{path.name}”已损坏（完整性检查未通过），不能用来恢复。")
    if row is None or row[0] not in KNOWN_REVISIONS:
        raise StorageError(f"“{path.name}”由更新版本的程序创建（结构版本 {row[0] if row else '未知'}），"
                           f"请升级本程序后再恢复。")


# ---- Portable files of a server's reports (backup --db URL, restore --db URL, 另存为 from a server) ----

# The tables a report's content lives in, parents first; report_locks is the server's business only.
REPORT_TABLES = ("reports", "budget_lines", "key_tasks", "indicators", "funding_rows", "versions")


def server_backup_path(db, now: datetime | None = None) -> Path:
    """Where `backup --db URL` writes without a FILE: the data folder's backups/, named after the
    server, the database and the time."""
    from models.paths import data_dir

    now = now or datetime.now()
    stem = re.sub(r"[^0-9A-Za-z._-]+", "_", db.name).strip("_") or "server"
    folder = data_dir() / "backups"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"无法创建备份文件夹“{folder}”：{error.strerror or error}") from None
    return folder / f"{stem}-{now.strftime(_STAMP)}.db"


def _ordered_budget_lines(rows: list[dict]) -> list[dict]:
    """Budget lines with each parent before its children (a line moved under a later line has a
    larger parent id than its own)."""
    by_parent: dict = {}
    for row in rows:
        by_parent.setdefault(row["parent_id"], []).append(row)
    known = {row["id"] for row in rows}
    ordered, queue = [], [row for row in rows if row["parent_id"] is None or row["parent_id"] not in known]
    while queue:
        row = queue.pop(0)
        ordered.append(row)
        queue.extend(by_parent.get(row["id"], []))
    return ordered


def read_report_rows(connection, report_ids: list[int] | None) -> dict[str, list[dict]]:
    """Every row of the reports `report_ids` (all reports when None), table by table, parents first;
    one query per table."""
    from sqlalchemy import select

    from models import tables

    result = {}
    for name in REPORT_TABLES:
        table = tables.metadata.tables[name]
        key = table.c.id if name == "reports" else table.c.report_id
        statement = select(table).order_by(table.c.id)
        if report_ids is not None:
            statement = statement.where(key.in_(report_ids))
        rows = [dict(row._mapping) for row in connection.execute(statement)]
        result[name] = _ordered_budget_lines(rows) if name == "budget_lines" else rows
    return result


def write_report_rows(connection, content: dict[str, list[dict]], keep_row_ids: bool = True,
                      keep_report_ids: bool = True, report_map: dict[int, int] | None = None) -> dict[int, int]:
    """Insert rows read by `read_report_rows` (parents first). With `keep_row_ids` every row keeps its
    id (a new file); without, the rows of the tables get new ids from the target (no clash with the
    rows already there), parent lines followed; `keep_report_ids=False` numbers the reports anew too.
    `report_map` ({id in `content`: id in the target}): the caller has written the reports' own rows
    already; only their rows in the other tables are inserted, under those report ids.
    Returns {id in `content`: id written} of the reports."""
    from sqlalchemy import insert

    from models import tables

    given = report_map is not None
    report_map = dict(report_map or {})
    for name in REPORT_TABLES:
        rows = content.get(name) or []
        if not rows or (given and name == "reports"):
            continue
        table = tables.metadata.tables[name]
        columns = set(table.c.keys())
        rows = [{key: value for key, value in row.items() if key in columns} for row in rows]
        if name == "reports":
            if keep_report_ids:
                report_map.update((row["id"], row["id"]) for row in rows)
                _insert(connection, table, rows)
            else:
                for row in rows:
                    old = row.pop("id")
                    report_map[old] = connection.execute(insert(table).returning(table.c.id), row).scalar()
            continue
        for row in rows:
            row["report_id"] = report_map.get(row["report_id"], row["report_id"])
        if keep_row_ids:
            for batch in (_by_depth(rows) if name == "budget_lines" else [rows]):  # parents before children
                _insert(connection, table, batch)
        elif name == "budget_lines":
            line_map: dict[int, int] = {}
            for batch in _by_depth(rows):
                olds = [row.pop("id") for row in batch]
                for row in batch:
                    if row["parent_id"] is not None:
                        row["parent_id"] = line_map.get(row["parent_id"])
                news = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                          batch).scalars().all()
                line_map.update(zip(olds, news))
        else:
            _insert(connection, table, [{k: v for k, v in row.items() if k != "id"} for row in rows])
    return report_map


def _insert(connection, table, rows: list[dict]) -> None:
    from sqlalchemy import insert

    for start in range(0, len(rows), 500):
        connection.execute(insert(table), rows[start:start + 500])


def _by_depth(rows: list[dict]) -> list[list[dict]]:
    depth: dict = {}
    by_id = {row["id"]: row for row in rows}

    def depth_of(row) -> int:
        if row["id"] not in depth:
            parent = by_id.get(row["parent_id"])
            depth[row["id"]] = 0 if parent is None or parent is row else depth_of(parent) + 1
        return depth[row["id"]]

    levels: dict[int, list[dict]] = {}
    for row in rows:
        levels.setdefault(depth_of(row), []).append(row)
    return [levels[level] for level in sorted(levels)]


def reset_sequences(connection) -> None:
    """After rows were inserted with their ids, PostgreSQL's sequences continue past the largest id."""
    if connection.dialect.name != "postgresql":
        return
    for name in REPORT_TABLES:
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
            f"FROM {name}")


def export_reports(db, target: Path, report_ids: list[int] | None = None) -> list[int]:
    """Write the reports (all, or `report_ids`) of an open database — a server's or a file's — with
    their rows and final versions into a new portable SQLite file `target` (atomically: a temporary
    file, then a rename); returns the ids written. Row ids and versions are kept as they are."""
    from models.database import open_database

    target = Path(target)
    if db.path is not None:
        from models.paths import refuse_database_target
        refuse_database_target(target, db.path)
    with db.connect() as connection:
        content = read_report_rows(connection, report_ids)
    found = [row["id"] for row in content["reports"]]
    if report_ids is not None and (missing := sorted(set(report_ids) - set(found))):
        raise StorageError(f"{db.name} 中没有编号为 {'、'.join(map(str, missing))} 的报告。")
    def fill(temporary: Path) -> None:
        copy = open_database(temporary, backup=False, lock=False)
        try:
            with copy.engine.begin() as connection:
                write_report_rows(connection, content)
        finally:
            copy.close()
    write_whole(target, fill, "原有数据未受影响")
    return found
