"""The editor as a user drives it: keyboard, clipboard, undo/redo, messages (pytest-qt, offscreen)."""
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from models.views import load_budget, load_indicators, load_report, load_tasks
from conftest import stored_report

BUDGET, TASKS, INDICATORS = 2, 3, 4


@pytest.fixture
def window(sample_editor):
    return sample_editor


reopen = stored_report  # the file as another program would see it now


def page(window, number):
    window.tabs.setCurrentIndex(number)
    return window.pages[number]


def type_into(qtbot, view, index, text):
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClicks(view, text[0])            # typing starts editing, replacing the cell's text
    editor = view.focusWidget()
    assert editor is not view
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter commits and moves down
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=2000)


def test_models_pass_qtmodeltester(window, qtmodeltester, qtbot):
    # the tester follows the last model checked: the check marks of the first run must have arrived
    # before, or a budget refresh would be tested against the indicators' shape
    for number in (BUDGET, TASKS, INDICATORS):
        window.pages[number]
    qtbot.waitUntil(lambda: bool(window.checker.findings), timeout=10000)
    for number in (BUDGET, TASKS, INDICATORS):
        qtmodeltester.check(window.pages[number].model, force_py=True)


def test_typing_an_amount_changes_the_file_and_derived_columns(window, qtbot):
    budget = page(window, BUDGET)
    model, view = budget.model, budget.view
    line = model.rows[3]  # 全市便民服务人员业务技能培训
    type_into(qtbot, view, model.index_of(line.id, 4), "13")
    assert view.currentIndex().internalId() == model.rows[4].id  # moved down
    stored = reopen(window).budget
    assert stored[3].actual == Decimal("13.00")
    assert stored[3].execution_rate == Decimal("104.42")
    assert stored[0].actual == Decimal("2450.40")
    # the derived cells on screen follow at once
    assert model.index_of(line.id, 5).data() == "104.42%"
    assert model.index_of(model.rows[0].id, 4).data() == "2,450.40"
    assert model.index_of(model.rows[0].id, 5).data() == "97.30%"


def test_invalid_amount_changes_nothing_and_says_why(window, qtbot):
    budget = page(window, BUDGET)
    before = window.db.path.read_bytes()
    line = budget.model.rows[3]
    type_into(qtbot, budget.view, budget.model.index_of(line.id, 1), "12.345")
    assert window.db.path.read_bytes() == before
    assert "两位小数" in budget.view.last_problem
    assert "两位小数" in budget.message.text()
    assert budget.model.index_of(line.id, 1).data() == "15.60"
    type_into(qtbot, budget.view, budget.model.index_of(line.id, 1), "abc")
    assert window.db.path.read_bytes() == before and "不是有效的金额" in budget.message.text()


