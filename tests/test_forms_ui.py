"""The report's form (表式) in the editor, as a user meets it: chosen in 基本信息 and in 新建报告, the
tables in the form's columns, 分值 typed and 得分 computed (grey; a typed one is an override, ✎), the
qualitative 完成程度 proposing its band's top, the funding block above the indicators, the total and
grade in the tab title after every edit, undo and redo, and a switch undone from the 编辑 menu."""
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from conftest import open_editor, stored_report
from helpers.menus import find_action
from models.forms import get_form
from models.scoring import score_report

KEY_GAP_MS = 30
HORIZONTAL = Qt.Orientation.Horizontal


def headings(model) -> list[str]:
    return [model.headerData(n, HORIZONTAL).replace("\n", "") for n in range(model.columnCount())]


def column_of(model, field: str) -> int:
    return next(n for n, column in enumerate(model.columns) if column.field == field)


def type_text(qtbot, text: str, then=Qt.Key.Key_Return) -> None:
    """Key by key into whatever has the focus (the first key opens a cell's editor), then `then`."""
    for char in text:
        assert QApplication.focusWidget() is not None, f"nothing has the focus to type {text!r} into"
        qtbot.keyClick(QApplication.focusWidget(), char)
        qtbot.wait(KEY_GAP_MS)
    assert QApplication.focusWidget() is not None
    qtbot.keyClick(QApplication.focusWidget(), then)
    qtbot.wait(KEY_GAP_MS)


