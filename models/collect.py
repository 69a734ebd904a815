"""收集: the reports of units' submissions (report files and exported workbooks) copied into one database
(a file or a server).

Each source goes in all or nothing, in one transaction. A report whose year and department are already
in the target is refused (listed) unless `replace`, which deletes the target's report and puts the new
one in its place in the same transaction. A report travels whole: every row of every table that
belongs to it, its 定稿 versions with their stored content and fingerprints too, so a final copy is
verified by the fingerprint printed on its paper. Sample reports (示例) are not collected.

A report file of an older version is read through a temporary copy brought up to date (the unit's
file itself is only read). A workbook is read and checked by `reports.xlsx_import` and written into a
temporary file first, then copied like a file's report.
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from sqlalchemy import delete, insert, select

from models.errors import DomainError, StorageError
from models.paths import sqlite_uri
from models.tables import budget_lines, metadata, report_locks, reports

COLLECTED, REPLACED, SKIPPED = "已收集", "已替换", "已跳过（示例报告，未收集）"
EXISTS = "已存在（未收集，可用 --replace 替换）"
FAILED = "失败："
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".ods", ".fods", ".ots")


def _report_tables():
    """The tables whose rows belong to a report and travel with it (a lock does not), parents first."""
    return [table for table in metadata.sorted_tables
            if "report_id" in table.c and table is not report_locks and table is not budget_lines]


@dataclass(frozen=True)
class Line:
    """One line of the outcome: SOURCE<TAB>ID<TAB>YEAR<TAB>DEPARTMENT<TAB>RESULT."""

    source: str
    id: int | None          # the report's id in the target (None when not collected)
    year: int | None
    department: str
    result: str

    @property
    def ok(self) -> bool:
        return self.result in (COLLECTED, REPLACED, SKIPPED)

    def text(self) -> str:
        year = "" if self.year is None else str(self.year)
        return "\t".join((self.source, "" if self.id is None else str(self.id), year,
                          _one_line(self.department), _one_line(self.result)))


def _one_line(text: str) -> str:
    return " ".join(str(text).split("\n")).replace("\t", " ")


@dataclass
class _Report:
    """A source report's rows: its `reports` row (without id) and each table's rows (without ids)."""

    source_id: int
    values: dict
    budget: list[dict]                  # with `id` and `parent_id` of the source, to rebuild the tree
    rows: dict[str, list[dict]]         # table name → rows without id and report_id

    @property
    def year(self):
        return self.values.get("year")

    @property
    def department(self) -> str:
        return self.values.get("department") or ""


class _Collector:
    def __init__(self, target, replace: bool, staging_dir: Path):
        self.target = target
        self.replace = replace
        self.staging_dir = staging_dir
        self._staging = None
        # One engine reads every source file, in turn: its statements are compiled once, not once a file.
        self.collected: dict[int, str] = {}   # report id in the target → the source it came from, this run
        self._reading: list[Path | None] = [None]
        self._reader = _Reader(self._reading)

    # --- reading a source -----------------------------------------------------------------

    def read_file(self, path: Path) -> list[_Report]:
        """Every report of a report file, all its tables in one query each."""
        source = _open_source(path, self.staging_dir)   # every check of a file being opened
        source.close()
        self._reading[0] = source.path
        return _read_reports(self._reader)

    def read_workbook(self, path: Path) -> list[_Report]:
        from models.services.bulk import create_report_from_data
        from reports.xlsx_import import read_workbook

        data = read_workbook(path)   # WorkbookError lists every problem; nothing is written
        staging = self._staging_db()
        report_id = create_report_from_data(staging, data)
        try:
            return _read_reports(staging, report_id)
        finally:
            with staging.transaction() as session:
                session.execute(delete(reports).where(reports.c.id == report_id))

    def _staging_db(self):
        from models.database import open_database

        if self._staging is None:
            self._staging = open_database(self.staging_dir / "workbooks.db", backup=False, lock=False)
        return self._staging

    def close(self) -> None:
        self._reader.engine.dispose()
        if self._staging is not None:
            self._staging.close()

    # --- writing into the target ------------------------------------------------------------

    def write(self, source: str, found: list[_Report]) -> list[Line]:
        """The reports of one source in one transaction: all of them, or (on a failure) none."""
        lines, pending = [], {}
        with self.target.transaction() as session:
            connection = session.connection()
            for report in found:
                if report.values.get("is_sample"):
                    lines.append(Line(source, None, report.year, report.department, SKIPPED))
                    continue
                existing = connection.execute(select(reports.c.id).where(
                    reports.c.year == report.year, reports.c.department == report.department,
                    reports.c.is_sample.is_(False)).order_by(reports.c.id)).scalars().all()
                if existing and not self.replace:
                    lines.append(Line(source, None, report.year, report.department, EXISTS))
                    continue
                if existing:
                    earlier = next((self.collected[i] for i in existing if i in self.collected), None)
                    if earlier is not None:  # two submissions of one unit and year in one run: neither wins silently
                        lines.append(Line(source, None, report.year, report.department,
                                          f"{FAILED}本次收集中已有同一年度、同一预算部门的报告（来自 {earlier}），未替换"))
                        continue
                    if holder := _live_holder(connection, existing):
                        lines.append(Line(source, None, report.year, report.department,
                                          f"{FAILED}目标中的同名报告正由 {holder} 编辑，未替换（请对方关闭后再收集）"))
                        continue
                    connection.execute(delete(reports).where(reports.c.id.in_(existing)))
                new_id = _insert(connection, report)
                pending[new_id] = source
                lines.append(Line(source, new_id, report.year, report.department,
                                  REPLACED if existing else COLLECTED))
        self.collected.update(pending)   # committed
        return lines


class _Reader:
    """Reads the file named in `reading[0]` (read-only): what `_read_reports` needs of a database."""

    def __init__(self, reading: list):
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        self.engine = create_engine(
            "sqlite://", poolclass=NullPool,
            creator=lambda: sqlite3.connect(sqlite_uri(reading[0], "ro"), uri=True, check_same_thread=False))

    def connect(self):
        return self.engine.connect()


def _open_source(path: Path, staging_dir: Path):
    """A report file opened for reading; one of an older version through an upgraded temporary copy
    (named as the file, so every message names the unit's file)."""
    from models.database import open_database

    try:
        return open_database(path, read_only=True)
    except StorageError:
        if not _older_schema(path):
            raise
    folder = Path(tempfile.mkdtemp(dir=staging_dir))
    copy = folder / path.name
    source = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    try:
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return open_database(copy, create=False, lock=False, backup=False)


def _older_schema(path: Path) -> bool:
    from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS

    try:
        connection = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] in KNOWN_REVISIONS and row[0] != HEAD_REVISION


