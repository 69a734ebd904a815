"""Undoable commands: each user action is one QUndoCommand whose redo/undo call service functions.

The action is carried out once before the command is pushed (so an invalid change never reaches
the stack); the first `redo` that QUndoStack.push calls is therefore skipped.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from models import services
from models.errors import DomainError


class ServiceCommand(QUndoCommand):
    """Base: `_first` skips the redo that push() performs; `after` tells the editor what changed."""

    # Where a refused undo/redo is reported (the main window's status bar); Qt would swallow a raise.
    report_error: Callable[[str], None] = staticmethod(lambda message: None)

    def __init__(self, text: str, after: Callable[[], None]):
        super().__init__(text)
        self._first = True
        self._after = after

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self._guarded(self.do)
        self._after()

    def undo(self) -> None:
        self._guarded(self.revert)
        self._after()

    def _guarded(self, step) -> None:
        try:
            step()
        except DomainError as error:
            self.setObsolete(True)
            ServiceCommand.report_error(error.message)

    def do(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def revert(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class SetReportFieldCommand(ServiceCommand):
    def __init__(self, db, report_id, field, old, new, text, after):
        super().__init__(text, after)
        self.db, self.report_id, self.field, self.old, self.new = db, report_id, field, old, new

    def do(self):
        services.set_report_field(self.db, self.report_id, self.field, self.new)

    def revert(self):
        services.set_report_field(self.db, self.report_id, self.field, self.old)


class SetCellsCommand(ServiceCommand):
    """Cell edits, a paste or a clear; a paste may also have added rows (removed again on undo)."""

    def __init__(self, db, table, report_id, edits, changes, added, parent_id, text, after):
        super().__init__(text, after)
        self.db, self.table, self.report_id = db, table, report_id
        self.ids = [row_id for row_id, _f, _v in edits]
        self.fields = [field for _r, field, _v in edits]
        self.changes = changes  # (old, new) per edit
        self.added = added
        self.parent_id = parent_id
        self.snapshots = []

    def do(self):
        if self.snapshots:
            services.restore_rows(self.db, self.snapshots)
        services.apply_edits(self.db, self.table, [
            (row_id, field, new) for row_id, field, (_old, new) in zip(self.ids, self.fields, self.changes)])

    def revert(self):
        kept = [(row_id, field, old) for row_id, field, (old, _new) in zip(self.ids, self.fields, self.changes)
                if row_id not in self.added]
        services.apply_edits(self.db, self.table, list(reversed(kept)))
        if self.added:
            self.snapshots = services.remove_rows(self.db, self.table, self.added)


class AddRowCommand(ServiceCommand):
    def __init__(self, db, table, row_id, text, after):
        super().__init__(text, after)
        self.db, self.table, self.row_id = db, table, row_id
        self.snapshots = []

    def do(self):
        services.restore_rows(self.db, self.snapshots)

    def revert(self):
        self.snapshots = services.remove_rows(self.db, self.table, [self.row_id])


class RemoveRowsCommand(ServiceCommand):
    def __init__(self, db, table, ids, snapshots, text, after):
        super().__init__(text, after)
        self.db, self.table, self.ids, self.snapshots = db, table, ids, snapshots

    def do(self):
        self.snapshots = services.remove_rows(self.db, self.table, self.ids)

    def revert(self):
        services.restore_rows(self.db, self.snapshots)


class MoveRowCommand(ServiceCommand):
    """A move, indent or outdent: from one (parent, index) to another."""

    def __init__(self, db, table, row_id, old_place, new_place, text, after):
        super().__init__(text, after)
        self.db, self.table, self.row_id = db, table, row_id
        self.old_place, self.new_place = old_place, new_place

    def _go(self, place):
        parent_id, index = place
        if self.table == "budget":
            services.move_row(self.db, self.table, self.row_id, index, parent_id=parent_id)
        else:
            services.move_row(self.db, self.table, self.row_id, index)

    def do(self):
        self._go(self.new_place)

    def revert(self):
        self._go(self.old_place)
