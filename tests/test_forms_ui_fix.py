"""Fixes of the reviewer's findings in the editor under the 四川省 and 财政部 forms:

1. the total in the tab title is always score_report's: after a paste that adds rows below the last
   one (its first row written into the last existing row), rows inserted, removed and moved, undo and
   redo of each, an import over the tables and a switch of form;
2. 指标性质 never damages a filled target: 定性 on a number, ≥ on a phrase are refused with a message;
3. a cell's message names the column as the form heads it (权重, 一级指标), not the catalogue's label;
4. 新建报告 proposes the open report's form;
5. a form file that cannot be used is listed in 基本信息 under the 表式 choice, and stays there.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from conftest import open_editor, stored_report
from helpers.menus import find_action
from models.forms import get_form
from models.scoring import score_report
from test_forms_ui import (
    choose_form, column_of, commit_text, new_report_answered, start_typing_at, tab_title, type_text)

SICHUAN = get_form("sichuan")
MOF = get_form("mof")
SCORE = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def expected_title(window) -> str:
    found = score_report(window.session.editor.snapshot())
    label = window.session.form.scoring.total_label
    return f"部门整体自评表（{label} {found.total} · {found.grade}）"


def assert_exact(window, step: str) -> None:
    """The tab title's total is score_report's of the report as it is now, and so is the tracker's."""
    found = score_report(window.session.editor.snapshot())
    assert window.session.scores.total == found.total, step
    assert tab_title(window) == expected_title(window), step


def row_line(model, row) -> str:
    """A row as copied from the table (its editable cells; the computed 得分 left empty)."""
    return "\t".join(model.edit_text(row, column) if column.editable and column.kind != "score" else ""
                     for column in model.columns)


@pytest.fixture
def sichuan_editor(sample_editor, qtbot):
    """The sample under 四川省, every quantitative row weighted 3 (each scores something)."""
    window = sample_editor
    choose_form(qtbot, window, SICHUAN.name)
    model = window.pages.show("indicators").model
    window.session.edit_cells("indicators", [(row.id, "weight", "3") for row in model.rows
                                             if row.target.is_quantitative and row.actual.is_quantitative])
    assert_exact(window, "weights typed")
    return window


def quantitative_rows(model) -> list:
    return [row for row in model.rows if row.target.is_quantitative and row.actual.is_quantitative]


# ---- 1. the total after every change of shape --------------------------------------------------------

def test_a_paste_below_the_last_row_scores_every_pasted_row(sichuan_editor, qtbot):
    window = sichuan_editor
    page = window.pages.show("indicators")
    model = page.model
    last = model.rowCount() - 1
    weight, score = column_of(model, "weight"), column_of(model, "score_override")
    # the last row has no weight: pasted over, it is the first row of the block
    window.session.edit_cells("indicators", [(model.rows[last].id, "weight", "")])
    assert model.data(model.index(last, score)) == ""
    copied = quantitative_rows(model)[:4]
    lines = []
    for row in copied:
        line = row_line(model, row).split("\t")
        line[weight] = "10"
        lines.append("\t".join(line))
    count = model.rowCount()
    page.view.setCurrentIndex(model.index(last, 0))
    page.view.setFocus()
    page.view.paste_text("\n".join(lines))
    assert model.rowCount() == count + 3
    assert model.data(model.index(last, weight)) == "10"
    # the first pasted row (written into the last existing one) is scored, like the rows added
    first = model.data(model.index(last, score))
    assert first != "" and not model.data(model.index(last, score), TOOLTIP).startswith("无法计算")
    assert_exact(window, "paste with new rows")
    # …and stays right through later edits
    start_typing_at(window, model.index(0, weight))
    type_text(qtbot, "4")
    assert_exact(window, "an edit after the paste")
    find_action(window, "编辑", "撤销").trigger()
    find_action(window, "编辑", "撤销").trigger()  # the paste
    assert model.rowCount() == count
    assert model.data(model.index(last, score)) == ""
    assert_exact(window, "paste undone")
    find_action(window, "编辑", "重做").trigger()
    assert model.data(model.index(last, score)) == first
    assert_exact(window, "paste redone")