def _read_reports(db, report_id: int | None = None) -> list[_Report]:
    """The reports of `db` (or only `report_id`) with every row belonging to them: one query per table."""
    from models import unreadable

    def rows_of(table, connection):
        statement = select(table)
        if report_id is not None:
            statement = statement.where((table.c.id if table is reports else table.c.report_id) == report_id)
        with unreadable.readable(connection, table, report_id):
            return [dict(row._mapping) for row in connection.execute(statement.order_by(table.c.id))]

    with db.connect() as connection:
        found = {row["id"]: _Report(row["id"], {k: v for k, v in row.items() if k != "id"}, [], {})
                 for row in rows_of(reports, connection)}
        for row in rows_of(budget_lines, connection):
            if row["report_id"] in found:
                found[row["report_id"]].budget.append(row)
        for table in _report_tables():
            if table is reports:
                continue
            for row in rows_of(table, connection):
                owner = found.get(row.pop("report_id"))
                if owner is not None:
                    row.pop("id", None)
                    owner.rows.setdefault(table.name, []).append(row)
    return list(found.values())


def _live_holder(connection, report_ids: list[int]) -> str | None:
    """Who is editing one of `report_ids` on a shared server now (a lock whose heartbeat is fresh)."""
    from datetime import timedelta

    from models.report_lock import STALE_SECONDS, server_now

    row = connection.execute(select(report_locks).where(report_locks.c.report_id.in_(report_ids))).first()
    if row is None or row.heartbeat < server_now(connection) - timedelta(seconds=STALE_SECONDS):
        return None
    return f"{row.holder_user}@{row.holder_host}"


