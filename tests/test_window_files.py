"""另存为 says that the editor now works on the new file; 删除当前报告 on a 定稿 report says what goes
with it, and once the last report is deleted nothing of it stays on screen."""
from PySide6.QtWidgets import QApplication

from conftest import open_editor
from helpers.menus import find_action
from helpers.modal import DialogAnswerer
from test_menu_walk import make_file


def test_save_as_says_which_file_is_now_edited(qtbot, tmp_path):
    window = open_editor(qtbot, make_file("sample", tmp_path), tmp_path)
    original = window.db.path
    with DialogAnswerer(tmp_path) as answers:
        find_action(window, "文件", "另存为").trigger()
        qtbot.waitUntil(lambda: any(s.title == "另存为" and s.kind == "message" for s in answers.seen), timeout=5000)
    saved = answers.saved_files[0]
    assert window.db.path == saved
    message = next(s for s in answers.seen if s.title == "另存为" and s.kind == "message")
    assert str(saved) in message.text and str(original) in message.text


def test_deleting_a_final_report_says_so_and_leaves_nothing_on_screen(qtbot, tmp_path):
    window = open_editor(qtbot, make_file("final", tmp_path), tmp_path)
    assert window.report.status == "final"
    with DialogAnswerer(tmp_path, {"删除报告": "删除"}) as answers:
        find_action(window, "报告", "删除当前报告").trigger()
        qtbot.waitUntil(lambda: window.report is None, timeout=5000)
    question = next(s for s in answers.seen if s.title == "删除报告")
    assert "已定稿" in question.text and "版本" in question.text
    QApplication.processEvents()
    assert not window.tabs.isVisible()
    assert "还没有报告" in window.banner_text.text()
