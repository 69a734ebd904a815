"""ReportEditor (models/editor.py): every operation is one transaction returning Changes, undo and
redo put the file back exactly, and the rows it holds in memory always equal what the file holds."""
from dataclasses import replace
from decimal import Decimal

import pytest

from models.editor import ReportEditor
from models.errors import DomainError
from models.views import load_report


def _same_as_file(editor):
    """The rows and header the editor holds are what a fresh read of the file gives."""
    stored = load_report(editor.db, editor.report_id)
    for table in ("budget", "tasks", "indicators"):
        assert editor.rows(table) == getattr(stored, table), table
    assert editor.header.narrative == stored.narrative and editor.header.signoff == stored.signoff
    assert (editor.header.year, editor.header.department, editor.header.amount_unit) == (
        stored.year, stored.department, stored.amount_unit)
    return replace(stored, updated_at=None)  # the time of the last change differs, of course


@pytest.fixture
def editor(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    for table in ("budget", "tasks", "indicators"):
        editor.rows(table)  # held in memory from here on
    return editor


def _round_trip(editor, operation):
    """Run an operation; undo it (the file as before), redo it (as after); memory follows each time."""
    before = _same_as_file(editor)
    changes = operation()
    after = _same_as_file(editor)
    assert editor.can_undo()
    editor.undo()
    assert _same_as_file(editor) == before
    editor.redo()
    assert _same_as_file(editor) == after
    return changes


def test_cell_edit_names_the_row_and_the_lines_above_it(editor):
    leaf = next(row for row in editor.rows("budget") if not row.is_parent and row.parent_id is not None)
    changes = _round_trip(editor, lambda: editor.edit_cells("budget", [(leaf.id, "actual", "12.5")]))
    assert leaf.id in changes.ids("budget") and leaf.parent_id in changes.ids("budget")
    assert not changes.reshaped("budget")
    assert editor.budget_tree()[0][leaf.id].actual == Decimal("12.50")


def test_flat_cells_and_an_indicator_keep_their_derived_values(editor):
    task = editor.rows("tasks")[1]
    changes = _round_trip(editor, lambda: editor.edit_cells("tasks", [(task.id, "name", "新任务名")]))
    assert changes.tables == {"tasks": (task.id,)}
    indicator = editor.rows("indicators")[0]
    _round_trip(editor, lambda: editor.edit_cells("indicators", [(indicator.id, "actual", "0")]))


def test_rows_added_removed_moved_in_both_kinds_of_table(editor):
    changes = _round_trip(editor, lambda: editor.add_row("tasks", 1, values={"name": "插入的任务"}))
    assert changes.reshaped("tasks") and editor.rows("tasks")[1].id == changes.new_row
    ids = [row.id for row in editor.rows("indicators")[2:5]]
    _round_trip(editor, lambda: editor.remove_rows("indicators", ids))
    first = editor.rows("tasks")[0].id
    _round_trip(editor, lambda: editor.move_row("tasks", first, 3))
    assert [row.id for row in editor.rows("tasks")].index(first) == 3
    top = editor.rows("budget")[0]
    child = editor.budget_tree()[1][top.id][0]
    _round_trip(editor, lambda: editor.add_row("budget", 0, parent_id=child, values={"name": "新明细"}))
    second = editor.budget_tree()[1][top.id][1]
    _round_trip(editor, lambda: editor.indent(second))
    assert editor.budget_tree()[0][second].parent_id == editor.budget_tree()[1][top.id][0]
    _round_trip(editor, lambda: editor.outdent(second))
    _round_trip(editor, lambda: editor.remove_rows("budget", [editor.budget_tree()[1][top.id][0]]))


def test_a_paste_that_adds_rows_is_one_step(editor):
    count = len(editor.rows("tasks"))
    edits = [(("new", 0), "name", "甲"), (("new", 1), "name", "乙"), (editor.rows("tasks")[0].id, "duty", "丙")]
    steps = editor.undo_count
    _round_trip(editor, lambda: editor.paste("tasks", edits, 2))
    assert editor.undo_count == steps + 1 and len(editor.rows("tasks")) == count + 2
    assert [row.name for row in editor.rows("tasks")[-2:]] == ["甲", "乙"]


def test_fields_and_the_amount_unit(editor):
    changes = _round_trip(editor, lambda: editor.set_field("year", "2023年", "二、年度"))
    assert changes.stored == 2023 and changes.fields == ("year",)
    assert editor.undo_text == "修改“年度”"
    changes = _round_trip(editor, lambda: editor.set_field("amount_unit", "元"))
    assert changes.reshaped("budget") and editor.header.amount_unit == "元"


def test_an_import_over_the_tables_is_undone_exactly(editor):
    stored = load_report(editor.db, editor.report_id)
    data = {"budget": [{"name": "预算总金额", "children": [{"name": "只有一行", "initial": "1"}]}],
            "tasks": [{"name": "一个任务"}], "indicators": []}
    changes = _round_trip(editor, lambda: editor.replace_tables(data))
    assert all(changes.reshaped(table) for table in ("budget", "tasks", "indicators"))
    assert len(editor.rows("tasks")) == 1
    editor.undo()
    assert load_report(editor.db, editor.report_id).tasks == stored.tasks  # the very rows, ids included


def test_a_refused_edit_changes_nothing_and_records_no_step(editor):
    steps = editor.undo_count
    task = editor.rows("tasks")[0]
    with pytest.raises(DomainError):
        editor.edit_cells("budget", [(editor.rows("budget")[0].id, "initial", "abc")])
    with pytest.raises(DomainError):
        editor.outdent(editor.rows("budget")[0].id)
    assert editor.undo_count == steps and editor.rows("tasks")[0] == task
    _same_as_file(editor)


def test_unchanged_values_are_no_step(editor):
    task = editor.rows("tasks")[0]
    assert not editor.edit_cells("tasks", [(task.id, "name", task.name)]).saved
    assert editor.undo_count == 0


# -- what an edit reads: only the rows it changes (and the report row, whose change time it sets) --------
def _reads(editor, operation, changed_ids):
    """Run `operation`; fail on any SELECT other than: the changed rows by id, the report by id, a count."""
    from sqlalchemy import event

    selects = []

    def seen(_connection, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append((" ".join(statement.split()), tuple(parameters or ())))
    event.listen(editor.db.engine, "before_cursor_execute", seen)
    try:
        operation()
    finally:
        event.remove(editor.db.engine, "before_cursor_execute", seen)
    for statement, parameters in selects:
        if "count(*)" in statement:
            continue  # one number, however long the table
        if " FROM reports WHERE reports.id = ?" in statement:
            assert parameters == (editor.report_id,)
            continue
        assert ".id IN (" in statement or ".id = ?" in statement, statement
        assert set(parameters) <= set(changed_ids), (statement, parameters)
    return selects


def test_a_cell_edit_a_paste_and_a_move_read_only_what_they_change(editor):
    for position in range(60):  # a long table: nothing may be read per row
        editor.add_row("tasks", values={"name": f"任务 {position}"})
    tasks = editor.rows("tasks")
    first, second, third = (row.id for row in tasks[:3])
    assert len(_reads(editor, lambda: editor.edit_cells("tasks", [(first, "name", "改过")]), [first])) <= 2
    paste = [(first, "duty", "甲"), (second, "duty", "乙"), (third, "content", "丙")]
    assert len(_reads(editor, lambda: editor.paste("tasks", paste, 0), [first, second, third])) <= 2
    assert len(_reads(editor, lambda: editor.move_row("tasks", first, 40), [first])) <= 3
    leaf = next(row for row in editor.rows("budget") if not row.is_parent and row.index > 0)
    assert len(_reads(editor, lambda: editor.edit_cells("budget", [(leaf.id, "actual", "1")]), [leaf.id])) <= 3
    assert len(_reads(editor, lambda: editor.move_row("budget", leaf.id, 0, leaf.parent_id), [leaf.id])) <= 3
    _reads(editor, editor.undo, [leaf.id])
    _same_as_file(editor)


def test_finalize_and_reopen_are_operations_too(sample):
    from models.services import set_field
    db, report_id = sample
    row = next(i for i in load_report(db, report_id).indicators if i.name == "结转结余率")
    set_field(db, "indicators", row.id, "actual", "2.72%")
    set_field(db, "indicators", row.id, "reason", "年末结转资金")
    editor = ReportEditor(db, report_id)
    editor.set_field("phone", "0512-1")
    changes = editor.finalize()
    assert changes.status and changes.version.number == 1 and editor.header.status == "final"
    assert not editor.can_undo()  # the draft's steps are history now
    with pytest.raises(DomainError):
        editor.set_field("phone", "0512-2")
    changes = editor.reopen("补充说明")
    assert changes.status and editor.header.status == "draft"
    assert editor.set_field("phone", "0512-2").stored == "0512-2"


def test_a_move_and_an_indent_are_one_transaction_each(editor):
    from sqlalchemy import event

    begun = []
    listener = lambda _connection: begun.append(1)  # noqa: E731
    event.listen(editor.db.engine, "begin", listener)
    try:
        tasks = editor.rows("tasks")
        editor.move_row("tasks", tasks[0].id, 2)
        assert len(begun) == 1
        top = editor.rows("budget")[0]
        second = editor.budget_tree()[1][top.id][1]
        editor.indent(second)  # reads the line above and its children inside the same transaction
        assert len(begun) == 2
        editor.undo()
        assert len(begun) == 3
    finally:
        event.remove(editor.db.engine, "begin", listener)
    _same_as_file(editor)
