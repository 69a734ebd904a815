"""What the report's form (表式, models/forms.py) changes in the editor: the columns of each table,
the sections of 报告正文, and the scores of a scored form, kept up to date edit by edit.

For the Suzhou form every table keeps exactly the columns it has always had (ui/columns.py). Another
form's table shows the form's columns with its headings; a column the editor already knows keeps its
kind and width, a new one (分值, 得分, 指标性质 …) gets its width from the form's millimetres.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

from PySide6.QtCore import QObject, Signal

from models.fields import COMPLETION_LEVELS
from models.forms import DEFAULT_FORM, GOAL, NARRATIVE, form_of, get_form
from models.money import round_half_up
from ui.columns import (
    COMPLETION, INDICATOR_COLUMNS, NATURE, PART, SCORE, TASK_COLUMNS, TEXT, WEIGHT, Column, budget_columns)

PX_PER_MM = Decimal("4.6")   # the seed's columns: 47 mm of 指标名称 are 240 px, 17 mm of 类别 80 px
CHAR_PX = 14                 # about one Chinese character of the table font
NATURES = ("≥", "＝", "≤", "定性")
COMPLETION_COLUMN = Column("completion", "完成程度\n（定性指标）", COMPLETION, 216,
                           choices=("",) + COMPLETION_LEVELS, free=False)
# 报告正文: the lines each text box shows at least
MIN_LINES = {"goals": 14, "org_setup": 4, "duties": 6, "operation": 6, "performance": 10, "problems": 3,
             "improvements": 3, "result_application": 4, "result_disclosure": 3, "goal_expected": 8,
             "goal_achieved": 8, "conclusion": 6}


def _today(table: str, unit: str) -> list[Column]:
    if table == "budget":
        return budget_columns(unit)
    return list(TASK_COLUMNS if table == "tasks" else INDICATOR_COLUMNS)


def wrap_heading(text: str, width: int) -> str:
    """A heading broken before its bracket when it is wider than its column (全年预算数 / （A））."""
    if "\n" in text or (len(text) + 1) * CHAR_PX <= width:
        return text
    cut = text.find("（")
    return text[:cut] + "\n" + text[cut:] if cut > 0 else text


def fitted_width(heading: str, width: int) -> int:
    """At least as wide as the heading's longest line (a short heading is never broken mid-word)."""
    return max(width, max(len(line) for line in heading.split("\n")) * CHAR_PX + 16)


def table_columns(form, table: str, unit: str = "万元") -> list[Column]:
    """The editor's columns of `table` under `form`; the seed's columns when the form lists the same fields."""
    today = _today(table, unit)
    wanted = form.columns(table)
    if [c.field for c in wanted] == [c.key for c in today] and (form.key == DEFAULT_FORM or table == "budget"):
        return today
    known = {c.key: c for c in today}
    columns = []
    for column in wanted:
        heading = column.heading_for(unit)
        width = max(56, int(column.width * PX_PER_MM))
        base = known.get(column.field)
        if base is not None:
            header = wrap_heading(heading, base.width)
            columns.append(replace(base, header=header, width=fitted_width(header, base.width)))
            continue
        kind = {"weight": WEIGHT, "score_override": SCORE, "target_nature": NATURE, "completion": COMPLETION,
                "target_value": PART, "target_unit": PART}.get(column.field, TEXT)
        width = max(width, 70) if kind in (WEIGHT, SCORE) else width
        choices = NATURES if kind == NATURE else (COMPLETION_COLUMN.choices if kind == COMPLETION else ())
        header = wrap_heading(heading, width)
        width = fitted_width(header, width)
        columns.append(Column(column.field, header, kind, width, choices=choices,
                              free=kind != COMPLETION, completes=column.field == "target_unit"))
    if table == "indicators" and form.scored and not any(c.kind == COMPLETION for c in columns):
        # 完成程度 of a qualitative row: chosen in the editor, not printed; right after 得分
        at = next((n + 1 for n, c in enumerate(columns) if c.kind == SCORE), len(columns))
        columns.insert(at, COMPLETION_COLUMN)
    return columns


def shown_tables(form) -> tuple[str, ...]:
    return tuple(table for table in ("budget", "tasks", "indicators") if form.shows(table))


def narrative_sections(form) -> list[tuple[str | None, str, str | None, int]]:
    """(heading above a group or None, field, sub-heading or None, minimum lines) of 报告正文 under `form`:
    its narrative items and its goal block (年度总体目标: 预期目标 / 实际完成情况), in the form's order."""
    sections = []
    for block in form.blocks:
        if block.kind == NARRATIVE:
            sections += [(item.section or None, item.field, item.lead or None, MIN_LINES.get(item.field, 6))
                         for item in block.items]
        elif block.kind == GOAL:
            sections += [((block.heading or None) if n == 0 else None, column.field, column.heading or None,
                          MIN_LINES.get(column.field, 6)) for n, column in enumerate(block.columns)]
    return sections


def text_of(report, field: str) -> str:
    """A narrative or form text of a report (models.views.ReportData)."""
    if field in report.narrative:
        return report.narrative[field]
    return (getattr(report, "form_texts", None) or {}).get(field, "")


def format_weight(value: Decimal | None) -> str:
    """分值 as typed: 10, 12.5."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_score(value: Decimal | None) -> str:
    """得分 with two places: 8.60."""
    return "" if value is None else f"{round_half_up(value):.2f}"


def grade_title(form, total: Decimal, grade: str) -> str:
    """`总分 93.45 · 优` in the form's words (sichuan: 合计)."""
    label = form.scoring.total_label if form.scoring is not None else "总分"
    return f"{label} {format_score(total)} · {grade}"


class ScoreBoard(QObject):
    """The scores of the open report under its form, kept edit by edit: an edit of indicator rows
    scores those rows again and moves the total by the difference; a change of the budget or the
    funding block scores 预算执行率 again. The whole table is scored only when the report is opened or
    its form changes. When rows are added, removed or moved (a change of shape, which may also change
    values: a paste that adds rows writes into the last rows too, its undo puts their old values back),
    every row whose row object is not the one it was scored from is scored again: the editor replaces
    a row's object on every change of its values, so the sum always equals score_report's. Connected
    to the session before any page, so the pages read the new scores when they repaint."""

    changed = Signal()   # the total, the grade or the form changed

    def __init__(self, session):
        super().__init__(session)
        self.session = session
        self.form = form_of(session.editor.header)
        self._rows: dict[int, object] = {}    # indicator id → models.scoring.RowScore
        self._scored: dict[int, object] = {}  # indicator id → the row object its score was computed from
        self._sum = Decimal(0)                # of the indicators' scores
        self._execution = None                # RowScore of 预算执行率, or None
        self._ready = False
        session.tableChanged.connect(self._table_changed)
        session.fieldChanged.connect(self._field_changed)

    @property
    def scored(self) -> bool:
        return self.form.scored

    # -- reading ---------------------------------------------------------------------------
    def _ensure(self) -> None:
        if self._ready or not self.form.scored:
            return
        from models.scoring import indicator_score
        rows = self.session.editor.rows("indicators")
        self._rows = {row.id: indicator_score(row, "") for row in rows}
        self._scored = {row.id: row for row in rows}
        self._sum = sum((s.score for s in self._rows.values() if s.score is not None), Decimal(0))
        self._execution = self._execution_score()
        self._ready = True

    def of(self, row_id: int):
        """The RowScore of an indicator (None in a form without scores)."""
        self._ensure()
        return self._rows.get(row_id)

    @property
    def execution(self):
        self._ensure()
        return self._execution

    @property
    def total(self) -> Decimal:
        self._ensure()
        extra = self._execution.score if self._execution is not None and self._execution.score is not None else 0
        return round_half_up(self._sum + extra)

    @property
    def grade(self) -> str:
        from models.scoring import grade_of
        return grade_of(self.total)

    def title(self) -> str:
        """`总分 93.45 · 优`, or "" for a form without scores."""
        return grade_title(self.form, self.total, self.grade) if self.form.scored else ""

    # -- following the edits -----------------------------------------------------------------
    def _execution_score(self):
        from models.scoring import score_report
        editor = self.session.editor
        funding = _funding_of(editor)
        shim = SimpleNamespace(indicators=[], budget=editor.rows("budget"),
                               funding_row=lambda key: funding.get(key) or _empty_funding(key))
        found = score_report(shim, self.form)
        return found.execution if found is not None else None

    def _table_changed(self, table: str, ids) -> None:
        if not self._ready:
            return
        if table == "indicators":
            if ids is None:
                self._reshaped()
            else:
                self._rescore(ids)
        elif table in ("budget", "funding"):
            self._execution = self._execution_score()
        else:
            return
        self.changed.emit()

    def _rescore(self, ids) -> None:
        from models.scoring import indicator_score
        editor = self.session.editor
        rows = editor.rows("indicators")
        wanted = set(ids)
        if len(wanted) > 64:  # a big paste: one pass over the rows
            found = [row for row in rows if row.id in wanted]
        else:
            positions = self._positions(rows)
            found = [rows[positions[i]] for i in wanted if i in positions]
        for row in found:
            old = self._rows.get(row.id)
            new = indicator_score(row, "")
            self._rows[row.id] = new
            self._scored[row.id] = row
            self._sum += (new.score or 0) - ((old.score or 0) if old is not None else 0)

    def _reshaped(self) -> None:
        """Rows added, removed or moved: the rows that came or went, and every row whose values changed
        with them (a paste that adds rows also writes into existing ones; an import over the table gives
        the rows new ids), are scored again: each row whose object is not the one last scored."""
        from models.scoring import indicator_score
        self._position_cache = None
        rows = self.session.editor.rows("indicators")
        ids = {row.id for row in rows}
        for gone in [row_id for row_id in self._rows if row_id not in ids]:
            old = self._rows.pop(gone)
            self._scored.pop(gone, None)
            self._sum -= old.score or 0
        scored = self._scored
        for row in rows:
            if scored.get(row.id) is not row:
                old = self._rows.get(row.id)
                new = indicator_score(row, "")
                self._rows[row.id] = new
                scored[row.id] = row
                self._sum += (new.score or 0) - ((old.score or 0) if old is not None else 0)

    def _positions(self, rows) -> dict[int, int]:
        cached = getattr(self, "_position_cache", None)
        if cached is None or cached[0] is not rows or len(cached[1]) != len(rows):
            cached = (rows, {row.id: n for n, row in enumerate(rows)})
            self._position_cache = cached
        return cached[1]

    def _field_changed(self, name: str) -> None:
        if name == "form":
            self.form = form_of(self.session.editor.header)
            self._ready = False
            self._position_cache = None
            self.changed.emit()

    def invalidate(self) -> None:
        self._ready = False
        self._position_cache = None


def _funding_of(editor) -> dict:
    funding = getattr(editor, "funding", None)
    if callable(funding):
        return funding()
    return dict(getattr(editor.header, "funding", {}) or {})


def _empty_funding(key: str):
    from models.views import FundingRow
    return FundingRow(key)


def cell_message(table: str, field: str | None, heading: str, error, named: bool = True) -> str:
    """The message of a refused cell edit in the words of the form: the field's catalogue label that
    the models put before a problem (分值：…, 一级类别：…, 资金情况 分值：…) becomes the column's
    heading as the form prints it (权重：…, 一级指标：…), and 分值或得分 in a score's problem is left
    out (the heading names it). `error` is a DomainError or a message; a CellEditError about one cell
    says that cell's problem alone. `named`: keep the heading before the problem (False: the caller
    names the column itself, as a paste's list does)."""
    from models.services import CellEditError
    if isinstance(error, CellEditError) and len(error.problems) == 1:
        message = error.problems[0][1]
    else:
        message = getattr(error, "message", error)
    if not field:
        return message
    from models.fields import TABLE_LABELS, table_field
    from models.errors import DomainError
    try:
        label = table_field(table, field).label
    except DomainError:
        return message
    for prefix in (f"{TABLE_LABELS.get(table, table)} {label}：", f"{label}："):
        if message.startswith(prefix):
            body = message[len(prefix):]
            if "分值或得分" in body:
                body = body.replace("分值或得分", "").strip()
            return f"{heading}：{body}" if named else body
    return message


def form_choices() -> list[tuple[str, str]]:
    """(key, name) of each installed form, Suzhou first."""
    from models.forms import all_forms
    forms = all_forms()
    forms.sort(key=lambda f: f.key != DEFAULT_FORM)
    return [(form.key, form.name) for form in forms]


def form_named(key: str):
    return get_form(key)
