"""The open report: every edit the editor makes goes through here as one undoable command.

Widgets call these methods; each carries out one service call (one transaction, committed at once),
pushes the command on the undo stack, and tells the pages what changed so they redraw only that.
"""
from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from models import services
from models.errors import DomainError
from ui.commands import (
    AddRowCommand, MoveRowCommand, RemoveRowsCommand, SetCellsCommand, SetReportFieldCommand)


_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[0-9０-９]+\s*[.．、]\s*)")


def field_name(label: str) -> str:
    """A field's label without its numbering: “1. 机构设置” and “一、预算部门名称” name 机构设置 and 预算部门名称."""
    return " ".join(_NUMBERING.sub("", label).split())


class ReportSession(QObject):
    """One report of one open database file, with the undo stack of its edits."""

    tableChanged = Signal(str, object)   # table name, list of changed row ids (None: rows added/removed/moved)
    fieldChanged = Signal(str)           # a header, narrative or sign-off field
    saved = Signal(datetime)             # every successful commit

    def __init__(self, db, report_id: int, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.db = db
        self.report_id = report_id
        self.undo_stack = undo_stack

    # -- notifications ------------------------------------------------------------------------
    def _table_after(self, table: str, ids):
        def after():
            self.tableChanged.emit(table, ids)
            self.saved.emit(datetime.now())
        return after

    def _field_after(self, field: str):
        def after():
            self.fieldChanged.emit(field)
            self.saved.emit(datetime.now())
        return after

    # -- header, narrative, sign-off ---------------------------------------------------------
    def set_report_field(self, field: str, old, value, label: str) -> object:
        """Store a field; returns the stored value. Raises DomainError (nothing changed) on bad input."""
        stored = services.set_report_field(self.db, self.report_id, field, value)
        if stored != old:
            self.undo_stack.push(SetReportFieldCommand(
                self.db, self.report_id, field, old, stored, f"修改“{field_name(label)}”", self._field_after(field)))
        else:
            self.saved.emit(datetime.now())
        return stored

    # -- table cells -------------------------------------------------------------------------
    def edit_cells(self, table: str, edits: list[tuple[int, str, object]], text: str = "编辑单元格") -> None:
        """Set cells (one cell, a clear, or a paste into existing rows) as one undo step."""
        changes = services.apply_edits(self.db, table, edits)
        if all(old == new for old, new in changes):
            return
        ids = sorted({row_id for row_id, _f, _v in edits})
        self.undo_stack.push(SetCellsCommand(self.db, table, self.report_id, edits, changes, [], None, text,
                                             self._table_after(table, ids)))

    def paste(self, table: str, edits: list[tuple[object, str, object]], new_rows: int,
              parent_id: int | None = None) -> None:
        """A paste that may add rows at the end; one undo step, all or nothing."""
        if new_rows == 0:
            self.edit_cells(table, edits, "粘贴")
            return
        changes, added = services.paste_block(self.db, table, self.report_id, edits, new_rows, parent_id)
        resolved = [((added[ref[1]] if isinstance(ref, tuple) else ref), field, value) for ref, field, value in edits]
        self.undo_stack.push(SetCellsCommand(self.db, table, self.report_id, resolved, changes, added, parent_id,
                                             "粘贴", self._table_after(table, None)))

    # -- rows --------------------------------------------------------------------------------
    def add_row(self, table: str, index: int | None = None, parent_id: int | None = None,
                values: dict | None = None) -> int:
        row_id = services.add_row(self.db, table, self.report_id, index=index, values=values, parent_id=parent_id)
        self.undo_stack.push(AddRowCommand(self.db, table, row_id, "插入行", self._table_after(table, None)))
        return row_id

    def remove_rows(self, table: str, ids: list[int]) -> None:
        if not ids:
            return
        snapshots = services.remove_rows(self.db, table, ids)
        self.undo_stack.push(RemoveRowsCommand(self.db, table, ids, snapshots, f"删除 {len(ids)} 行",
                                               self._table_after(table, None)))

    def move_row(self, table: str, row_id: int, index: int, parent_id=..., text: str = "移动行") -> None:
        old_place = services.row_place(self.db, table, row_id)
        if parent_id is ...:
            services.move_row(self.db, table, row_id, index)
        else:
            services.move_row(self.db, table, row_id, index, parent_id=parent_id)
        self._push_move(table, row_id, old_place, text)

    def indent(self, row_id: int) -> None:
        old_place = services.row_place(self.db, "budget", row_id)
        services.indent_budget_line(self.db, row_id)
        self._push_move("budget", row_id, old_place, "增加缩进")

    def outdent(self, row_id: int) -> None:
        old_place = services.row_place(self.db, "budget", row_id)
        services.outdent_budget_line(self.db, row_id)
        self._push_move("budget", row_id, old_place, "减少缩进")

    def _push_move(self, table, row_id, old_place, text):
        new_place = services.row_place(self.db, table, row_id)
        if new_place == old_place:
            return
        self.undo_stack.push(MoveRowCommand(self.db, table, row_id, old_place, new_place, text,
                                            self._table_after(table, None)))


__all__ = ["ReportSession", "DomainError"]
