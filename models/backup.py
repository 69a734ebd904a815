"""Backups of a database file through SQLite's online backup API, into `backups/` beside it.

Made on every open (and before a migration, an import or a restore). Kept: the newest `keep_last`
and, beyond those, the newest of each day for `keep_days` days. A backup is written to a temporary
file and renamed, so a full disk leaves no half backup behind.
"""
from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from models.errors import StorageError

KEEP_LAST = int(os.environ.get("JIXIAO_KEEP_BACKUPS", "20"))
KEEP_DAYS = 30
_STAMP = "%Y%m%d-%H%M%S-%f"


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


def list_backups(db_path: str | Path) -> list[Backup]:
    """The backups of a file, newest first."""
    db_path = Path(db_path)
    folder, pattern = backup_dir(db_path), _name_pattern(db_path)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = pattern.match(path.name)
            if match:
                found.append(Backup(path, datetime.strptime(match.group(1), _STAMP), path.stat().st_size))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy an open database into `target` (atomically: temporary file, then rename)."""
    temporary = target.with_name(target.name + ".part")
    try:
        destination = sqlite3.connect(temporary)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        temporary.unlink(missing_ok=True)
        reason = "磁盘空间不足" if "full" in str(error).lower() or getattr(error, "errno", None) == 28 else str(error)
        raise StorageError(f"无法写入备份“{target}”：{reason}。原有文件未受影响。") from None


def make_backup(db_path: str | Path, now: datetime | None = None) -> Path:
    """Back up the file now; returns the backup's path."""
    db_path = Path(db_path)
    folder = backup_dir(db_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise StorageError(f"无法创建备份文件夹“{folder}”：{error.strerror or error}") from None
    now = now or datetime.now()
    target = folder / f"{db_path.stem}-{now.strftime(_STAMP)}.db"
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        copy_database(source, target)
    finally:
        source.close()
    prune(db_path, now)
    return target


def prune(db_path: Path, now: datetime | None = None, keep_last: int = KEEP_LAST, keep_days: int = KEEP_DAYS) -> None:
    now = now or datetime.now()
    backups = list_backups(db_path)
    keep = {b.path for b in backups[:keep_last]}
    per_day = {}
    for backup in backups:  # newest first: the first seen of a day is that day's newest
        if now - backup.taken <= timedelta(days=keep_days):
            per_day.setdefault(backup.taken.date(), backup.path)
    keep |= set(per_day.values())
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)


def check_backup(path: Path) -> None:
    """Refuse a backup that is not a sound database of this program."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            connection.execute("SELECT count(*) FROM reports").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise StorageError(f"备份“{path.name}”无法使用：{error}") from None
    if result != "ok":
        raise StorageError(f"备份“{path.name}”已损坏，不能用来恢复。")
