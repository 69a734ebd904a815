"""Rows of the three tables (预算信息, 年度重点任务, 部门整体自评表): add, edit, move, remove, restore.

Rows are kept in a dense order (`position` 0..n-1) within their scope: the report for tasks and
indicators, the parent line for budget lines. Removing returns a snapshot that `restore_rows`
puts back exactly, ids included, which is what undo needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from models.database import Database
from models.derived import MAX_BUDGET_LEVELS
from models.errors import DomainError
from models.fields import AMOUNT, TABLE_LABELS, stored_fields
from models.schema import BudgetLine, Indicator, KeyTask
from models.services.common import editable_report

AMOUNT_FIELDS = tuple(f.key for f in stored_fields("budget") if f.kind == AMOUNT)
# Fields whose empty value is None (no amount, no score, no override) rather than empty text.
NULLABLE_FIELDS = frozenset((*AMOUNT_FIELDS, "deviation_override", "weight", "score_override"))


@dataclass(frozen=True)
class TableSpec:
    """What can be stored in one table: its row class and, per field, a label and a normaliser."""

    name: str
    label: str
    model: type
    fields: dict[str, tuple[str, Callable[[object], object]]]
    tree: bool = False


def _spec_of(table: str, model: type, tree: bool = False) -> TableSpec:
    """A table's spec from the field catalogue: each stored field's label and cleaner."""
    return TableSpec(table, TABLE_LABELS[table], model,
                     {f.key: (f.label, f.clean) for f in stored_fields(table)}, tree)


TABLES: dict[str, TableSpec] = {
    "budget": _spec_of("budget", BudgetLine, tree=True),
    "tasks": _spec_of("tasks", KeyTask),
    "indicators": _spec_of("indicators", Indicator),
}


class CellEditError(DomainError):
    """Some cells of a multi-cell edit were invalid; nothing was changed. `problems` lists them."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems  # (index of the edit, message)
        lines = [message for _index, message in problems[:10]]
        if len(problems) > 10:
            lines.append(f"……另有 {len(problems) - 10} 处")
        super().__init__("以下内容无效，未做任何修改：\n" + "\n".join(lines))


@dataclass
class Snapshot:
    """A removed row (with its sub-lines, for the budget) as it was, to put back on undo."""

    table: str
    rows: list[dict] = field(default_factory=list)  # the removed row first, then its descendants


def default_values(spec: TableSpec) -> dict:
    """The stored values of a new, empty row: empty text, no amounts, no override."""
    return {name: (None if name in NULLABLE_FIELDS else "") for name in spec.fields}


def _spec(table: str) -> TableSpec:
    try:
        return TABLES[table]
    except KeyError:
        raise DomainError(f"没有名为“{table}”的表") from None


def _scope(spec: TableSpec, report_id: int, parent_id: int | None) -> list:
    model = spec.model
    conditions = [model.report_id == report_id]
    if spec.tree:
        conditions.append(model.parent_id.is_(None) if parent_id is None else model.parent_id == parent_id)
    return conditions


def _count(session: Session, spec: TableSpec, scope: list) -> int:
    return session.scalar(select(func.count()).select_from(spec.model).where(*scope))


def _shift(session: Session, spec: TableSpec, scope: list, start: int, end: int | None, delta: int) -> None:
    """Add `delta` to the position of the rows in scope with start <= position (< end)."""
    model = spec.model
    conditions = [*scope, model.position >= start]
    if end is not None:
        conditions.append(model.position < end)
    session.execute(update(model).where(*conditions).values(position=model.position + delta)
                    .execution_options(synchronize_session=False))


def normalise(spec: TableSpec, field_name: str, value: object) -> object:
    """The value as the field stores it (its cleaner in models/fields.py), or DomainError naming the field."""
    if field_name not in spec.fields:
        raise DomainError(f"{spec.label}中没有“{field_name}”这一栏")
    label, normaliser = spec.fields[field_name]
    try:
        return normaliser(value)
    except DomainError as error:
        raise DomainError(f"{label}：{error.message}") from None


