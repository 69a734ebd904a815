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
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.unlink(missing_ok=True)
        destination = sqlite3.connect(sqlite_uri(temporary, "rwc"), uri=True)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        reason = "磁盘空间不足" if "full" in str(error).lower() or getattr(error, "errno", None) == 28 else str(error)
        raise StorageError(f"无法写入备份“{target}”：{reason}。原有文件未受影响。") from None


def make_backup(db_path: str | Path, now: datetime | None = None) -> Path:
    """Back up the file now; returns the backup's path."""
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
    """Refuse a backup that is not a sound database of this program, of a schema this version knows."""
    from models.schema_version import KNOWN_REVISIONS

    try:
        connection = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            connection.execute("SELECT count(*) FROM reports").fetchone()
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise StorageError(f"备份“{path.name}”无法使用（不是绩效自评的数据文件或已损坏：{error}）。") from None
    if result != "ok":
        raise StorageError(f"备份“{path.name}”已损坏，不能用来恢复。")
    if row is None or row[0] not in KNOWN_REVISIONS:
        raise StorageError(f"备份“{path.name}”由更新版本的程序创建（结构版本 {row[0] if row else '未知'}），"
                           f"请升级本程序后再恢复。")
