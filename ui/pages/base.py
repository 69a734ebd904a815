"""What every tab of the editor does: load a report, apply pending typing, say what is invalid."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """A tab's content (its title is in ui.main_window.PAGE_SPECS)."""

    def load(self, session, report) -> None:
        """Show `report` (a models.views.ReportData) of `session`."""
        raise NotImplementedError

    def apply(self) -> None:
        """Store whatever has been typed and not stored yet (before undo, switching report, closing)."""

    def validate(self) -> list[str]:
        """Messages about input on this page that could not be stored."""
        return []
