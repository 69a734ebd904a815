"""Restoring a backup: the current file is backed up first, then takes the backup's content through
SQLite's backup API (one transaction: a failure leaves the file as it was). A server (or one report,
`--report`) takes the reports of a file one by one instead, each matched by its year and department
(`restore_reports`)."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RestoredReport:
    """One report of the file as it went into the database: `id` its number there now, `source_id`
    its number in the file; `replaced` whether it took the place of the database's report of the same
    year and department (which keeps its number), else it was added under a new number."""

    id: int
    year: int
    department: str
    source_id: int
    replaced: bool

    @property
    def result(self) -> str:
        return f"{'已替换原报告' if self.replaced else '已新增'}（文件中编号 {self.source_id}）"

    def line(self) -> str:
        """ID<TAB>YEAR<TAB>DEPARTMENT<TAB>RESULT, as `restore --db URL` prints it."""
        department = " ".join(self.department.split())  # a tab or a line break must not break the columns
        return f"{self.id}\t{self.year}\t{department}\t{self.result}"


def match_reports(incoming: list[dict], existing: list, source_name: str) -> dict[int, int | None]:
    """Which report of the database each report of a file replaces, by its identity — the year and the
    department: {id in the file: id in the database, or None for a report to be added}. Among several
    reports of the same year and department (a backup of this very database may hold two), the one of
    the same number is taken; a report is never replaced because of its number alone. Two or more
    candidates none of which has the number: StorageError, nothing is restored."""
    pool: dict[tuple, list[int]] = {}
    for row in sorted(existing, key=lambda row: row.id):
        pool.setdefault((row.year, row.department), []).append(row.id)
    chosen: dict[int, int | None] = {}
    for row in incoming:  # the same identity and the same number first
        candidates = pool.get((row["year"], row["department"]), [])
        if row["id"] in candidates:
            candidates.remove(row["id"])
            chosen[row["id"]] = row["id"]
    for row in incoming:
        if row["id"] in chosen:
            continue
        candidates = pool.get((row["year"], row["department"]), [])
        if len(candidates) > 1:
            raise StorageError(
                f"数据库中有 {len(candidates)} 份 {row['year']} 年度“{row['department']}”的报告"
                f"（编号 {'、'.join(map(str, candidates))}），无法确定“{source_name}”中编号 {row['id']} 的报告"
                f"应替换哪一份。没有恢复任何报告；请先删除多余的一份（编辑器：报告 › 删除报告），"
                f"或用 --report 只恢复其他报告。")
        chosen[row["id"]] = candidates.pop() if candidates else None
    return chosen


def restore_reports(db, source_path: str | Path, report_ids: list[int] | None = None) \
        -> tuple[list[RestoredReport], Path | None]:
    """Load the reports of a portable file (a `backup --db URL` file, a unit's report file) into an
    open database — a server's, or a file's with `restore --report`. A report is matched by its
    identity, its year and department (`match_reports`): one already in the database is replaced in
    place (it keeps its number there, an editor that has it open reloads), after the reports to be
    replaced were written to a backup first; any other is added under a new number, never written
    over another report of the same number. One transaction: all the reports or none.
    Returns (one RestoredReport per report of the file, the backup made or None)."""
    from sqlalchemy import delete, insert, select, update

    from models import tables
    from models.backup import (REPORT_TABLES, export_reports, read_report_rows, reset_sequences, server_backup_path,
                               write_report_rows)
    from models.database import open_database
    from models.tables import reports

    source_path = Path(source_path)
    if not source_path.is_file():
        raise StorageError(f"找不到备份文件：{source_path}")
    if db.path is not None and same_file(db.path, source_path):
        raise StorageError(f"“{source_path.name}”就是要恢复到的数据文件本身。")
    check_backup(source_path)
    import shutil

    folder = None
    source = open_database(source_path, read_only=True) if _at_head(source_path) else None
    try:
        if source is None:  # an older file: brought up to date in a temporary copy, never in place
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix="jixiao-restore-"))
            copy = folder / "copy.db"
            shutil.copyfile(source_path, copy)
            source = open_database(copy, backup=False, lock=False)
        with source.connect() as connection:
            content = read_report_rows(connection, report_ids)
    finally:
        if source is not None:
            source.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    incoming = content["reports"]
    if report_ids is not None and (missing := sorted(set(report_ids) - {row["id"] for row in incoming})):
        raise StorageError(f"“{source_path.name}”中没有编号为 {'、'.join(map(str, missing))} 的报告。")
    if not incoming:
        raise StorageError(f"“{source_path.name}”中没有报告，没有可恢复的内容。")
    with db.connect() as connection:
        present = connection.execute(
            select(reports.c.id, reports.c.year, reports.c.department, reports.c.row_version)).all()
    targets = match_reports(incoming, present, source_path.name)
    versions = {row.id: row.row_version for row in present}
    replaced = sorted(target for target in targets.values() if target is not None)
    kept = None
    if replaced:
        if db.path is None:
            kept = server_backup_path(db)
            export_reports(db, kept, replaced)
        else:
            kept = make_backup(db.path)
    report_columns = set(reports.c.keys()) - {"id"}
    children = [tables.metadata.tables[name] for name in REPORT_TABLES if name != "reports"]
    report_map: dict[int, int] = {}
    try:
        with db.engine.begin() as connection:
            reset_sequences(connection)  # a server restored from a file: past the largest id first
            for table in children:  # the replaced reports' rows; their own rows are updated below
                connection.execute(delete(table).where(table.c.report_id.in_(replaced)))
            for row in incoming:
                values = {key: value for key, value in row.items() if key in report_columns}
                target = targets[row["id"]]
                if target is None:
                    report_map[row["id"]] = connection.execute(
                        insert(reports).returning(reports.c.id), values).scalar()
                    continue
                # replaced in place: its number (and an editor's lock on it) stays; a newer row version
                # makes an editor that read the old content reload instead of writing over the new
                values["row_version"] = max(values.get("row_version") or 1, versions[target] + 1)
                connection.execute(update(reports).where(reports.c.id == target).values(**values))
                report_map[row["id"]] = target
            write_report_rows(connection, content, keep_row_ids=False, report_map=report_map)
            reset_sequences(connection)
    except db.backend.errors as error:
        raise db.backend.error(error) from None
    return [RestoredReport(report_map[row["id"]], row["year"], row["department"], row["id"],
                           targets[row["id"]] is not None) for row in incoming], kept


def _at_head(path: Path) -> bool:
    from models.schema_version import HEAD_REVISION

    connection = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    finally:
        connection.close()