def _child_counts(session: Session, ids: Iterable[int]) -> dict[int, int]:
    ids = list(ids)
    if not ids:
        return {}
    rows = session.execute(select(BudgetLine.parent_id, func.count()).where(
        BudgetLine.parent_id.in_(ids)).group_by(BudgetLine.parent_id)).all()
    return dict(rows)


def _rows_by_id(session: Session, spec: TableSpec, ids: Iterable[int]) -> dict[int, object]:
    ids = list(set(ids))
    found = {}
    for start in range(0, len(ids), 500):  # stay below SQLite's limit of bound parameters
        chunk = ids[start:start + 500]
        found.update({row.id: row for row in session.scalars(select(spec.model).where(spec.model.id.in_(chunk)))})
    return found


def apply_edits(db: Database, table: str, edits: list[tuple[int, str, object]]) -> list[tuple[object, object]]:
    """Set many cells in one transaction (a paste): all of them, or none with every problem listed.

    Returns (old value, new value) per edit, for undo.
    """
    spec = _spec(table)
    with db.transaction() as session:
        return _apply_edits(session, spec, edits)


def _apply_edits(session: Session, spec: TableSpec, edits) -> list[tuple[object, object]]:
    rows = _rows_by_id(session, spec, (row_id for row_id, _f, _v in edits))
    parents = _child_counts(session, rows) if spec.tree else {}
    problems: list[tuple[int, str]] = []
    planned = []
    targets: dict[int, str] = {}  # an indicator's target as this batch leaves it (its parts edit it in turn)
    # sichuan's parts of a row's target set in this batch (a pasted row sets all three): put in together
    # and checked together at the row's last part, so that 定性 and 好 pasted over ≥ 2 项 is one change
    parts: dict[int, tuple[str, dict]] = {}   # row id → (target before its parts, the parts given so far)
    last_part = {row_id: index for index, (row_id, name, _v) in enumerate(edits) if name in PART_FIELDS} \
        if spec.name == "indicators" else {}
    for index, (row_id, field_name, value) in enumerate(edits):
        row = rows.get(row_id)
        try:
            if row is None:
                raise DomainError(f"第 {index + 1} 处：该行已不存在")
            if spec.name == "indicators" and field_name in PART_FIELDS:
                part = _clean_part(field_name, value)
                base, given = parts.setdefault(row_id, (targets.get(row_id, row.target), {}))
                given[field_name] = part
                field_name, value = "target", joined_parts(base, given, check=index == last_part[row_id])
            elif spec.name == "indicators" and field_name == "target":
                parts.pop(row_id, None)
            new = normalise(spec, field_name, value)
            if spec.name == "indicators" and field_name == "target":
                targets[row_id] = new
            if spec.tree and field_name in AMOUNT_FIELDS and parents.get(row_id) and new is not None:
                raise DomainError(f"“{row.name}”有下级明细，金额由下级合计得出，不能直接填写")
            planned.append((row, field_name, new))
        except DomainError as error:
            problems.append((index, error.message))
    if problems:
        raise CellEditError(problems)
    for report_id in {row.report_id for row, _f, _n in planned}:
        editable_report(session, report_id)
    result = []
    for row, field_name, new in planned:
        result.append((getattr(row, field_name), new))
        setattr(row, field_name, new)
    return result


def paste_block(db: Database, table: str, report_id: int, edits: list[tuple[object, str, object]],
                new_rows: int = 0, parent_id: int | None = None) -> tuple[list[tuple[object, object]], list[int]]:
    """A paste that may need more rows: `new_rows` empty rows are appended to the scope first, and
    edits may name them as ("new", k). All in one transaction, or nothing with every problem listed.

    Returns the (old, new) values of the edits and the ids of the added rows.
    """
    spec = _spec(table)
    with db.transaction() as session:
        editable_report(session, report_id)
        added = [_insert_row(session, spec, report_id, None, {}, parent_id) for _ in range(new_rows)]
        resolved = [((added[ref[1]] if isinstance(ref, tuple) else ref), field_name, value)
                    for ref, field_name, value in edits]
        return _apply_edits(session, spec, resolved), added


