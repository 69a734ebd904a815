"""Service functions: every change the editor, an import or the command line makes to a report.

Each public function is one transaction: it validates, changes the rows, commits and returns what
changed. An invalid change raises `DomainError` with a Chinese message and leaves the file as it was.

The functions are loaded on first use (`services.add_row` imports `models.services.rows` then):
they need SQLAlchemy's ORM, which the editor's first window does without.
"""
from importlib import import_module
from typing import TYPE_CHECKING

_HOMES = {
    "models.services.reports": ("DEFAULT_TITLE", "create_report", "delete_report", "set_report_field",
                                "REPORT_FIELDS"),
    "models.services.rows": ("TABLES", "CellEditError", "add_row", "apply_edits", "move_row", "paste_block",
                             "relocate", "remove_rows", "restore_rows", "set_field", "validate_value",
                             "PART_FIELDS", "stored_name"),
    "models.services.funding": ("apply_funding_edits",),
    "models.services.budget": ("add_budget_line", "indent_budget_line", "move_budget_line",
                               "outdent_budget_line", "indent_line", "outdent_line"),
    "models.services.bulk": ("replace_tables", "table_rows", "put_table_rows"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = list(_HOME_OF)

if TYPE_CHECKING:  # what `__getattr__` loads, for type checkers and readers (nothing is imported at run time)
    from models.services.budget import (  # noqa: F401
        add_budget_line, indent_budget_line, indent_line, move_budget_line, outdent_budget_line, outdent_line)
    from models.services.bulk import put_table_rows, replace_tables, table_rows  # noqa: F401
    from models.services.funding import apply_funding_edits  # noqa: F401
    from models.services.reports import (  # noqa: F401
        DEFAULT_TITLE, REPORT_FIELDS, create_report, delete_report, set_report_field)
    from models.services.rows import (  # noqa: F401
        PART_FIELDS, TABLES, CellEditError, add_row, apply_edits, move_row, paste_block, relocate, remove_rows,
        restore_rows, set_field, stored_name, validate_value)


def __getattr__(name: str):
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'models.services' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
