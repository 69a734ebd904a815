"""Restoring a backup: the current file is backed up first, then takes the backup's content through
SQLite's backup API (one transaction: a failure leaves the file as it was)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from models.backup import check_backup, make_backup
from models.errors import StorageError
from models.lock import FileLock


def restore_backup(db_path: str | Path, backup_path: str | Path) -> Path:
    """Replace the content of `db_path` by `backup_path`'s; returns the backup made of the current file
    (None when the current file could not be read, e.g. damaged beyond reading)."""
    db_path, backup_path = Path(db_path), Path(backup_path)
    if not backup_path.is_file():
        raise StorageError(f"找不到备份文件：{backup_path}")
    check_backup(backup_path)
    lock = FileLock(db_path)
    lock.acquire()
    try:
        kept = None
        if db_path.exists() and db_path.stat().st_size > 0:
            try:
                kept = make_backup(db_path)
            except StorageError:
                kept = None  # a damaged current file cannot be copied by SQLite; it is overwritten below
            if kept is None:
                damaged = db_path.with_name(db_path.name + ".damaged")
                damaged.write_bytes(db_path.read_bytes())
                kept = damaged
        source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        try:
            if db_path.exists() and kept is not None and kept.suffix == ".damaged":
                db_path.unlink()  # SQLite cannot write into a file it cannot read
            target = sqlite3.connect(db_path)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        except sqlite3.Error as error:
            raise StorageError(f"恢复失败：{error}。当前文件已另存为备份“{kept}”。") from None
        finally:
            source.close()
        return kept
    finally:
        lock.release()
