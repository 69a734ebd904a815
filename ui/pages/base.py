"""What every tab of the editor does, and every hook the window uses on a tab: each page derives
from `Page` and overrides what applies to it; the window calls these and never probes a page."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """A tab's content (its title is in ui.main_window.PAGE_SPECS)."""

    table = ""                      # "budget", "tasks" or "indicators" on a table tab
    jumpRequested = Signal(object)  # a finding the user wants to go to (the 检查 tab emits it)

    def load(self, session, report) -> None:
        """Show `report` (a models.views.ReportData) of `session` (a ui.session.ReportSession)."""
        raise NotImplementedError

    def apply(self) -> None:
        """Store whatever has been typed and not stored yet (before undo, switching report, closing)."""

    def validate(self) -> list[str]:
        """Messages about input on this page that could not be stored."""
        return []

    def page_actions(self) -> dict:
        """The row commands of this tab by key (ui.main_window.ROW_COMMANDS), for the 编辑 menu."""
        return {}

    def reload_field(self, field: str, report) -> None:
        """A header, narrative or sign-off field changed (an undo, or another tab): show it."""

    def show_findings(self, findings) -> None:
        """Mark what the checks found on this tab."""

    def go_to(self, finding) -> None:
        """Put the keyboard on the cell, field or section `finding` is about (the tab is shown)."""

    def focus_first(self) -> None:
        """Put the keyboard in this tab (after Ctrl+PgDn / Ctrl+PgUp)."""

    def set_previous(self, report) -> None:
        """Last year's report (models.views.ReportData), when 显示上年数 is on; None otherwise."""