def _insert(connection, report: _Report) -> int:
    """The report and all its rows under new ids; returns the report's new id."""
    values = dict(report.values, row_version=1)
    new_id = connection.execute(insert(reports).returning(reports.c.id), values).scalar_one()
    # The budget tree a level at a time, each level one statement returning its ids in order.
    children: dict = {}
    for line in report.budget:
        children.setdefault(line["parent_id"], []).append(line)
    level, parent_of = children.get(None, []), {None: None}
    while level:
        rows = [{k: v for k, v in line.items() if k != "id"} | {"report_id": new_id,
                                                                   "parent_id": parent_of[line["parent_id"]]}
                for line in level]
        ids = connection.execute(insert(budget_lines).returning(budget_lines.c.id, sort_by_parameter_order=True),
                                 rows).scalars().all()
        parent_of.update((line["id"], new) for line, new in zip(level, ids))
        level = [child for line in level for child in children.get(line["id"], [])]
    for table in _report_tables():
        if table is reports:
            continue
        rows = report.rows.get(table.name)
        if rows:
            connection.execute(insert(table), [dict(row, report_id=new_id) for row in rows])
    return new_id


def is_workbook(path: Path) -> bool:
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    try:
        return path.is_file() and zipfile.is_zipfile(path)
    except OSError:
        return False


def _reason(error: BaseException) -> str:
    """Why a source failed, in one Chinese line."""
    from reports.xlsx_sheet import WorkbookError

    if isinstance(error, WorkbookError):
        problems = [problem.message() for problem in error.problems]
        more = f"（另有 {len(problems) - 1} 处问题，用 import 命令查看全部）" if len(problems) > 1 else ""
        first = problems[0] if problems else ""
        # a whole-file message says it already (“x.xlsx”不是 Excel 工作簿（.xlsx），无法导入)
        return f"{first}{more}" if "无法导入" in first else f"工作簿无法导入：{first}{more}"
    if isinstance(error, DomainError):
        return _one_line(error.message)
    if isinstance(error, OSError):
        from reports.atomic import REASONS
        reason = "没有权限" if isinstance(error, PermissionError) else "找不到文件或文件夹" \
            if isinstance(error, FileNotFoundError) else REASONS.get(error.errno, f"系统错误（错误号 {error.errno}）")
        return f"无法读取：{reason}"
    from models.error_log import write_log

    log = write_log(type(error), error, error.__traceback__)
    where = f"，详细信息已写入日志文件：{log}" if log else ""
    return f"程序内部错误（{type(error).__name__}）{where}"


def collect(target, sources: Iterable[str | Path], replace: bool = False,
            on_line: Callable[[Line], None] | None = None) -> list[Line]:
    """Copy the reports of `sources` into the open database `target`; one `Line` per report (or one
    per source that cannot be read), each handed to `on_line` as soon as its source is done."""
    from models.paths import same_file

    staging_dir = Path(tempfile.mkdtemp(prefix="jixiao-collect-"))
    collector = _Collector(target, replace, staging_dir)
    outcome: list[Line] = []
    try:
        for given in sources:
            name, path = str(given), Path(given)
            lines = []
            try:
                if target.path is not None and path.exists() and same_file(path, target.path):
                    raise DomainError("这就是收集的目标数据库本身")
                found = collector.read_workbook(path) if is_workbook(path) else collector.read_file(path)
                if not found:
                    raise DomainError("文件中没有报告")
            except Exception as error:  # noqa: BLE001 - a bad source is named, the others still go in
                lines = [Line(name, None, None, "", FAILED + _reason(error))]
            else:
                try:
                    lines = collector.write(name, found)
                except Exception as error:  # noqa: BLE001 - the source's transaction rolled back whole
                    reason = FAILED + _reason(error) + ("（本文件的报告均未收集）" if len(found) > 1 else "")
                    lines = [Line(name, None, report.year, report.department, reason) for report in found]
            for line in lines:
                if on_line is not None:
                    on_line(line)
            outcome.extend(lines)
    finally:
        collector.close()
        shutil.rmtree(staging_dir, ignore_errors=True)
    return outcome