def commit_text(text: str) -> None:
    """Chinese text as an input method commits it, to whatever has the focus."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(QApplication.focusObject(), event)


def choose_form(qtbot, window, name: str) -> None:
    """基本信息 › 表式: the combo box focused and stepped with the arrow keys to `name`."""
    window.pages.show("basic")
    combo = window.pages.by_key("basic").form
    combo.setFocus()
    names = [combo.itemText(n) for n in range(combo.count())]
    target = names.index(name)
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(target - combo.currentIndex())):
        qtbot.keyClick(combo, key)
        qtbot.wait(KEY_GAP_MS)
    assert combo.currentText() == name


def start_typing_at(window, model_index, qtbot=None) -> None:
    if QApplication.activeWindow() is not window:  # (after a dialog)
        window.activateWindow()
        if qtbot is not None:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    page = window.pages.show("indicators")
    view = page.view if model_index.model() is page.model else page.funding_view
    view.setCurrentIndex(model_index)
    view.setFocus()


def tab_title(window) -> str:
    return window.tabs.tabText(window.pages.position("indicators"))


MOF = get_form("mof")


@pytest.fixture
def mof_editor(sample_editor, qtbot):
    choose_form(qtbot, sample_editor, MOF.name)
    return sample_editor


def test_suzhou_keeps_todays_columns_and_sections():
    from ui.columns import INDICATOR_COLUMNS, TASK_COLUMNS, budget_columns
    from ui.form_ui import narrative_sections, table_columns
    from ui.pages.narrative import SECTIONS
    suzhou = get_form("suzhou")
    assert table_columns(suzhou, "indicators") == INDICATOR_COLUMNS
    assert table_columns(suzhou, "tasks") == TASK_COLUMNS
    assert table_columns(suzhou, "budget", "元") == budget_columns("元")
    assert narrative_sections(suzhou) == SECTIONS


def test_choosing_mof_in_basic_info_shows_its_columns_blocks_and_total(mof_editor, qtbot):
    window = mof_editor
    assert stored_report(window).form == "mof"
    page = window.pages.show("indicators")
    wanted = [c.heading for c in MOF.columns("indicators")]
    wanted.insert(wanted.index("得分") + 1, "完成程度（定性指标）")  # the editor's own column, not printed
    assert headings(page.model) == wanted
    # the funding block above the indicators, in the form's rows and columns
    assert not page.funding_box.isHidden()
    assert headings(page.funding_model) == ["资金"] + [c.heading for c in MOF.funding.columns]
    labels = [page.funding_model.data(page.funding_model.index(r, 0)) for r in range(page.funding_model.rowCount())]
    assert labels == ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金"]
    # 年度重点任务 is not part of the form: its tab is not shown (its rows are kept)
    assert not window.tabs.isTabVisible(window.pages.position("tasks"))
    # 报告正文 shows the form's texts: 年度总体目标 预期目标 / 实际完成情况
    assert list(window.pages.by_key("narrative").editors) == ["goal_expected", "goal_achieved"]
    expected = score_report(window.session.editor.snapshot())
    assert tab_title(window) == f"部门整体自评表（总分 {expected.total} · {expected.grade}）"


def test_a_weight_typed_scores_its_row_and_moves_the_total(mof_editor, qtbot):
    window = mof_editor
    page = window.pages.show("indicators")
    model = page.model
    row = next(n for n, r in enumerate(model.rows) if r.target.is_quantitative and r.actual.is_quantitative)
    before = window.session.scores.total
    start_typing_at(window, model.index(row, column_of(model, "weight")))
    type_text(qtbot, "5")
    score_cell = model.index(row, column_of(model, "score_override"))
    assert model.data(score_cell) == "5.00"
    assert model.data(score_cell, Qt.ItemDataRole.BackgroundRole) is not None  # grey: computed
    total = window.session.scores.total
    assert total == before + Decimal("5.00")
    assert tab_title(window) == f"部门整体自评表（总分 {total} · 差）"
    assert score_report(window.session.editor.snapshot()).total == total  # the incremental sum is exact
    # a typed score is an override, marked as 偏差情况's is; Delete returns to the computed one
    start_typing_at(window, score_cell)
    type_text(qtbot, "4.5")
    assert model.data(score_cell) == "✎ 4.50"
    assert tab_title(window) == f"部门整体自评表（总分 {total - Decimal('0.5')} · 差）"
    start_typing_at(window, score_cell)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert model.data(score_cell) == "5.00"
    assert stored_report(window).indicators[row].score_override is None
    # the computed score pasted back (a row copied with its scores) is no override
    page.view.setCurrentIndex(score_cell)
    page.view.paste_text("5.00")
    assert model.rows[row].score_override is None and window.session.editor.undo_text == "清除内容"
    page.view.paste_text("3")
    assert model.rows[row].score_override == Decimal("3") and model.data(score_cell) == "✎ 3.00"
    find_action(window, "编辑", "撤销").trigger()
    # undo and redo through the menu move the title with them
    find_action(window, "编辑", "撤销").trigger()
    assert tab_title(window) == f"部门整体自评表（总分 {total - Decimal('0.5')} · 差）"
    find_action(window, "编辑", "重做").trigger()
    assert tab_title(window) == f"部门整体自评表（总分 {total} · 差）"


def test_rows_deleted_and_restored_keep_the_total_exact(mof_editor, qtbot):
    window = mof_editor
    page = window.pages.show("indicators")
    model = page.model
    window.session.edit_cells("indicators", [(row.id, "weight", "3") for row in model.rows[:12]])
    expected = lambda: score_report(window.session.editor.snapshot())  # noqa: E731
    assert window.session.scores.total == expected().total
    quantitative = next(n for n, r in enumerate(model.rows) if r.target.is_quantitative and r.weight)
    page.view.setCurrentIndex(model.index(quantitative, 2))
    page.view.setFocus()
    count = model.rowCount()
    find_action(window, "编辑", "删除行").trigger()
    assert model.rowCount() == count - 1
    assert tab_title(window) == f"部门整体自评表（总分 {expected().total} · {expected().grade}）"
    find_action(window, "编辑", "撤销").trigger()
    assert window.session.scores.total == expected().total
    assert tab_title(window) == f"部门整体自评表（总分 {expected().total} · {expected().grade}）"


def test_ctrl_page_down_passes_over_the_tab_the_form_does_not_have(mof_editor, qtbot):
    from helpers.menus import press
    window = mof_editor
    window.pages.show("budget").focus_first()
    press(qtbot, window, "Ctrl+PgDown")
    assert window.tabs.currentIndex() == window.pages.position("indicators")
    press(qtbot, window, "Ctrl+PgUp")
    assert window.tabs.currentIndex() == window.pages.position("budget")


def test_a_qualitative_completion_chosen_proposes_its_band_top(mof_editor, qtbot):
    window = mof_editor
    page = window.pages.show("indicators")
    model = page.model
    row = next(n for n, r in enumerate(model.rows) if not r.target.is_quantitative and not r.target.is_empty)
    start_typing_at(window, model.index(row, column_of(model, "weight")))
    type_text(qtbot, "10")
    completion = model.index(row, column_of(model, "completion"))
    assert model.flags(completion) & Qt.ItemFlag.ItemIsEditable
    start_typing_at(window, completion)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)  # the drop-down opens in the cell
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # 达成年度指标
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # 部分达成年度指标并具有一定效果
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.rows[row].completion == "部分达成年度指标并具有一定效果", timeout=3000)
    score_cell = model.index(row, column_of(model, "score_override"))
    assert model.data(score_cell) == "7.99"  # [6, 8): the top of the band
    assert stored_report(window).indicators[row].score_override == Decimal("7.99")
    # one undo step takes back both the wording and its score
    find_action(window, "编辑", "撤销").trigger()
    assert model.rows[row].completion == "" and model.rows[row].score_override is None
    # a quantitative row has no 完成程度 to choose
    quantitative = next(n for n, r in enumerate(model.rows) if r.target.is_quantitative)
    assert not model.flags(model.index(quantitative, column_of(model, "completion"))) & Qt.ItemFlag.ItemIsEditable


def test_switching_forms_keeps_values_and_undo_redraws(mof_editor, qtbot):
    window = mof_editor
    page = window.pages.show("indicators")
    model = page.model
    start_typing_at(window, model.index(0, column_of(model, "weight")))
    type_text(qtbot, "12.5")
    choose_form(qtbot, window, "苏州市")
    page = window.pages.by_key("indicators")
    assert headings(page.model)[:3] == ["一级类别", "二级类别", "指标名称"]
    assert page.funding_box.isHidden()
    assert tab_title(window) == "部门整体自评表"
    assert window.tabs.isTabVisible(window.pages.position("tasks"))
    choose_form(qtbot, window, MOF.name)
    page = window.pages.by_key("indicators")
    assert page.model.data(page.model.index(0, column_of(page.model, "weight"))) == "12.5"
    # 编辑 › 撤销 (the menu's action) takes the switch back: the headings and the title with it
    undo = find_action(window, "编辑", "撤销")
    assert "更改表式" in undo.text()
    undo.trigger()
    page = window.pages.by_key("indicators")
    assert stored_report(window).form == "suzhou"
    assert headings(page.model)[:3] == ["一级类别", "二级类别", "指标名称"]
    assert window.pages.by_key("basic").form.currentText() == "苏州市"
    assert tab_title(window) == "部门整体自评表"
    find_action(window, "编辑", "重做").trigger()
    assert headings(window.pages.by_key("indicators").model)[:3] == ["一级指标", "二级指标", "三级指标"]
    assert tab_title(window).startswith("部门整体自评表（总分 ")


def test_sichuan_target_parts_are_edited_as_columns(sample_editor, qtbot):
    window = sample_editor
    choose_form(qtbot, window, "四川省")
    page = window.pages.show("indicators")
    model = page.model
    assert headings(model)[3:6] == ["指标性质", "指标值", "度量单位"]
    row = next(n for n, r in enumerate(model.rows) if r.target.text == "=100%")
    start_typing_at(window, model.index(row, column_of(model, "target_value")))
    type_text(qtbot, "95")
    assert model.rows[row].target.text == "=95%"
    start_typing_at(window, model.index(row, column_of(model, "target_nature")))
    type_text(qtbot, ">=")  # typed into the drop-down's box: read as ≥
    assert model.rows[row].target.text.startswith("≥") or model.rows[row].target.operator == ">="
    assert model.data(model.index(row, column_of(model, "target_nature"))) == "≥"
    assert stored_report(window).indicators[row].target.text == model.rows[row].target.text


def new_report_answered(qtbot, window, department: str, form_name: str) -> None:
    """文件 › 新建报告 answered as a user does: the department typed, 表式 stepped to `form_name`, 创建."""
    from ui.dialogs import NewReportDialog
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewReportDialog):
            QTimer.singleShot(20, answer)
            return
        seen["title"] = dialog.title.text()
        seen["default"] = dialog.form.currentText()
        dialog.department.setFocus()
        commit_text(department)
        dialog.form.setFocus()
        while dialog.form.currentText() != form_name:
            qtbot.keyClick(dialog.form, Qt.Key.Key_Down)
        seen["new_title"] = dialog.title.text()
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(20, answer)
    find_action(window, "文件", "新建报告").trigger()
    return seen


def test_new_report_in_sichuan_and_its_funding_block(sample_editor, qtbot):
    window = sample_editor
    seen = new_report_answered(qtbot, window, "测试局", "四川省")
    assert seen["default"] == "苏州市"
    assert seen["new_title"] == get_form("sichuan").title  # the form's own title follows the choice
    assert window.report.department == "测试局"
    assert stored_report(window).form == "sichuan"
    page = window.pages.show("indicators")
    assert headings(page.model)[:6] == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]
    funding = page.funding_model
    weight = funding.index(0, column_of(funding, "weight"))
    assert funding.data(weight) == "10"  # fixed by the form: shown, not editable
    assert not funding.flags(weight) & Qt.ItemFlag.ItemIsEditable
    assert not funding.flags(funding.index(1, column_of(funding, "weight"))) & Qt.ItemFlag.ItemIsEditable
    start_typing_at(window, funding.index(0, column_of(funding, "adjusted")), qtbot)
    type_text(qtbot, "100", Qt.Key.Key_Tab)
    type_text(qtbot, "86")
    assert funding.data(funding.index(0, column_of(funding, "execution_rate"))) == "86.00%"
    assert funding.data(funding.index(0, column_of(funding, "score_override"))) == "8.60"  # never 9
    assert tab_title(window) == "部门整体自评表（合计 8.60 · 差）"
    stored = stored_report(window)
    assert stored.funding_row("total").adjusted == Decimal("100") and stored.funding_row("total").actual == 86
    find_action(window, "编辑", "撤销").trigger()
    assert tab_title(window) == "部门整体自评表（合计 0.00 · 差）"
    assert list(window.pages.by_key("narrative").editors) == ["conclusion", "problems", "improvements"]


def test_the_goal_texts_are_stored_from_the_narrative_page(mof_editor, qtbot):
    window = mof_editor
    page = window.pages.show("narrative")
    box = page.editors["goal_expected"]
    box.setFocus()
    commit_text("全年完成各项服务")
    page.apply()
    assert stored_report(window).form_texts["goal_expected"] == "全年完成各项服务"
    find_action(window, "编辑", "撤销").trigger()
    assert box.toPlainText() == ""


@pytest.fixture
def broken_form(tmp_path, monkeypatch):
    from models.forms import reload_forms
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "broken.toml").write_text('key = "broken"\nname = "坏的"\n', encoding="utf-8")
    monkeypatch.setenv("JIXIAO_FORMS_DIR", str(folder))
    reload_forms()
    yield
    monkeypatch.delenv("JIXIAO_FORMS_DIR")
    reload_forms()


def test_a_form_file_that_cannot_be_read_is_said_once(broken_form, sample, qtbot, tmp_path):
    db, _report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    assert "broken.toml" in window.statusBar().currentMessage()
    combo = window.pages.by_key("basic").form
    assert [combo.itemText(n) for n in range(combo.count())] == ["苏州市", MOF.name, "四川省"]
    window.statusBar().clearMessage()
    window.open_report(window.session.report_id)
    assert window.statusBar().currentMessage() == ""


def test_a_finding_about_the_funding_block_is_shown_there(sample_editor, qtbot):
    window = sample_editor
    choose_form(qtbot, window, "四川省")
    from models.checks.findings import Finding
    finding = Finding("错误", "funding", "total", 1, "adjusted", "测试：与预算信息不一致", "", "总额")
    window.go_to_finding(finding)
    page = window.pages.by_key("indicators")
    assert window.tabs.currentIndex() == window.pages.position("indicators")
    current = page.funding_view.currentIndex()
    assert (current.row(), page.funding_model.columns[current.column()].field) == (0, "adjusted")
    page.show_findings([finding])
    assert page.funding_model.data(current, Qt.ItemDataRole.ToolTipRole).startswith("【错误】测试")


def test_a_cell_edit_scores_only_its_row(mof_editor, qtbot, monkeypatch):
    import models.scoring
    window = mof_editor
    page = window.pages.show("indicators")
    model = page.model
    assert window.session.scores.total is not None  # scored once, when the form was chosen
    calls = []
    real = models.scoring.indicator_score
    import threading

    def counted(row, place):
        if threading.current_thread() is threading.main_thread():  # the checks score on their own thread
            calls.append(row.id)
        return real(row, place)
    monkeypatch.setattr(models.scoring, "indicator_score", counted)
    start_typing_at(window, model.index(3, column_of(model, "weight")))
    type_text(qtbot, "7")
    assert calls == [model.rows[3].id]
    assert window.session.scores.total == score_report(window.session.editor.snapshot()).total


def test_models_pass_the_model_tester(mof_editor, qtmodeltester):
    page = mof_editor.pages.show("indicators")
    qtmodeltester.check(page.funding_model)
    qtmodeltester.check(page.model)
