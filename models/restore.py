"""Restoring a backup: the current file is backed up first, then takes the backup's content through
SQLite's backup API (one transaction: a failure leaves the file as it was)."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from models.backup import check_backup, make_backup
from models.errors import StorageError
from models.lock import FileLock
from models.paths import same_file, sqlite_uri


def restore_backup(db_path: str | Path, backup_path: str | Path) -> Path:
    """Replace the content of `db_path` by `backup_path`'s; returns the backup made of the current file
    (or the `.damaged` copy of a current file SQLite could not read)."""
    from models.database import recover_hot_journal

    db_path, backup_path = Path(db_path), Path(backup_path)
    if not backup_path.is_file():
        raise StorageError(f"找不到备份文件：{backup_path}")
    if db_path.exists() and not db_path.is_file():
        raise StorageError(f"“{db_path}”不是普通文件，不能恢复到这里。")
    if db_path.exists() and same_file(db_path, backup_path):
        raise StorageError(f"“{backup_path.name}”就是要恢复的数据文件本身，请选择 backups 文件夹中的一个备份。")
    check_backup(backup_path)
    lock = FileLock(db_path)
    lock.acquire()
    try:
        kept = None
        if db_path.exists() and db_path.stat().st_size > 0:
            recover_hot_journal(db_path)  # a crashed write first: its edits belong in the backup below
            try:
                kept = make_backup(db_path)
            except StorageError:
                kept = None  # a damaged current file cannot be copied by SQLite; it is overwritten below
            if kept is None:
                damaged = db_path.with_name(db_path.name + ".damaged")
                damaged.write_bytes(db_path.read_bytes())
                kept = damaged
        source = sqlite3.connect(sqlite_uri(backup_path, "ro"), uri=True)
        try:
            if db_path.exists() and kept is not None and kept.suffix == ".damaged":
                journal = db_path.with_name(db_path.name + "-journal")
                if journal.exists():  # it belongs to the damaged file, never to the restored one
                    os.replace(journal, kept.with_name(kept.name + "-journal"))
                db_path.unlink()  # SQLite cannot write into a file it cannot read
            target = sqlite3.connect(sqlite_uri(db_path, "rwc"), uri=True)
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
