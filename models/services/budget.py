"""The budget tree: adding lines under a parent, moving, indenting and outdenting them."""
from __future__ import annotations

from sqlalchemy import func, select

from models.database import Database
from models.errors import DomainError
from models.schema import BudgetLine
from models.services.rows import TABLES, add_row, move_row, relocate_in


def add_budget_line(db: Database, report_id: int, parent_id: int | None = None, index: int | None = None,
                    **values) -> int:
    """A new line under `parent_id` (top level when None) at `index`; returns its id."""
    return add_row(db, "budget", report_id, index=index, values=values, parent_id=parent_id)


def move_budget_line(db: Database, line_id: int, parent_id: int | None, index: int) -> tuple[int | None, int]:
    """Re-parent and/or reorder a line; returns (old parent id, old index) for undo."""
    return move_row(db, "budget", line_id, index, parent_id=parent_id)


def _line(session, line_id: int) -> BudgetLine:
    line = session.get(BudgetLine, line_id)
    if line is None:
        raise DomainError("该预算行已不存在")
    return line


def indent_budget_line(db: Database, line_id: int) -> tuple[int | None, int]:
    """Make a line the last child of the sibling above it (增加缩进); returns its old place."""
    return indent_line(db, line_id)[0]


def outdent_budget_line(db: Database, line_id: int) -> tuple[int | None, int]:
    """Make a line the sibling right after its parent (减少缩进); returns its old place."""
    return outdent_line(db, line_id)[0]


def indent_line(db: Database, line_id: int):
    """增加缩进 in one transaction (read and move alike); returns (old place, new place)."""
    with db.transaction() as session:
        line = _line(session, line_id)
        above = session.scalar(select(BudgetLine).where(
            BudgetLine.report_id == line.report_id,
            BudgetLine.parent_id.is_(None) if line.parent_id is None else BudgetLine.parent_id == line.parent_id,
            BudgetLine.position == line.position - 1))
        if above is None:
            raise DomainError("第一行之上没有同级预算行，不能再缩进")
        count = session.scalar(select(func.count()).select_from(BudgetLine).where(BudgetLine.parent_id == above.id))
        return relocate_in(session, TABLES["budget"], line_id, count, above.id)


def outdent_line(db: Database, line_id: int):
    """减少缩进 in one transaction; returns (old place, new place)."""
    with db.transaction() as session:
        line = _line(session, line_id)
        if line.parent_id is None:
            raise DomainError("该行已在最上一级，不能再减少缩进")
        parent = _line(session, line.parent_id)
        if parent.parent_id is None:
            raise DomainError(f"“{parent.name or '预算总金额'}”是唯一的最上一级，它的下级不能再减少缩进")
        return relocate_in(session, TABLES["budget"], line_id, parent.position + 1, parent.parent_id)
