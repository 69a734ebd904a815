"""The open report's operations: every change a user makes is one method here (no Qt).

Each method runs one transaction through `models.services`, records its own undo step (from the
old values and the snapshots the services return) and returns a `Changes` record naming what
changed. `undo()` and `redo()` return `Changes` too. The editor keeps the report's current rows in
memory (each table read once, when first asked for) and updates them from what it has just
written, so showing an edit never reads the database again. The Qt side (ui/session.py) only turns
`Changes` into signals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from models.editor_rows import BudgetRows, FlatRows
from models.errors import DomainError

if TYPE_CHECKING:
    from models.database import Database
    from models.views import ReportData

TABLES = ("budget", "tasks", "indicators")
FUNDING = "funding"   # a form's funding block: its rows are named by key (total, fiscal, …), not by id
FORM_TEXTS = ("goal_expected", "goal_achieved", "conclusion")   # texts of some forms (ReportData.form_texts)
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[0-9０-９]+\s*[.．、]\s*)")


def field_name(label: str) -> str:
    """A field's label without its numbering: “1. 机构设置” and “一、预算部门名称” name 机构设置 and 预算部门名称."""
    return " ".join(_NUMBERING.sub("", label).split())


@dataclass(frozen=True)
class Changes:
    """What one operation (or its undo/redo) changed.

    `tables` maps a table to the ids of the rows whose values changed, or to None when its shape
    changed (rows added, removed or moved: the whole table is shown again from the editor's rows).
    `fields` are header, narrative or sign-off fields. `stored` is a field's value as stored.
    """

    text: str = ""
    tables: dict = field(default_factory=dict)
    fields: tuple[str, ...] = ()
    new_row: int | None = None
    stored: object = None
    status: bool = False                  # 定稿 / 重新打开: the report's status changed
    version: object = None                # …and the models.versions.VersionInfo it made or reopened
    removed_report: int | None = None     # this report was removed (undo of 以上年报告为基础新建)
    reopen_report: int | None = None      # …and this one is to be shown instead

    @property
    def saved(self) -> bool:
        """Whether anything was written."""
        return bool(self.tables or self.fields or self.status or self.removed_report)

    def ids(self, table: str):
        return self.tables.get(table, ())

    def reshaped(self, table: str) -> bool:
        return table in self.tables and self.tables[table] is None


@dataclass
class Step:
    text: str
    undo: Callable[[], Changes]
    redo: Callable[[], Changes]
    removes_report: bool = False  # undoing it deletes the open report (and cannot be redone)


