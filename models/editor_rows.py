"""The editor's rows of a flat table (年度重点任务, 部门整体自评表) in memory, changed as the file is."""
from __future__ import annotations

from dataclasses import replace

from models.derived import LineRecord
from models.views import IndicatorRow, TaskRow, indicator_row

_INDICATOR_FIELDS = ("category1", "category2", "name", "target", "actual", "source", "deviation_override",
                     "reason")


def flat_row(table: str, row_id: int, stored: dict):
    """A shown row from its stored values (a dict holding at least the table's fields)."""
    if table == "tasks":
        return TaskRow(row_id, stored["duty"], stored["name"], stored["content"], stored["completion"])
    return indicator_row(row_id, *(stored[name] for name in _INDICATOR_FIELDS))


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
            "reason": row.reason}


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

    def insert(self, index: int | None, row) -> None:
        position = len(self.rows) if index is None else max(0, min(index, len(self.rows)))
        self.rows.insert(position, row)
        self._reindex()

    def remove(self, ids: set[int]) -> None:
        self.rows[:] = [row for row in self.rows if row.id not in ids]
        self._reindex()

    def move(self, old: int, new: int) -> None:
        self.rows.insert(new, self.rows.pop(old))
        self._reindex()
