"""What the table tabs show of the report's state: one read per edit however often they are
reloaded, read-only tables on a 定稿 report, last year's figures in this year's unit, and the
name of a group kept in view when its top has scrolled away."""
import gc

import pytest
from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox

from models import services
from models.next_year import create_next_year
from models.views import load_report
from conftest import open_editor, stored_report

BUDGET, TASKS, INDICATORS = 2, 3, 4
CTRL, SHIFT, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def no_gc():
    """Python's cycle collector off, as it may well be for a while in the program: a replaced model
    must let go of the session by itself, not when a collection happens to run."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def handlers(session) -> int:
    """How many slots follow the session's table edits."""
    return session.receivers(SIGNAL("tableChanged(QString,PyObject)"))


def editor_on(qtbot, tmp_path, db, report_id=None):
    db.close()
    main = open_editor(qtbot, db.path, tmp_path)
    if report_id is not None and main.session.report_id != report_id:
        main.open_report(report_id)
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    return main


stored = stored_report


def type_into(qtbot, view, index, text):
    view.setCurrentIndex(index)
    view.setFocus()
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    qtbot.wait(20)


# -- item 12: reloading never multiplies the work of an edit ------------------------------------------
def test_one_edit_reads_its_rows_once_however_often_the_tables_were_reloaded(qtbot, sample, tmp_path, monkeypatch, no_gc):
    import ui.budget_model
    import ui.flat_models
    db, report_id = sample
    create_next_year(db, report_id)  # so that 显示上年数 has a year to show
    window = editor_on(qtbot, tmp_path, db)
    for number in (BUDGET, TASKS, INDICATORS):
        window.tabs.setCurrentIndex(number)
    readers = handlers(window.session)
    for _ in range(5):
        window.previous_action.trigger()
    assert handlers(window.session) == readers  # each replaced model let go at once
    import models.views
    reads = []
    for module, name in ((models.views, "load_budget_records"), (models.views, "load_indicators"),
                         (models.views, "load_tasks")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: reads.append(_name) or _real(*a, **k))

    budget = window.pages[BUDGET]
    leaf = next(row for row in budget.model.rows if not row.is_parent)
    window.tabs.setCurrentIndex(BUDGET)
    qtbot.waitUntil(budget.view.isVisible)
    type_into(qtbot, budget.view, budget.model.index_of(leaf.id, 4), "12")
    assert reads == []  # the editor holds the rows: an edit is shown without reading the file
    indicators = window.pages[INDICATORS]
    window.tabs.setCurrentIndex(INDICATORS)
    type_into(qtbot, indicators.view, indicators.model.index(0, 5), "X")
    assert reads == []
    qtbot.waitUntil(lambda: len(window.findChildren(ui.budget_model.BudgetModel)) == 1)  # the old ones are gone


def test_changing_the_unit_reloads_once_and_keeps_one_reader(qtbot, sample, tmp_path, monkeypatch, no_gc):
    import ui.budget_model
    db, report_id = sample
    window = editor_on(qtbot, tmp_path, db)
    window.tabs.setCurrentIndex(BUDGET)
    readers = handlers(window.session)
    for unit in ("元", "万元", "元", "万元"):
        window.session.set_report_field("amount_unit", window.report.amount_unit, unit, "金额单位")
    assert handlers(window.session) == readers
    budget = window.pages[BUDGET]
    qtbot.waitUntil(budget.view.isVisible)
    assert budget.model.headerData(1, Qt.Orientation.Horizontal) == "年初预算数\n（万元）"
    import models.views
    reads = []
    real = models.views.load_budget_records
    monkeypatch.setattr(models.views, "load_budget_records", lambda *a, **k: reads.append(1) or real(*a, **k))
    leaf = next(row for row in budget.model.rows if not row.is_parent)
    type_into(qtbot, budget.view, budget.model.index_of(leaf.id, 4), "12")
    assert reads == []  # read once when the unit changed, not for the edit


# -- item 14: a final report ---------------------------------------------------------------------------
@pytest.fixture
def final_window(qtbot, sample, tmp_path, monkeypatch):
    from models.versions import finalize
    db, report_id = sample
    report = load_report(db, report_id)
    row = next(i for i in report.indicators if i.name == "结转结余率")
    services.set_field(db, "indicators", row.id, "actual", "2.72%")
    services.set_field(db, "indicators", row.id, "reason", "年末结转资金")
    for field, value in (("preparer", "张会计"), ("unit_head", "李主任"), ("fill_date", "2023-03-01"),
                         ("phone", "0512-12345678"), ("finance_head", "王科长")):
        try:
            services.set_report_field(db, report_id, field, value)
        except Exception:  # noqa: BLE001 - a field this version does not have
            pass
    finalize(db, report_id)
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    return editor_on(qtbot, tmp_path, db)


def test_a_final_report_has_read_only_tables_and_no_row_actions(final_window, qtbot):
    window = final_window
    assert window.report.status == "final"
    before = window.db.path.read_bytes()
    for number in (BUDGET, TASKS, INDICATORS):
        window.tabs.setCurrentIndex(number)
        page = window.pages[number]
        assert not any(action.isEnabled() for action in page.actions_.values())
        index = page.model.index_of(17, 1) if number == BUDGET else page.model.index(1, 1)
        page.view.setCurrentIndex(index)
        page.view.setFocus()
        qtbot.keyClick(page.view, "7")                           # typing opens no editor
        assert page.view.state() != page.view.State.EditingState
        assert "定稿" in page.message.text()
        qtbot.keyClick(page.view, Qt.Key.Key_Delete)
        qtbot.keyClick(page.view, Qt.Key.Key_Insert, CTRL)       # 插入行 does nothing
        qtbot.keyClick(page.view, Qt.Key.Key_Down, ALT)
        qtbot.keyClick(page.view, Qt.Key.Key_Tab)                 # moving still works
        assert page.view.currentIndex() != index
    assert window.db.path.read_bytes() == before
    assert window.reopen("发现数字有误")
    for number in (BUDGET, TASKS, INDICATORS):
        page = window.pages[number]
        assert all(action.isEnabled() for action in page.actions_.values())
        assert page.view.editTriggers() != page.view.EditTrigger.NoEditTriggers
    window.tabs.setCurrentIndex(TASKS)
    tasks = window.pages[TASKS]
    type_into(qtbot, tasks.view, tasks.model.index(1, 1), "Again")
    assert stored(window).tasks[1].name == "Again"