class ReportEditor:
    """One open report of one database: its operations, their undo history and its current rows."""

    def __init__(self, db: Database, report_id: int, header: ReportData | None = None):
        from models.views import load_report_header

        self.db = db
        self.report_id = report_id
        self.header = header if header is not None else load_report_header(db, report_id)
        self._tables: dict[str, FlatRows | BudgetRows] = {}  # each table once it has been asked for
        self._funding: dict | None = None                     # the funding block once asked for
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    # -- rows in memory ------------------------------------------------------------------------
    def rows(self, table: str) -> list:
        """The rows shown of a table, in order (read from the file the first time)."""
        return self._held(table).rows

    def budget_tree(self) -> tuple[dict, dict]:
        """(row by id, child ids by parent id) of the budget as shown."""
        budget = self._held("budget")
        return budget.by_id, budget.children

    def loaded(self, table: str) -> bool:
        return table in self._tables

    def snapshot(self) -> ReportData:
        """The report as it is now (copies of the row lists: the checks read it on another thread),
        with its form, form texts and funding block."""
        return replace(self.header, **{table: list(self.rows(table)) for table in TABLES},
                       funding=dict(self.funding()), form_texts=dict(self.header.form_texts))

    def funding(self) -> dict:
        """The funding block as it is now: FundingRow by row key (rows never entered are absent;
        `ReportData.funding_row(key)` gives an empty one)."""
        if self._funding is None:
            from models.views import load_funding
            self._funding = load_funding(self.db, self.report_id)
        return self._funding

    @property
    def form(self) -> str:
        """The report's form key (表式)."""
        return self.header.form

    def _held(self, table: str):
        if table not in self._tables:
            from models import views
            if table == "budget":
                self._tables[table] = BudgetRows(views.load_budget_records(self.db, self.report_id))
            else:
                load = views.load_tasks if table == "tasks" else views.load_indicators
                self._tables[table] = FlatRows(table, load(self.db, self.report_id))
        return self._tables[table]

    def _forget(self, table: str) -> None:
        """Read the table again when next asked for (after a change of all of it)."""
        self._tables.pop(table, None)

    # -- undo history --------------------------------------------------------------------------
    @property
    def undo_text(self) -> str:
        return self._undo[-1].text if self._undo else ""

    @property
    def redo_text(self) -> str:
        return self._redo[-1].text if self._redo else ""

    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_removes_report(self) -> bool:
        """Undoing the last step deletes this report: the window asks first."""
        return bool(self._undo) and self._undo[-1].removes_report

    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_count(self) -> int:
        return len(self._undo)

    def _record(self, step: Step) -> None:
        self._undo.append(step)
        self._redo.clear()

    def undo(self) -> Changes:
        """Undo the last step. A step the file no longer allows (DomainError) is dropped and raised."""
        if not self._undo:
            return Changes()
        step = self._undo.pop()
        changes = step.undo()
        self._redo.append(step)
        return replace(changes, text=step.text)

    def redo(self) -> Changes:
        if not self._redo:
            return Changes()
        step = self._redo.pop()
        changes = step.redo()
        self._undo.append(step)
        return replace(changes, text=step.text)

    def clear_history(self) -> None:
        self._undo.clear()
        self._redo.clear()

    # -- header, narrative, sign-off -----------------------------------------------------------
    def value(self, name: str):
        if name in self.header.narrative:
            return self.header.narrative[name]
        if name in self.header.signoff:
            return self.header.signoff[name]
        if name in FORM_TEXTS:
            return self.header.form_texts.get(name, "")
        return getattr(self.header, name)

    def set_field(self, name: str, value, label: str | None = None) -> Changes:
        """Set a header, narrative or sign-off field; `Changes.stored` is the value as stored."""
        old = self.value(name)
        changes = self._write_field(name, value)
        if changes.stored != old:
            new = changes.stored
            self._record(Step(f"修改“{field_name(label or name)}”",
                              lambda: self._write_field(name, old), lambda: self._write_field(name, new)))
        return changes

    def _write_field(self, name: str, value) -> Changes:
        from models import services
        from models.views import load_report_header

        stored = services.set_report_field(self.db, self.report_id, name, value)
        if name in self.header.narrative:
            self.header = replace(self.header, narrative={**self.header.narrative, name: stored})
        elif name in self.header.signoff:
            self.header = replace(self.header, signoff={**self.header.signoff, name: stored})
        elif name in FORM_TEXTS:
            self.header = replace(self.header, form_texts={**self.header.form_texts, name: stored})
        else:
            self.header = replace(self.header, **{name: stored})
        self.header = replace(self.header, updated_at=datetime.now())
        tables = {}
        if name == "amount_unit":  # every amount was converted
            self.header = load_report_header(self.db, self.report_id)
            if self.loaded("budget"):
                self._forget("budget")
                tables["budget"] = None
            if self._funding is not None:
                self._funding = None
                tables[FUNDING] = None
        elif name == "form":  # the tables show other columns (no value changed)
            tables = {"indicators": None, FUNDING: None}
        return Changes(tables=tables, fields=(name,), stored=stored)

    def set_form(self, key: str) -> Changes:
        """Switch the report's form (表式) as one undoable step “更改表式为“NAME””. Every value is kept:
        the new form only shows other columns (switching back shows the others again). An unknown
        key is refused (DomainError, in Chinese)."""
        from models.fields import parse_form_key
        from models.forms import get_form

        key = parse_form_key(key)
        old = self.header.form
        if key == old:
            return Changes()
        changes = self._write_field("form", key)
        self._record(Step(f"更改表式为“{get_form(key).name}”",
                          lambda: self._write_field("form", old), lambda: self._write_field("form", key)))
        return changes

    # -- cells ---------------------------------------------------------------------------------
    def edit_cells(self, table: str, edits: list[tuple[int, str, object]], text: str = "编辑单元格") -> Changes:
        """Set cells (one cell, a clear, or a paste into existing rows) as one undo step.

        The funding block (table "funding") is edited the same way with its row key as the row id
        (("total", "actual", "12.5")); a row is created on its first write. A part of the target
        (indicators' target_nature / target_value / target_unit) rewrites `target`."""
        from models import services

        pairs = self._apply(table, edits)
        if all(old == new for old, new in pairs):
            return Changes()
        ids = [row_id for row_id, _f, _v in edits]
        names = [services.stored_name(table, name) for _r, name, _v in edits]
        olds = [(row_id, name, old) for row_id, name, (old, _new) in zip(ids, names, pairs)]
        news = [(row_id, name, new) for row_id, name, (_old, new) in zip(ids, names, pairs)]
        changes = self._stored_cells(table, news)
        self._record(Step(text, lambda: self._write_cells(table, list(reversed(olds))),
                          lambda: self._write_cells(table, news)))
        return changes

    def _apply(self, table: str, edits) -> list:
        from models import services

        if table == FUNDING:
            return services.apply_funding_edits(self.db, self.report_id, edits)
        return services.apply_edits(self.db, table, edits)

    def _write_cells(self, table: str, edits) -> Changes:
        self._apply(table, edits)
        return self._stored_cells(table, edits)

    def _stored_cells(self, table: str, stored) -> Changes:
        """Put values just stored into the rows in memory; the rows whose display changed."""
        if table == FUNDING:
            self.header = replace(self.header, updated_at=datetime.now())
            keys = []
            if self._funding is not None:
                from models.views import FundingRow
                for key, name, value in stored:
                    self._funding[key] = replace(self._funding.get(key) or FundingRow(key), **{name: value})
            for key, _n, _v in stored:
                if key not in keys:
                    keys.append(key)
            return Changes(tables={FUNDING: tuple(keys)})
        if not self.loaded(table):
            return Changes(tables={table: tuple(sorted({row_id for row_id, _n, _v in stored}))})
        return Changes(tables={table: tuple(self._tables[table].set_values(stored))})

    def paste(self, table: str, edits: list[tuple[object, str, object]], new_rows: int = 0,
              parent_id: int | None = None) -> Changes:
        """A paste that may add rows at the end (edits name them ("new", k)); one step, all or nothing."""
        from models import services

        if new_rows == 0 or table == FUNDING:
            return self.edit_cells(table, edits, "粘贴")
        pairs, added = services.paste_block(self.db, table, self.report_id, edits, new_rows, parent_id)
        resolved = [((added[ref[1]] if isinstance(ref, tuple) else ref), services.stored_name(table, name), value)
                    for ref, name, value in edits]
        olds = [(row_id, name, old) for (row_id, name, _v), (old, _new) in zip(resolved, pairs) if row_id not in added]
        news = [(row_id, name, new) for (row_id, name, _v), (_old, new) in zip(resolved, pairs)]
        self._added_rows(table, added, parent_id)
        self._stored_cells(table, news)
        removed: list = []

        def undo():
            self._write_cells(table, list(reversed(olds)))  # the first value of a cell named twice wins
            removed[:] = services.remove_rows(self.db, table, added)
            self._removed_rows(table, removed)
            return Changes(tables={table: None})

        def redo():
            services.restore_rows(self.db, removed)
            self._restored_rows(table, removed)
            self._write_cells(table, news)
            return Changes(tables={table: None})

        self._record(Step("粘贴", undo, redo))
        return Changes(tables={table: None})

    # -- rows ----------------------------------------------------------------------------------
    def add_row(self, table: str, index: int | None = None, parent_id: int | None = None,
                values: dict | None = None) -> Changes:
        """A new row at `index` of its scope (the end when None); `Changes.new_row` is its id."""
        from models import services

        row_id = services.add_row(self.db, table, self.report_id, index=index, values=values, parent_id=parent_id)
        snapshots: list = []
        self._added_rows(table, [row_id], parent_id, index, values)

        def undo():
            snapshots[:] = services.remove_rows(self.db, table, [row_id])
            self._removed_rows(table, snapshots)
            return Changes(tables={table: None})

        def redo():
            services.restore_rows(self.db, snapshots)
            self._restored_rows(table, snapshots)
            return Changes(tables={table: None}, new_row=row_id)

        self._record(Step("插入行", undo, redo))
        return Changes(tables={table: None}, new_row=row_id)

    def remove_rows(self, table: str, ids: list[int]) -> Changes:
        """Remove rows (budget lines with their sub-lines)."""
        from models import services

        if not ids:
            return Changes()
        snapshots = services.remove_rows(self.db, table, ids)
        self._removed_rows(table, snapshots)

        def undo():
            services.restore_rows(self.db, snapshots)
            self._restored_rows(table, snapshots)
            return Changes(tables={table: None})

        def redo():
            snapshots[:] = services.remove_rows(self.db, table, ids)
            self._removed_rows(table, snapshots)
            return Changes(tables={table: None})

        self._record(Step(f"删除 {len(ids)} 行", undo, redo))
        return Changes(tables={table: None})

    def move_row(self, table: str, row_id: int, index: int, parent_id=..., text: str = "移动行") -> Changes:
        """Move a row to `index` of its scope (a budget line optionally under another parent)."""
        from models import services

        return self._moved(table, row_id, services.relocate(self.db, table, row_id, index, parent_id), text)

    def indent(self, row_id: int) -> Changes:
        from models import services

        return self._moved("budget", row_id, services.indent_line(self.db, row_id), "增加缩进")

    def outdent(self, row_id: int) -> Changes:
        from models import services

        return self._moved("budget", row_id, services.outdent_line(self.db, row_id), "减少缩进")

    def _moved(self, table: str, row_id: int, places, text: str) -> Changes:
        old, new = places
        if old == new:
            return Changes()
        self._move_in_memory(table, row_id, old, new)

        def go(there, before):
            from models import services
            if table == "budget":
                services.relocate(self.db, table, row_id, there[1], there[0])
            else:
                services.relocate(self.db, table, row_id, there[1])
            self._move_in_memory(table, row_id, before, there)
            return Changes(tables={table: None})

        self._record(Step(text, lambda: go(old, new), lambda: go(new, old)))
        return Changes(tables={table: None})

    # -- whole tables, status, the report itself -------------------------------------------------
    def replace_tables(self, data: dict, text: str = "导入 Excel") -> Changes:
        """Replace the three tables by `data`'s (an import over the tables); undone exactly, ids included.
        `data` may also give the funding block (`funding`: {row key: {field: value}}; replaced when
        given), the form (`form`) and form texts (`form_texts` or top-level goal_expected …): see
        models/services/bulk.py."""
        from models.services.bulk import put_table_rows, replace_tables, table_rows

        before = table_rows(self.db, self.report_id)
        replace_tables(self.db, self.report_id, data)
        after = table_rows(self.db, self.report_id)

        def put(rows):
            put_table_rows(self.db, self.report_id, rows)
            return self._all_tables_changed()

        self._record(Step(text, lambda: put(before), lambda: put(after)))
        return self._all_tables_changed()

    def _all_tables_changed(self) -> Changes:
        from models.views import load_report_header

        for table in TABLES:
            self._forget(table)
        self._funding = None
        old, self.header = self.header, load_report_header(self.db, self.report_id)
        fields = tuple(name for name in ("form", *FORM_TEXTS) if self.value(name) != (
            old.form if name == "form" else old.form_texts.get(name, "")))
        return Changes(tables={**{table: None for table in TABLES}, FUNDING: None}, fields=fields)

    def record_created(self, previous_id: int, text: str = "以上年报告为基础新建") -> None:
        """This report was just made from another one (以上年报告为基础新建): undoing that removes it and
        shows `previous_id` again. There is nothing to redo then (the editor's report is gone)."""
        def undo():
            from models import services
            services.delete_report(self.db, self.report_id)
            self._redo.clear()
            return Changes(removed_report=self.report_id, reopen_report=previous_id)

        self._record(Step(text, undo, lambda: Changes(), removes_report=True))

    def finalize(self) -> Changes:
        """定稿: a final version is stored and edits are refused (`Changes.version` is it). Not undoable:
        the history is cleared, its steps belong to the draft."""
        from models.versions import finalize

        return self._status_changed(finalize(self.db, self.report_id))

    def reopen(self, reason: str) -> Changes:
        """重新打开 a final report with the reason (`Changes.version`: the version it is kept with)."""
        from models.versions import reopen

        return self._status_changed(reopen(self.db, self.report_id, reason))

    def _status_changed(self, version) -> Changes:
        from models.views import load_report_header

        self.header = load_report_header(self.db, self.report_id)
        self.clear_history()
        return Changes(status=True, version=version)

    # -- the rows in memory after a change of shape ------------------------------------------------
    def _added_rows(self, table, ids, parent_id, index=None, values=None) -> None:
        if self.loaded(table):
            from models.services.rows import TABLES as SPECS, default_values, validate_value, with_target_joined
            if table == "indicators":
                values = with_target_joined(values or {})
            stored = {**default_values(SPECS[table]),
                      **{name: validate_value(table, name, value) for name, value in (values or {}).items()}}
            self._tables[table].add(ids, parent_id, index, stored)

    def _removed_rows(self, table, snapshots) -> None:
        if self.loaded(table):
            self._tables[table].remove(snapshots)

    def _restored_rows(self, table, snapshots) -> None:
        if self.loaded(table):
            self._tables[table].restore(snapshots)

    def _move_in_memory(self, table, row_id, old, new) -> None:
        if self.loaded(table):
            self._tables[table].move(row_id, old, new)


__all__ = ["Changes", "DomainError", "ReportEditor", "Step", "field_name"]