def test_rows_inserted_removed_and_moved_with_undo_and_redo(sichuan_editor, qtbot):
    window = sichuan_editor
    page = window.pages.show("indicators")
    model = page.model
    scored = model.rows.index(quantitative_rows(model)[1])

    def act(menu_text: str, row: int) -> None:
        page.view.setCurrentIndex(model.index(row, 2))
        page.view.setFocus()
        find_action(window, "编辑", menu_text).trigger()
        assert_exact(window, menu_text)
        find_action(window, "编辑", "撤销").trigger()
        assert_exact(window, f"{menu_text} undone")
        find_action(window, "编辑", "重做").trigger()
        assert_exact(window, f"{menu_text} redone")

    for text in ("插入行", "末尾添加行", "上移", "下移", "删除行"):
        act(text, scored)
    # a row typed into after an insert keeps the total exact too
    page.view.setCurrentIndex(model.index(scored, 2))
    find_action(window, "编辑", "插入行").trigger()
    start_typing_at(window, model.index(scored, column_of(model, "weight")))
    type_text(qtbot, "7")
    assert_exact(window, "weight typed into an inserted row")


def test_an_import_over_the_tables_and_a_form_switch(sichuan_editor, qtbot):
    window = sichuan_editor
    model = window.pages.show("indicators").model
    rows = quantitative_rows(model)[:3]
    data = {"indicators": [{"category1": row.category1, "category2": row.category2, "name": row.name,
                            "target": row.target.text, "actual": row.actual.text, "weight": "20"}
                           for row in rows]}
    window.session.replace_tables(data)
    assert_exact(window, "import over the tables")
    assert window.session.scores.total > 0
    find_action(window, "编辑", "撤销").trigger()
    assert_exact(window, "import undone")
    find_action(window, "编辑", "重做").trigger()
    assert_exact(window, "import redone")
    choose_form(qtbot, window, MOF.name)
    assert_exact(window, "switched to mof")
    find_action(window, "编辑", "撤销").trigger()
    assert_exact(window, "switch undone")


# ---- 2. 指标性质 never damages a filled target ------------------------------------------------------

def choose_in_cell(qtbot, window, index, text: str) -> None:
    """F2 opens the cell's drop-down; the arrow keys step to `text`; Enter chooses it."""
    start_typing_at(window, index)
    view = window.pages.by_key("indicators").view
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    items = [combo.itemText(n) for n in range(combo.count())]
    target = items.index(text)
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(target - combo.currentIndex())):
        qtbot.keyClick(combo, key)
    assert combo.currentText() == text
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.wait(30)


def test_nature_refused_on_a_filled_target_with_its_message(sichuan_editor, qtbot):
    window = sichuan_editor
    page = window.pages.show("indicators")
    model = page.model
    number, phrase = model.rows[0].id, model.rows[1].id
    window.session.edit_cells("indicators", [(number, "target", "≥2项"), (number, "actual", "2项"),
                                             (number, "weight", "10"), (phrase, "target", "好")])
    nature, score = column_of(model, "target_nature"), column_of(model, "score_override")
    total, steps = window.session.scores.total, window.session.editor.undo_count
    assert model.data(model.index(0, score)) == "10.00"
    # 定性 chosen on ≥ 2 项: refused, said at the cell, nothing changed
    choose_in_cell(qtbot, window, model.index(0, nature), "定性")
    assert page.view.last_problem == "指标值“2”是数字，不能设为定性；请先把指标值改为文字，如“好”"
    assert stored_report(window).indicators[0].target.text == "≥2项" == model.rows[0].target.text
    assert [model.data(model.index(0, column_of(model, f))) for f in ("target_nature", "target_value",
                                                                      "target_unit")] == ["≥", "2", "项"]
    assert model.data(model.index(0, score)) == "10.00" and window.session.scores.total == total
    assert window.session.editor.undo_count == steps
    assert page.message.text() == page.view.last_problem  # the line under the table says it too
    # ≥ typed on a 定性 row: refused
    start_typing_at(window, model.index(1, nature))
    type_text(qtbot, ">=")
    assert page.view.last_problem == "指标值“好”不是数字，不能设为“≥”；请先填写数字指标值"
    assert stored_report(window).indicators[1].target.text == "好" == model.rows[1].target.text
    assert model.data(model.index(1, nature)) == "定性"
    assert window.session.editor.undo_count == steps
    # the way the message points: a phrase typed as the 指标值 makes the row 定性 (its unit goes)
    start_typing_at(window, model.index(0, column_of(model, "target_value")))
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    commit_text("较好")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert stored_report(window).indicators[0].target.text == "较好"
    assert model.data(model.index(0, nature)) == "定性"
    assert_exact(window, "a phrase for the number")
    # an empty row takes either nature, as before
    empty = model.rowCount() - 1
    window.session.edit_cells("indicators", [(model.rows[empty].id, "target", "")])
    choose_in_cell(qtbot, window, model.index(empty, nature), "≤")
    assert model.rows[empty].target.text == "≤"


# ---- 3. messages name the column as the form heads it ------------------------------------------------

