"""Service functions: every change the editor, an import or the command line makes to a report.

Each public function is one transaction: it validates, changes the rows, commits and returns what
changed. An invalid change raises `DomainError` with a Chinese message and leaves the file as it was.
"""
from models.services.reports import (
    DEFAULT_TITLE, create_report, delete_report, set_report_field, REPORT_FIELDS)
from models.services.rows import (
    TABLES, CellEditError, add_row, apply_edits, move_row, paste_block, remove_rows, restore_rows, row_place,
    set_field, validate_value)
from models.services.budget import (
    add_budget_line, indent_budget_line, move_budget_line, outdent_budget_line)

__all__ = [
    "DEFAULT_TITLE", "create_report", "delete_report", "set_report_field", "REPORT_FIELDS",
    "TABLES", "CellEditError", "add_row", "apply_edits", "move_row", "remove_rows", "restore_rows",
    "set_field", "paste_block", "row_place", "validate_value", "add_budget_line", "indent_budget_line", "move_budget_line", "outdent_budget_line",
]