def set_field(db: Database, table: str, row_id: int, field_name: str, value: object) -> tuple[object, object]:
    """Set one cell; returns (old value, new value). Raises DomainError on invalid input."""
    try:
        return apply_edits(db, table, [(row_id, field_name, value)])[0]
    except CellEditError as error:
        raise DomainError(error.problems[0][1]) from None


def add_row(db: Database, table: str, report_id: int, index: int | None = None,
            values: dict | None = None, parent_id: int | None = None) -> int:
    """Insert a row at `index` (the end when None) of its scope; returns its id."""
    spec = _spec(table)
    if table == "indicators":
        values = with_target_joined(values or {})
    stored = {name: normalise(spec, name, value) for name, value in (values or {}).items()}
    with db.transaction() as session:
        editable_report(session, report_id)
        return _insert_row(session, spec, report_id, index, stored, parent_id)


SECOND_TOP_LINE = ("预算信息只能有一个最上一级的行（预算总金额），不能在它旁边再加同级的行；"
                   "请把新行加在它的下级（添加下级）")


def _refuse_second_top_line(session: Session, report_id: int, moving: int | None = None) -> None:
    """A budget tree has exactly one top line: refuse a change that would put another beside it.
    (`moving`: the line being moved to the top level, which does not count against itself.)"""
    conditions = [BudgetLine.report_id == report_id, BudgetLine.parent_id.is_(None)]
    if moving is not None:
        conditions.append(BudgetLine.id != moving)
    if session.scalar(select(func.count()).select_from(BudgetLine).where(*conditions)):
        raise DomainError(SECOND_TOP_LINE)


TOO_DEEP = f"预算信息最多 {MAX_BUDGET_LEVELS} 级，不能再往下加一级"


def _level(session: Session, line_id: int) -> int:
    """How many lines lie above this one (0: the top line), walking up the parents (no recursion)."""
    level, seen = 0, {line_id}
    parent = session.scalar(select(BudgetLine.parent_id).where(BudgetLine.id == line_id))
    while parent is not None and parent not in seen:
        seen.add(parent)
        level += 1
        parent = session.scalar(select(BudgetLine.parent_id).where(BudgetLine.id == parent))
    return level