def test_a_bad_weight_is_named_by_the_forms_heading(sichuan_editor, qtbot):
    window = sichuan_editor
    page = window.pages.show("indicators")
    model = page.model
    start_typing_at(window, model.index(0, column_of(model, "weight")))
    type_text(qtbot, "abc")
    assert page.view.last_problem == "权重：“abc”不是数字，请填写 0 到 100 之间的数，例如 12.5"
    start_typing_at(window, model.index(0, column_of(model, "weight")))
    type_text(qtbot, "1.234")
    assert page.view.last_problem == "权重：“1.234”最多两位小数"
    # a paste lists the cells by the same heading, the heading said once
    page.view.setCurrentIndex(model.index(0, column_of(model, "weight")))
    page.view.paste_text("x")
    assert "第 1 行“权重”：“x”不是数字，请填写 0 到 100 之间的数" in page.message.text()
    assert "分值" not in page.message.text()
    # the funding block: the row and the form's heading
    funding = page.funding_model
    start_typing_at(window, funding.index(0, column_of(funding, "adjusted")), qtbot)
    type_text(qtbot, "abc")
    assert page.funding_view.last_problem.startswith("总额的调整后预算数：")
    assert "资金情况" not in page.funding_view.last_problem and "全年预算数" not in page.funding_view.last_problem


def test_mof_messages_say_its_headings(sample_editor, qtbot):
    window = sample_editor
    choose_form(qtbot, window, MOF.name)
    page = window.pages.show("indicators")
    model = page.model
    start_typing_at(window, model.index(0, column_of(model, "category1")))
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    commit_text("长" * 201)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert page.view.last_problem.startswith("一级指标：内容过长")
    start_typing_at(window, model.index(0, column_of(model, "actual")))
    type_text(qtbot, "1" * 40)
    assert page.view.last_problem.startswith("实际完成值：")
    start_typing_at(window, model.index(0, column_of(model, "weight")))
    type_text(qtbot, "abc")
    assert page.view.last_problem.startswith("分值：“abc”")
    assert "一级类别" not in page.message.text()


# ---- 4. 新建报告 proposes the open report's form ------------------------------------------------------

def test_new_report_proposes_the_open_reports_form(sample_editor, qtbot):
    window = sample_editor
    choose_form(qtbot, window, SICHUAN.name)
    seen = new_report_answered(qtbot, window, "测试局", SICHUAN.name)
    assert seen["default"] == SICHUAN.name
    assert seen["title"] == SICHUAN.title  # and the form's own title, not Suzhou's
    assert stored_report(window).form == "sichuan" and window.report.title == SICHUAN.title
    # from a report in Suzhou's form, Suzhou's is proposed, as before
    choose_form(qtbot, window, "苏州市")
    seen = new_report_answered(qtbot, window, "另一局", MOF.name)
    assert seen["default"] == "苏州市" and seen["title"] == get_form("suzhou").title
    assert seen["new_title"] == MOF.title and stored_report(window).form == "mof"


# ---- 5. a form file that cannot be used stays listed in 基本信息 ---------------------------------------

@pytest.fixture
def broken_forms(tmp_path, monkeypatch):
    from models.forms import reload_forms
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "broken.toml").write_text('key = "broken"\nname = "坏的"\n', encoding="utf-8")
    (folder / "bad.toml").write_text('key = \n', encoding="utf-8")
    monkeypatch.setenv("JIXIAO_FORMS_DIR", str(folder))
    reload_forms()
    yield
    monkeypatch.delenv("JIXIAO_FORMS_DIR")
    reload_forms()


def test_refused_form_files_are_listed_under_the_form_choice(broken_forms, sample, qtbot, tmp_path):
    from models.forms import form_problems
    db, _report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(window)
    page = window.pages.show("basic")
    warning = page.forms_warning
    assert warning.isVisible()
    text = warning.text()
    assert "broken.toml" in text and "bad.toml" in text and "其他表式照常可用" in text
    assert all(problem in text for problem in form_problems())
    # it stays: after other actions, a status line, an edit and its undo, another report opened
    window.show_status("已保存")
    start_typing_at(window, window.pages.by_key("indicators").model.index(0, 2), qtbot)
    type_text(qtbot, "x")
    find_action(window, "编辑", "撤销").trigger()
    window.open_report(window.session.report_id)
    page = window.pages.show("basic")
    assert page.forms_warning.isVisible() and page.forms_warning.text() == text
    assert QApplication.activeModalWidget() is None  # never a dialog


def test_no_warning_when_every_form_file_is_fine(sample_editor):
    page = sample_editor.pages.show("basic")
    assert page.forms_warning.isHidden() and page.forms_warning.text() == ""
