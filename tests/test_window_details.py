"""The smaller things a user meets: a final report's fields are read-only, 从备份恢复 asks and then
says what it did, narrative boxes grow with their text, the undo entry names its field cleanly, the
检查 tab's columns fit and Enter jumps, the banner's 新建我的报告 only on the sample, a refusal in the
status bar goes with the next good edit, and the keyboard reaches every menu entry and the switcher."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import open_editor
from helpers.menus import find_action, menu_actions, press
from helpers.modal import DialogAnswerer
from models import services
from models.views import load_report


@pytest.fixture
def window(qtbot, sample, tmp_path):
    db, _report_id = sample
    db.close()
    return open_editor(qtbot, db.path, tmp_path)


def test_final_report_fields_are_read_only(qtbot, sample, tmp_path):
    db, report_id = sample
    services.set_report_field(db, report_id, "preparer", "张会计")
    from sqlalchemy import text
    with db.transaction() as session:
        session.execute(text("UPDATE reports SET status = 'final' WHERE id = :id"), {"id": report_id})
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    edit = window.pages.show("basic").rows["preparer"].edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Z")
    edit.editingFinished.emit()
    assert edit.text() == "张会计" and edit.isReadOnly()
    narrative = window.pages.show("narrative")
    assert all(e.isReadOnly() for e in narrative.editors.values())
    assert not find_action(window, "编辑", "插入行").isEnabled()
    assert not find_action(window, "报告", "定稿").isEnabled()


def test_restore_asks_then_says_what_it_did(window, tmp_path):
    from models.backup import make_backup
    make_backup(window.db.path)
    before = window.db.path.read_bytes()
    with DialogAnswerer(tmp_path, choices={"从备份恢复": "恢复所选备份"}) as answers:
        find_action(window, "文件", "从备份恢复").trigger()   # the question's default is 取消
    assert [s.kind for s in answers.seen] == ["dialog", "message"] and "确定" in answers.seen[1].text
    assert window.db.path.read_bytes() == before
    answers_then = {"从备份恢复": "恢复"}
    with DialogAnswerer(tmp_path, choices=answers_then) as answers:
        find_action(window, "文件", "从备份恢复").trigger()
    # the list chose a backup through its own title; the question and the result share it
    texts = [s.text for s in answers.seen if s.kind == "message"]
    assert any("已恢复为备份" in t and "已备份为" in t and "撤销记录已清空" in t for t in texts)
    assert not answers.english()


def test_narrative_box_grows_with_its_text(window, qtbot):
    page = window.pages.show("narrative")
    editor = page.editors["org_setup"]
    short = editor.height()
    editor.setPlainText("\n".join(f"第 {n} 段：机构设置的说明文字。" for n in range(40)))
    qtbot.waitUntil(lambda: editor.height() > short * 3, timeout=3000)
    assert editor.verticalScrollBar().maximum() == 0  # no scrollbar inside the box


def test_undo_entry_names_the_field(window, qtbot):
    page = window.pages.show("narrative")
    editor = page.editors["org_setup"]
    editor.setPlainText(editor.toPlainText() + "补充。")
    page.apply()
    assert window.undo_action.text() == "撤销 修改“机构设置”(&U)"
    basic = window.pages.show("basic")
    basic.rows["department"].edit.setText("新部门")
    basic.apply()
    assert window.undo_action.text() == "撤销 修改“预算部门名称”(&U)"


def test_checks_columns_fit_and_enter_jumps(window, qtbot):
    qtbot.waitUntil(lambda: window.checks_page.model.rowCount() > 0, timeout=5000)
    page = window.pages.show("checks")
    view = page.view
    metrics = view.fontMetrics()
    longest = max(metrics.horizontalAdvance(f.place) for f in page.model.findings)
    assert view.columnWidth(1) >= min(longest, view.viewport().width() * 0.4 - 24)
    assert view.columnWidth(2) > view.columnWidth(1) // 2
    view.setFocus()
    row = next(n for n, f in enumerate(page.model.findings) if f.table == "indicators")  # a finding in a table
    view.setCurrentIndex(page.model.index(row, 1))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.pages.current() is window.table_page("indicators")


def test_new_report_button_only_on_the_sample(window, tmp_path):
    assert window.banner_button.isVisible()
    with DialogAnswerer(tmp_path, choices={"以上年报告为基础新建": "不保留正文"}):
        find_action(window, "报告", "以上年报告为基础新建").trigger()
    assert not window.report.is_sample
    assert not window.banner_button.isVisible()
    from sqlalchemy import text
    with window.db.transaction() as session:  # the user's own report, final: the banner says so, no button
        session.execute(text("UPDATE reports SET status = 'final' WHERE id = :id"), {"id": window.report.id})
    window.open_report(window.report.id)
    assert window.banner.isVisible() and "定稿" in window.banner_text.text()
    assert not window.banner_button.isVisible()


def test_a_refusal_in_the_status_bar_goes_with_the_next_good_edit(window):
    basic = window.pages.show("basic")
    basic.rows["phone"].edit.setText("0512-7654321")
    basic.apply()
    from sqlalchemy import text
    with window.db.transaction() as session:  # another program makes it final behind the editor's back
        session.execute(text("UPDATE reports SET status = 'final' WHERE id = :id"), {"id": window.report.id})
    find_action(window, "编辑", "撤销").trigger()
    assert "已定稿" in window.statusBar().currentMessage()
    with window.db.transaction() as session:
        session.execute(text("UPDATE reports SET status = 'draft' WHERE id = :id"), {"id": window.report.id})
    basic.rows["phone"].edit.setText("0512-1234567")
    basic.apply()
    assert window.statusBar().currentMessage() == ""


def test_every_menu_entry_has_an_access_key(window):
    for menu in window.menuBar().actions():
        assert "(&" in menu.text()
    by_menu = {}
    for path, action in menu_actions(window):
        text = action.text().split("\t")[0].replace("&&", "")
        assert "&" in text, f"{' › '.join(path)} › {text} has no access key"
        key = text[text.index("&") + 1].upper()
        by_menu.setdefault(path, []).append(key)
    for path, keys in by_menu.items():
        assert len(keys) == len(set(keys)), f"{path}: access keys {keys} repeat"


def test_row_commands_show_their_shortcuts_without_registering_them(window):
    window.pages.show("tasks")
    entry = find_action(window, "编辑", "插入行")
    assert "\t" in entry.text() and entry.shortcuts() == []  # shown, held by the tab's own action


def test_switcher_by_shortcut_and_by_its_label(window, qtbot):
    assert window.switcher_label.buddy() is window.switcher and "(&" in window.switcher_label.text()
    window.pages.show("basic").rows["title"].edit.setFocus()
    press(qtbot, window, "Ctrl+R")
    assert QApplication.focusWidget() is window.switcher
