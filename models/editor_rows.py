"""The editor's rows of each table in memory, changed exactly as the services change the file, so
that an edit is shown without reading the file again. `FlatRows` holds 年度重点任务 or 部门整体自评表
(a row's index is its position); `BudgetRows` holds 预算信息 as stored (`LineRecord`) and as shown
(`BudgetRow`, with sums and derived columns). Both answer the same calls: set_values, add, remove,
restore, move."""
from __future__ import annotations

from dataclasses import replace

from models.derived import LineRecord, budget_rows, refresh_rows
from models.views import IndicatorRow, TaskRow, indicator_row

_INDICATOR_FIELDS = ("category1", "category2", "name", "target", "actual", "source", "deviation_override",
                     "reason", "weight", "score_override", "completion")
_DEFAULTS = {"weight": None, "score_override": None, "completion": ""}


def flat_row(table: str, row_id: int, stored: dict):
    """A shown row from its stored values (a dict holding at least the table's fields)."""
    if table == "tasks":
        return TaskRow(row_id, stored["duty"], stored["name"], stored["content"], stored["completion"])
    return indicator_row(row_id, *(stored[name] if name in stored else _DEFAULTS[name] for name in _INDICATOR_FIELDS))


def record_of(values: dict) -> LineRecord:
    """A budget line as stored, from a snapshot's dict."""
    return LineRecord(values["id"], values["parent_id"], values["position"], values["name"], values["initial"],
                      values["adjustment"], values["actual"])


def _stored_values(row) -> dict:
    if isinstance(row, TaskRow):
        return {"duty": row.duty, "name": row.name, "content": row.content, "completion": row.completion}
    assert isinstance(row, IndicatorRow)
    return {"category1": row.category1, "category2": row.category2, "name": row.name, "target": row.target.text,
            "actual": row.actual.text, "source": row.source, "deviation_override": row.deviation_override,
            "reason": row.reason, "weight": row.weight, "score_override": row.score_override,
            "completion": row.completion}


class FlatRows:
    """Rows in their stored order (a row's index is its position) with an index by id."""

    def __init__(self, table: str, rows: list):
        self.table = table
        self.rows = rows
        self._reindex()

    def _reindex(self) -> None:
        self.index_of = {row.id: n for n, row in enumerate(self.rows)}

    def set_values(self, stored) -> list[int]:
        """Put stored (row id, field, value) into the rows; returns the ids changed."""
        changed: dict[int, dict] = {}
        for row_id, name, value in stored:
            changed.setdefault(row_id, {})[name] = value
        for row_id, values in changed.items():
            position = self.index_of.get(row_id)
            if position is None:
                continue
            row = self.rows[position]
            if self.table == "tasks":
                self.rows[position] = replace(row, **values)
            else:
                self.rows[position] = flat_row(self.table, row_id, {**_stored_values(row), **values})
        return sorted(changed)

    def add(self, ids, parent_id, index, stored: dict) -> None:
        """New rows with the values `stored`, at `index` (the end when None) as add_row puts them."""
        for row_id in ids:
            position = len(self.rows) if index is None else max(0, min(index, len(self.rows)))
            self.rows.insert(position, flat_row(self.table, row_id, stored))
        self._reindex()

    def remove(self, snapshots) -> None:
        removed = {snapshot.rows[0]["id"] for snapshot in snapshots}
        self.rows[:] = [row for row in self.rows if row.id not in removed]
        self._reindex()

    def restore(self, snapshots) -> None:
        for snapshot in reversed(snapshots):
            top = snapshot.rows[0]
            self.rows.insert(top["position"], flat_row(self.table, top["id"], top))
        self._reindex()

    def move(self, row_id: int, old, new) -> None:
        self.rows.insert(new[1], self.rows.pop(old[1]))
        self._reindex()


class BudgetRows:
    """The budget lines as stored (`records`) and as shown (`rows` in display order, `by_id`,
    `children`: child ids by parent id)."""

    def __init__(self, records):
        self.records: dict[int, LineRecord] = {record.id: record for record in records}
        self._rebuild()

    def _rebuild(self) -> None:
        self.rows = budget_rows(self.records.values())
        self.by_id = {row.id: row for row in self.rows}
        self.children: dict[int | None, list[int]] = {}
        for row in self.rows:
            self.children.setdefault(row.parent_id, []).append(row.id)

    def set_values(self, stored) -> list[int]:
        """Put stored values into the lines; returns the ids recomputed (the lines and those above)."""
        for row_id, name, value in stored:
            self.records[row_id] = replace(self.records[row_id], **{name: value})
        changed = refresh_rows(self.by_id, self.children, self.records,
                               sorted({row_id for row_id, _n, _v in stored if row_id in self.by_id}))
        self.rows[:] = [self.by_id[row.id] for row in self.rows]
        return changed

    def add(self, ids, parent_id, index, stored: dict) -> None:
        for row_id in ids:
            siblings = sum(1 for record in self.records.values() if record.parent_id == parent_id)
            position = siblings if index is None else max(0, min(index, siblings))
            self._shift(parent_id, position, None, 1)
            self.records[row_id] = LineRecord(row_id, parent_id, position, stored["name"], stored["initial"],
                                              stored["adjustment"], stored["actual"])
        self._rebuild()

    def remove(self, snapshots) -> None:
        for snapshot in snapshots:  # sub-lines go with their line, as ON DELETE CASCADE takes them
            top = snapshot.rows[0]
            for values in snapshot.rows:
                self.records.pop(values["id"], None)
            self._shift(top["parent_id"], top["position"] + 1, None, -1)
        self._rebuild()

    def restore(self, snapshots) -> None:
        for snapshot in reversed(snapshots):
            top = snapshot.rows[0]
            self._shift(top["parent_id"], top["position"], None, 1)
            for values in snapshot.rows:
                self.records[values["id"]] = record_of(values)
        self._rebuild()

    def move(self, row_id: int, old, new) -> None:
        (old_parent, old_position), (new_parent, new_position) = old, new
        if old_parent == new_parent:
            if new_position > old_position:
                self._shift(old_parent, old_position + 1, new_position + 1, -1)
            elif new_position < old_position:
                self._shift(old_parent, new_position, old_position, 1)
        else:
            self.records[row_id] = replace(self.records[row_id], position=-1)
            self._shift(old_parent, old_position + 1, None, -1)
            self._shift(new_parent, new_position, None, 1)
        self.records[row_id] = replace(self.records[row_id], parent_id=new_parent, position=new_position)
        self._rebuild()

    def _shift(self, parent_id, start: int, end: int | None, delta: int) -> None:
        """What services.rows._shift does in the file (positions from `start`, before `end`, moved by `delta`)."""
        for line_id, record in list(self.records.items()):
            if record.parent_id == parent_id and record.position >= start and (end is None or record.position < end):
                self.records[line_id] = replace(record, position=record.position + delta)