def test_parent_and_derived_cells_are_read_only(window):
    model = page(window, BUDGET).model
    total = model.rows[0]
    assert not model.flags(model.index_of(total.id, 1)) & Qt.ItemFlag.ItemIsEditable
    leaf = model.rows[3]
    assert model.flags(model.index_of(leaf.id, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index_of(leaf.id, 3)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index_of(leaf.id, 5)) & Qt.ItemFlag.ItemIsEditable
    assert model.index_of(leaf.id, 3).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_paste_3x4_block_is_one_undo_step(window, qtbot):
    tasks = page(window, TASKS)
    view = tasks.view
    before = load_tasks(window.db, window.session.report_id)
    depth = window.session.editor.undo_count
    view.setCurrentIndex(tasks.model.index(12, 0))  # 3 rows from row 13: the last two are new rows
    block = "\n".join("\t".join(f"R{r}C{c}" for c in range(4)) for r in range(3)) + "\n"
    QGuiApplication.clipboard().setText(block)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    after = reopen(window).tasks
    assert len(after) == 15
    assert [(t.duty, t.name, t.content, t.completion) for t in after[12:]] == [
        (f"R{r}C0", f"R{r}C1", f"R{r}C2", f"R{r}C3") for r in range(3)]
    assert window.session.editor.undo_count == depth + 1
    window.undo()
    assert reopen(window).tasks == before
    window.redo()
    assert [t.name for t in reopen(window).tasks[12:]] == ["R0C1", "R1C1", "R2C1"]


def test_paste_with_a_bad_cell_changes_nothing(window, qtbot):
    budget = page(window, BUDGET)
    view = budget.view
    before = window.db.path.read_bytes()
    depth = window.session.editor.undo_count
    view.setCurrentIndex(budget.model.index_of(budget.model.rows[3].id, 1))
    QGuiApplication.clipboard().setText("1\t2\n3\tabc\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.db.path.read_bytes() == before
    assert window.session.editor.undo_count == depth
    assert "第 5 行" in budget.message.text() and "abc" in budget.message.text()


def test_copy_is_tab_separated(window, qtbot):
    budget = page(window, BUDGET)
    view, model = budget.view, budget.model
    view.setCurrentIndex(model.index_of(model.rows[1].id, 0))
    selection = view.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    selection.select(QItemSelection(model.index_of(model.rows[1].id, 0), model.index_of(model.rows[1].id, 5)),
                     QItemSelectionModel.SelectionFlag.ClearAndSelect)
    selection.select(QItemSelection(model.index_of(model.rows[2].id, 0), model.index_of(model.rows[2].id, 5)),
                     QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == (
        "基本支出\t708.81\t56.46\t765.27\t716.92\t93.68%\n"
        "项目支出\t1758.28\t-5.17\t1753.11\t1732.93\t98.85%\n")


def test_delete_clears_selection_as_one_step(window, qtbot):
    tasks = page(window, TASKS)
    view, model = tasks.view, tasks.model
    view.setCurrentIndex(model.index(0, 1))
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    view.selectionModel().select(QItemSelection(model.index(0, 1), model.index(1, 2)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    tasks_now = reopen(window).tasks
    assert (tasks_now[0].name, tasks_now[0].content, tasks_now[1].name, tasks_now[1].content) == ("", "", "", "")
    window.undo()
    assert reopen(window).tasks[0].name == "更新公务用车。"


def test_undo_redo_round_trips_every_kind_of_edit(window, qtbot):
    report_id = window.session.report_id
    db = window.db
    start = load_report(db, report_id)
    budget = page(window, BUDGET)
    model = budget.model

    # a cell
    model.setData(model.index_of(model.rows[4].id, 1), "30")
    # row insert, move, indent/outdent, delete in the budget tree
    budget.view.setCurrentIndex(model.index_of(model.rows[5].id, 0))
    budget.insert_row()
    budget.move(1)
    budget.view.setCurrentIndex(model.index_of(model.rows[7].id, 0))
    budget.indent()
    budget.outdent()
    budget.view.setCurrentIndex(model.index_of(model.rows[9].id, 0))
    budget.delete_rows()
    # an indicator override and its clearing, a task move
    indicators = page(window, INDICATORS)
    indicators.model.setData(indicators.model.index(0, 6), "5%")
    indicators.model.setData(indicators.model.index(0, 6), "")
    tasks = page(window, TASKS)
    tasks.view.setCurrentIndex(tasks.model.index(0, 0))
    tasks.move(1)
    # text sections and header fields
    narrative = window.pages[1]
    narrative.editors["problems"].setPlainText("新的问题")
    narrative.apply()
    basic = window.pages[0]
    basic.rows["preparer"].edit.setText("李会计")
    basic.apply()

    steps = window.session.editor.undo_count
    assert steps >= 11
    end = load_report(db, report_id)
    assert end != start
    for _ in range(steps):
        window.undo()
    undone = load_report(db, report_id)
    assert (undone.budget, undone.tasks, undone.indicators, undone.narrative, undone.signoff) == (
        start.budget, start.tasks, start.indicators, start.narrative, start.signoff)
    assert narrative.editors["problems"].toPlainText() == start.narrative["problems"]
    for _ in range(steps):
        window.redo()
    redone = load_report(db, report_id)
    assert (redone.budget, redone.tasks, redone.indicators, redone.narrative, redone.signoff) == (
        end.budget, end.tasks, end.indicators, end.narrative, end.signoff)


def test_override_is_marked_and_cleared_with_delete(window, qtbot):
    indicators = page(window, INDICATORS)
    model, view = indicators.model, indicators.view
    index = model.index(0, 6)
    type_into(qtbot, view, index, "5%")
    assert load_indicators(window.db, window.session.report_id)[0].deviation_override == "5%"
    assert model.index(0, 6).data().startswith("✎")
    view.setCurrentIndex(model.index(0, 6))
    view.selectionModel().clearSelection()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    row = load_indicators(window.db, window.session.report_id)[0]
    assert row.deviation_override is None and model.index(0, 6).data() == "0%"


def test_qualitative_target_accepted_and_shown_as_such(window, qtbot):
    indicators = page(window, INDICATORS)
    model = indicators.model
    assert model.setData(model.index(6, 3), "基本覆盖")
    row = load_indicators(window.db, window.session.report_id)[6]
    assert row.target.kind == "qualitative" and row.target.text == "基本覆盖"
    assert model.index(6, 3).data(Qt.ItemDataRole.ToolTipRole).startswith("定性")


def test_header_field_bad_year_shows_message_and_changes_nothing(window, qtbot):
    basic = page(window, 0)
    before = window.db.path.read_bytes()
    basic.rows["year"].edit.setText("二〇二二")
    basic.apply()
    assert window.db.path.read_bytes() == before
    assert "年度" in basic.rows["year"].message.text() and basic.validate()
    basic.rows["department"].edit.setText("新部门")
    basic.apply()
    assert reopen(window).department == "新部门"
    assert "新部门" in window.windowTitle()


def test_new_and_delete_report(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from ui.dialogs import NewReportDialog
    monkeypatch.setattr(NewReportDialog, "exec", lambda self: NewReportDialog.DialogCode.Accepted)
    monkeypatch.setattr(NewReportDialog, "values", lambda self: {
        "year": 2023, "department": "测试单位", "title": "标题", "amount_unit": "元"})
    window.new_report()
    assert window.report.department == "测试单位" and window.switcher.count() == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    import ui.versions_ui
    monkeypatch.setattr(ui.versions_ui, "ask", lambda *a, **k: True, raising=False)  # 删除 / 取消
    window.delete_report()
    assert window.switcher.count() == 1 and window.report.department == "苏州市便民服务中心"


def test_typing_in_progress_is_stored_before_undo(window, qtbot):
    tasks = page(window, TASKS)
    view = tasks.view
    view.setCurrentIndex(tasks.model.index(0, 1))
    view.setFocus()
    qtbot.keyClicks(view, "N")          # QTest types ASCII only; the rest as an input method would
    view.focusWidget().insertPlainText("新任务名")
    assert view.state() == view.State.EditingState
    tasks.apply()
    assert reopen(window).tasks[0].name == "N新任务名"
