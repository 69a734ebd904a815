"""Fixes of the reviewer's findings in the editor under the 四川省 and 财政部 forms:

1. the total in the tab title is always score_report's: after a paste that adds rows below the last
   one (its first row written into the last existing row), rows inserted, removed and moved, undo and
   redo of each, an import over the tables and a switch of form;
2. 指标性质 never damages a filled target: 定性 on a number, ≥ on a phrase are refused with a message;
3. a cell's message names the column as the form heads it (权重, 一级指标), not the catalogue's label;
4. 新建报告 proposes the open report's form;
5. a form file that cannot be used is listed in 基本信息 under the 表式 choice, and stays there.
"""
from decimal import Decimal

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