# -- item 14: 上年实际支出数 in this year's unit -----------------------------------------------------------
def test_last_years_figures_follow_the_amount_unit(qtbot, sample, tmp_path):
    db, report_id = sample
    new_id = create_next_year(db, report_id)
    window = editor_on(qtbot, tmp_path, db, new_id)
    assert window.report.year == 2023
    window.tabs.setCurrentIndex(BUDGET)
    window.previous_action.setChecked(False)
    window.previous_action.trigger()                                # on
    model = window.pages[BUDGET].model
    last = model.columnCount() - 1
    total = model.rows[0]
    assert model.headerData(last, Qt.Orientation.Horizontal) == "上年实际支出数\n（万元）"
    assert model.index_of(total.id, last).data() == "2,449.85"
    window.session.set_report_field("amount_unit", "万元", "元", "金额单位")
    model = window.pages[BUDGET].model
    assert model.headerData(last, Qt.Orientation.Horizontal) == "上年实际支出数\n（元）"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "年初预算数\n（元）"
    assert model.index_of(model.rows[0].id, last).data() == "24,498,500.00"
    assert model.index_of(model.rows[3].id, last).data() == "124,500.00"   # 12.45 万元


def test_last_years_figures_in_yuan_shown_in_wanyuan(qtbot, sample, tmp_path):
    db, report_id = sample
    services.set_report_field(db, report_id, "amount_unit", "元")
    new_id = create_next_year(db, report_id)
    services.set_report_field(db, new_id, "amount_unit", "万元")
    window = editor_on(qtbot, tmp_path, db, new_id)
    window.tabs.setCurrentIndex(BUDGET)
    window.previous_action.setChecked(False)
    window.previous_action.trigger()
    model = window.pages[BUDGET].model
    assert model.index_of(model.rows[0].id, model.columnCount() - 1).data() == "2,449.85"


# -- item 14: a group's name stays in view ---------------------------------------------------------------
def ink(view, index) -> int:
    """How many pixels of the cell differ from its background colour (text drawn in it)."""
    image = view.viewport().grab(view.visualRect(index)).toImage()
    corner = QColor(image.pixel(2, 2))
    return sum(1 for x in range(3, image.width() - 3) for y in range(3, image.height() - 3)
               if QColor(image.pixel(x, y)) != corner)


def test_the_category_of_a_group_scrolled_away_is_shown_in_its_first_visible_row(qtbot, sample, tmp_path):
    db, _report_id = sample
    window = editor_on(qtbot, tmp_path, db)
    window.resize(1200, 600)
    window.tabs.setCurrentIndex(INDICATORS)
    page = window.pages[INDICATORS]
    model, view = page.model, page.view
    # a row inside a group, below the group's first row
    row = next(r for r in range(2, model.rowCount() - 20)
               if model.is_group_continuation(r, 0) and model.is_group_continuation(r - 1, 0))
    view.scrollTo(model.index(row, 0), view.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: view.rowAt(0) == row)
    top, below = model.index(row, 0), model.index(row + 1, 0)
    assert top.data() == "" and below.data() == ""                   # the cells themselves are blank
    assert view.group_label(top) == model.rows[row].category1
    assert view.group_label(below) is None
    assert ink(view, top) > 20 and ink(view, below) == 0
    second = model.index(row, 1)                                      # 二级类别 too
    if model.is_group_continuation(row, 1):
        assert ink(view, second) > 20
    view.scrollTo(model.index(row + 1, 0), view.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: view.rowAt(0) == row + 1)
    assert view.group_label(model.index(row + 1, 0)) == model.rows[row + 1].category1
    assert ink(view, model.index(row + 1, 0)) > 20


# -- a refused edit's message goes with the next good one ---------------------------------------------
def test_the_message_of_a_refused_edit_goes_after_the_next_stored_edit(qtbot, sample, tmp_path):
    db, _report_id = sample
    window = editor_on(qtbot, tmp_path, db)
    window.tabs.setCurrentIndex(BUDGET)
    budget = window.pages[BUDGET]
    qtbot.waitUntil(budget.view.isVisible)
    type_into(qtbot, budget.view, budget.model.index_of(17, 1), "1.234")
    assert "两位小数" in budget.message.text()
    type_into(qtbot, budget.view, budget.model.index_of(17, 1), "1.5")
    assert budget.message.text() == budget.hint


def test_a_file_opened_read_only_has_read_only_tables(qtbot, sample, tmp_path):
    db, _report_id = sample
    window = editor_on(qtbot, tmp_path, db)
    assert window.open_file(window.db.path, read_only=True)
    window.tabs.setCurrentIndex(TASKS)
    tasks = window.pages[TASKS]
    qtbot.waitUntil(tasks.view.isVisible)
    assert not any(action.isEnabled() for action in tasks.actions_.values())
    tasks.view.setCurrentIndex(tasks.model.index(0, 1))
    tasks.view.setFocus()
    qtbot.keyClick(tasks.view, "Q")
    assert tasks.view.state() != tasks.view.State.EditingState and "只读" in tasks.message.text()
