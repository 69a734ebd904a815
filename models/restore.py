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


def restore_reports(db, source_path: str | Path, report_ids: list[int] | None = None) -> tuple[list[tuple], Path | None]:
    """Load the reports of a portable file (a `backup --db URL` file, another program's report file)
    into an open database — a server's — keeping their ids: a report of the same id is replaced,
    after the reports to be replaced were written to a backup file first. One transaction: all the
    reports or none. Returns ([(id, year, department, "替换"|"新增"), …], the backup made or None)."""
    from sqlalchemy import delete, select

    from models.backup import export_reports, read_report_rows, reset_sequences, server_backup_path, write_report_rows
    from models.database import open_database
    from models.tables import reports

    source_path = Path(source_path)
    if not source_path.is_file():
        raise StorageError(f"找不到备份文件：{source_path}")
    if db.path is not None and same_file(db.path, source_path):
        raise StorageError(f"“{source_path.name}”就是要恢复到的数据文件本身。")
    check_backup(source_path)
    source = open_database(source_path, read_only=True) if _at_head(source_path) else None
    if source is None:  # an older file: brought up to date in a temporary copy, never in place
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="jixiao-restore-"))
        copy = folder / "copy.db"
        shutil.copyfile(source_path, copy)
        source = open_database(copy, backup=False, lock=False)
    try:
        with source.connect() as connection:
            content = read_report_rows(connection, report_ids)
    finally:
        source.close()
    incoming = content["reports"]
    if report_ids is not None and (missing := sorted(set(report_ids) - {row["id"] for row in incoming})):
        raise StorageError(f"“{source_path.name}”中没有编号为 {'、'.join(map(str, missing))} 的报告。")
    if not incoming:
        raise StorageError(f"“{source_path.name}”中没有报告，没有可恢复的内容。")
    ids = [row["id"] for row in incoming]
    with db.connect() as connection:
        existing = {row.id: row.row_version for row in connection.execute(
            select(reports.c.id, reports.c.row_version).where(reports.c.id.in_(ids)))}
    kept = None
    if existing:
        kept = server_backup_path(db) if db.path is None else None
        if kept is None:
            kept = make_backup(db.path)
        else:
            export_reports(db, kept, sorted(existing))
    for row in incoming:  # an editor that read the replaced report finds a newer version: it reloads
        if row["id"] in existing:
            row["row_version"] = max(row.get("row_version") or 1, existing[row["id"]] + 1)
    try:
        with db.engine.begin() as connection:
            if existing:
                connection.execute(delete(reports).where(reports.c.id.in_(sorted(existing))))
            reset_sequences(connection)  # a server restored from a file: past the largest id first
            write_report_rows(connection, content, keep_row_ids=False)
            reset_sequences(connection)
    except db.backend.errors as error:
        raise db.backend.error(error) from None
    return [(row["id"], row["year"], row["department"], "替换" if row["id"] in existing else "新增")
            for row in incoming], kept


def _at_head(path: Path) -> bool:
    from models.schema_version import HEAD_REVISION

    connection = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    finally:
        connection.close()