def _height(session: Session, root) -> int:
    """How many levels a line and its sub-lines span (1: no sub-lines)."""
    rows = session.scalars(select(BudgetLine).where(BudgetLine.report_id == root.report_id)).all()
    children: dict[int, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    height, stack, seen = 0, [(root, 1)], set()
    while stack:
        row, level = stack.pop()
        if row.id in seen:
            continue
        seen.add(row.id)
        height = max(height, level)
        stack.extend((child, level + 1) for child in children.get(row.id, []))
    return height


def _insert_row(session: Session, spec: TableSpec, report_id: int, index: int | None, stored: dict,
                parent_id: int | None) -> int:
    if spec.tree and parent_id is not None:
        parent = session.get(BudgetLine, parent_id)
        if parent is None or parent.report_id != report_id:
            raise DomainError("上级预算行不存在")
        if _level(session, parent_id) + 1 >= MAX_BUDGET_LEVELS:
            raise DomainError(TOO_DEEP)
    scope = _scope(spec, report_id, parent_id)
    count = _count(session, spec, scope)
    if spec.tree and parent_id is None and count:
        raise DomainError(SECOND_TOP_LINE)
    position = count if index is None else max(0, min(index, count))
    _shift(session, spec, scope, position, None, 1)
    extra = {"parent_id": parent_id} if spec.tree else {}
    row = spec.model(report_id=report_id, position=position, **extra, **{**default_values(spec), **stored})
    session.add(row)
    session.flush()
    return row.id


def validate_value(table: str, field_name: str, value: object) -> object:
    """The value as it would be stored, or DomainError: lets the editor check a paste before writing.
    (A part of the target, sichuan's 指标性质 / 指标值 / 度量单位: the part as it would be joined.)"""
    if table == "indicators" and field_name in PART_FIELDS:
        return _clean_part(field_name, value)
    if table == "funding":
        from models.services.funding import clean_funding_value
        return clean_funding_value("total", field_name, value)
    return normalise(_spec(table), field_name, value)


# sichuan's 指标性质 / 指标值 / 度量单位: columns of their own that edit one stored field, `target`.
PART_FIELDS = ("target_nature", "target_value", "target_unit")


def stored_name(table: str, field_name: str) -> str:
    """The stored field a cell edit writes: `target` for a part of it, else the field itself."""
    return "target" if table == "indicators" and field_name in PART_FIELDS else field_name


def _clean_part(field_name: str, value: object) -> str:
    from models.fields import clean_line, table_field
    from models.targets import parse_nature
    try:
        return parse_nature(value) if field_name == "target_nature" else clean_line(value)
    except DomainError as error:
        raise DomainError(f"{table_field('indicators', field_name).label}：{error.message}") from None


def with_target_joined(values: dict, like: str = "") -> dict:
    """An indicator's values given with sichuan's parts (target_nature, target_value, target_unit) and no
    `target`: the parts joined into `target` (spelled as `like` where the parts agree with it)."""
    if not any(name in values for name in PART_FIELDS):
        return values
    joined = {name: value for name, value in values.items() if name not in PART_FIELDS}
    if "target" not in joined:
        from models.targets import join_target
        joined["target"] = join_target(*(_clean_part(name, values.get(name, "")) for name in PART_FIELDS), like=like)
    return joined


def joined_target(current: str, field_name: str, value: object) -> str:
    """The target `current` with one part (target_nature, target_value, target_unit) replaced; DomainError
    when the parts would not stand together (models.targets.part_problem: 定性 on a number, ≥ on a
    phrase, a unit without a number), nothing changed."""
    return joined_parts(current, {field_name: _clean_part(field_name, value)})


def joined_parts(current: str, given: dict, check: bool = True) -> str:
    """The target `current` with the parts `given` ({part field: cleaned value}) put in
    (models.targets.edited_parts), checked unless `check` is False (a part of a row whose other parts
    follow in the same batch)."""
    from models.targets import edited_parts, join_target, part_problem
    nature, value, unit = edited_parts(current, given)
    if check:
        problem = part_problem(nature, value, unit, given)
        if problem:
            raise DomainError(problem)
    return join_target(nature, value, unit, like=current)


def _subtree(session: Session, root) -> list:
    """A budget line and all its descendants, parents before children."""
    rows = session.scalars(select(BudgetLine).where(BudgetLine.report_id == root.report_id)).all()
    children: dict[int, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    result, stack = [], [root]
    while stack:
        row = stack.pop()
        result.append(row)
        stack.extend(children.get(row.id, []))
    return result


def _as_dict(spec: TableSpec, row) -> dict:
    columns = spec.model.__table__.columns.keys()
    return {name: getattr(row, name) for name in columns}


def remove_rows(db: Database, table: str, ids: Iterable[int]) -> list[Snapshot]:
    """Remove rows (budget lines with their sub-lines); returns snapshots for `restore_rows`."""
    spec = _spec(table)
    with db.transaction() as session:
        rows = _rows_by_id(session, spec, ids)
        missing = set(ids) - set(rows)
        if missing:
            raise DomainError("要删除的行已不存在")
        for report_id in {row.report_id for row in rows.values()}:
            editable_report(session, report_id)
        snapshots: list[Snapshot] = []
        removed: set[int] = set()
        # Highest positions first, so each gap closes without disturbing the rows still to go.
        ordered = sorted(rows.values(), key=lambda r: (getattr(r, "parent_id", 0) or 0, r.position), reverse=True)
        for row in ordered:
            if row.id in removed:
                continue
            members = _subtree(session, row) if spec.tree else [row]
            removed.update(member.id for member in members)
            snapshots.append(Snapshot(table, [_as_dict(spec, member) for member in members]))
        # Drop snapshots of rows that sit inside another removed row's subtree.
        snapshots = [s for s in snapshots if not (spec.tree and s.rows[0]["parent_id"] in removed)]
        for snapshot in snapshots:
            top = snapshot.rows[0]
            # Sub-lines go with their parent through the foreign key's ON DELETE CASCADE.
            session.execute(delete(spec.model).where(spec.model.id == top["id"]))
            scope = _scope(spec, top["report_id"], top.get("parent_id"))
            _shift(session, spec, scope, top["position"] + 1, None, -1)
        return snapshots


def restore_rows(db: Database, snapshots: list[Snapshot]) -> None:
    """Put removed rows back where they were, with the same ids (undo of `remove_rows`)."""
    with db.transaction() as session:
        for snapshot in reversed(snapshots):
            spec = _spec(snapshot.table)
            top = snapshot.rows[0]
            editable_report(session, top["report_id"])
            if spec.tree and top["parent_id"] is None:
                _refuse_second_top_line(session, top["report_id"])
            scope = _scope(spec, top["report_id"], top.get("parent_id"))
            _shift(session, spec, scope, top["position"], None, 1)
            for values in snapshot.rows:
                session.add(spec.model(**values))
                session.flush()


def move_row(db: Database, table: str, row_id: int, index: int,
             parent_id: int | None | type(...) = ...) -> tuple[int | None, int]:
    """Move a row to `index` of its scope (for a budget line, optionally under another parent).

    Returns (old parent id, old index) so the move can be undone.
    """
    return relocate(db, table, row_id, index, parent_id)[0]


Place = tuple  # (parent id or None, index among its siblings)


def relocate(db: Database, table: str, row_id: int, index: int,
             parent_id: int | None | type(...) = ...) -> tuple[Place, Place]:
    """`move_row` in one transaction, returning (old place, new place)."""
    spec = _spec(table)
    with db.transaction() as session:
        return relocate_in(session, spec, row_id, index, parent_id)


def relocate_in(session: Session, spec: TableSpec, row_id: int, index: int,
                parent_id: int | None | type(...) = ...) -> tuple[Place, Place]:
    """The move itself, inside the caller's transaction; (old place, new place)."""
    row = session.get(spec.model, row_id)
    if row is None:
        raise DomainError("要移动的行已不存在")
    editable_report(session, row.report_id)
    old_parent = row.parent_id if spec.tree else None
    new_parent = old_parent if parent_id is ... else parent_id
    if spec.tree and new_parent is not None and new_parent != old_parent:  # within its parent: nothing to check
        target = session.get(BudgetLine, new_parent)
        if target is None or target.report_id != row.report_id:
            raise DomainError("目标上级预算行不存在")
        if new_parent in {member.id for member in _subtree(session, row)}:
            raise DomainError("不能把预算行移到它自己的下级之下")
        if _level(session, new_parent) + _height(session, row) >= MAX_BUDGET_LEVELS:
            raise DomainError(f"预算信息最多 {MAX_BUDGET_LEVELS} 级，移到这里会超过（连同它的下级）")
    if spec.tree and new_parent is None and old_parent is not None:
        _refuse_second_top_line(session, row.report_id, moving=row.id)
    old_position = row.position
    old_scope = _scope(spec, row.report_id, old_parent)
    if new_parent == old_parent:
        count = _count(session, spec, old_scope)
        new_position = max(0, min(index, count - 1))
        if new_position > old_position:
            _shift(session, spec, old_scope, old_position + 1, new_position + 1, -1)
        elif new_position < old_position:
            _shift(session, spec, old_scope, new_position, old_position, 1)
    else:
        row.position = -1
        session.flush()
        _shift(session, spec, old_scope, old_position + 1, None, -1)
        new_scope = _scope(spec, row.report_id, new_parent)
        count = _count(session, spec, new_scope)
        new_position = max(0, min(index, count))
        _shift(session, spec, new_scope, new_position, None, 1)
        row.parent_id = new_parent
    row.position = new_position
    return (old_parent, old_position), (new_parent, new_position)
