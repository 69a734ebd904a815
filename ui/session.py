"""The open report on the Qt side: the pages call these methods, which call the report's
`models.editor.ReportEditor` and turn the `Changes` it returns into signals the pages react to.

Nothing is decided here: what to write, what to undo and which rows changed is the editor's."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal

from models.editor import Changes, ReportEditor, field_name
from models.errors import DomainError


class ReportSession(QObject):
    """One report of one open database file, as the window shows it."""

    tableChanged = Signal(str, object)   # table name, tuple of changed row ids (None: rows added/removed/moved)
    fieldChanged = Signal(str)           # a header, narrative or sign-off field
    saved = Signal(datetime)             # every successful commit
    historyChanged = Signal()            # what undo / redo would do now
    reportRemoved = Signal(int, object)  # this report was removed (undone), and the id to show instead

    def __init__(self, db, report_id: int, parent=None, header=None):
        super().__init__(parent)
        self.editor = ReportEditor(db, report_id, header)
        from ui.form_ui import ScoreBoard
        self.scores = ScoreBoard(self)  # follows the edits before any page does (it is connected first)

    @property
    def db(self):
        return self.editor.db

    @property
    def report_id(self) -> int:
        return self.editor.report_id

    def show(self, changes: Changes) -> Changes:
        """Tell the pages what changed; `saved` when anything was written."""
        for table, ids in changes.tables.items():
            self.tableChanged.emit(table, ids)
        for name in changes.fields:
            self.fieldChanged.emit(name)
        if changes.saved or changes.stored is not None:
            self.saved.emit(datetime.now())
        self.historyChanged.emit()
        if changes.removed_report is not None:
            self.reportRemoved.emit(changes.removed_report, changes.reopen_report)
        return changes

    # -- header, narrative, sign-off ---------------------------------------------------------
    def set_report_field(self, field: str, old, value, label: str) -> object:
        """Store a field; returns the stored value. Raises DomainError (nothing changed) on bad input."""
        changes = self.editor.set_field(field, value, label)
        if changes.stored == old:
            self.saved.emit(datetime.now())
            return changes.stored
        self.show(changes)
        return changes.stored

    def set_form(self, key: str) -> None:
        """表式: one undoable step; every page is drawn again for the new form (fieldChanged "form")."""
        self.show(self.editor.set_form(key))

    @property
    def form(self):
        """The open report's form (models.forms.Form)."""
        from models.forms import form_of
        return form_of(self.editor.header)

    # -- table cells and rows ------------------------------------------------------------------
    def edit_cells(self, table: str, edits: list[tuple[int, str, object]], text: str = "编辑单元格") -> None:
        """Set cells (one cell, a clear, or a paste into existing rows) as one undo step."""
        self.show(self.editor.edit_cells(table, edits, text))

    def paste(self, table: str, edits: list[tuple[object, str, object]], new_rows: int,
              parent_id: int | None = None) -> None:
        """A paste that may add rows at the end; one undo step, all or nothing."""
        self.show(self.editor.paste(table, edits, new_rows, parent_id))

    def add_row(self, table: str, index: int | None = None, parent_id: int | None = None,
                values: dict | None = None) -> int:
        return self.show(self.editor.add_row(table, index, parent_id, values)).new_row

    def remove_rows(self, table: str, ids: list[int]) -> None:
        self.show(self.editor.remove_rows(table, ids))

    def move_row(self, table: str, row_id: int, index: int, parent_id=..., text: str = "移动行") -> None:
        self.show(self.editor.move_row(table, row_id, index, parent_id, text))

    def indent(self, row_id: int) -> None:
        self.show(self.editor.indent(row_id))

    def outdent(self, row_id: int) -> None:
        self.show(self.editor.outdent(row_id))

    def replace_tables(self, data: dict) -> None:
        """An import over the three tables, as one undo step."""
        self.show(self.editor.replace_tables(data))

    # -- undo ----------------------------------------------------------------------------------
    def undo(self) -> None:
        """Raises DomainError when the file no longer allows it (the step is dropped)."""
        try:
            self.show(self.editor.undo())
        except DomainError:
            self.historyChanged.emit()
            raise

    def redo(self) -> None:
        try:
            self.show(self.editor.redo())
        except DomainError:
            self.historyChanged.emit()
            raise





class EditorContext:
    """What the helpers that import, print, export, keep versions and restore backups need of the
    window, and nothing more: the dialogs' parent, the settings, the open file and report, and a few
    calls. They receive this instead of the window (ui/xlsx_io, pdf_output, versions_ui, outgoing,
    backups)."""

    def __init__(self, parent, settings, file, session, commit_pending, reload, show_status, run_checks,
                 show_finding, open_file, close_file):
        self.parent = parent                  # the widget dialogs and progress belong to
        self.settings = settings
        self._file = file                     # () -> the open models.database.Database, or None
        self._session = session               # () -> the ReportSession of the open report, or None
        self.commit_pending = commit_pending  # () -> None: store what is typed and not stored yet
        self.reload = reload                  # (report id) -> None: list the reports again and open one
        self.show_status = show_status        # (message) -> None
        self.run_checks = run_checks          # () -> the findings of the open report, now
        self.show_finding = show_finding      # (finding) -> None: the checks tab, and the place it names
        self.open_file = open_file            # (path, read_only=False) -> bool
        self.close_file = close_file          # () -> None

    @property
    def db(self):
        return self._file()

    @property
    def session(self) -> ReportSession | None:
        return self._session()

    @property
    def editor(self) -> ReportEditor | None:
        session = self._session()
        return session.editor if session is not None else None

    @property
    def report(self):
        """The open report's header, narrative and sign-off (models.views.ReportData), or None."""
        editor = self.editor
        return editor.header if editor is not None else None

    @property
    def report_id(self) -> int | None:
        editor = self.editor
        return editor.report_id if editor is not None else None
__all__ = ["EditorContext", "ReportSession", "DomainError", "field_name"]
