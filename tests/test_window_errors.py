"""A bug anywhere in the editor — in a slot on the GUI thread or in the checks' worker thread — is
written with its traceback to errors.log in the data folder, and the user gets a Chinese message that
names that file; the program goes on."""
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from conftest import open_editor
from helpers.menus import find_action
from helpers.modal import DialogAnswerer
from ui import app as ui_app
from models.error_log import log_path


@pytest.fixture
def window(qtbot, sample, tmp_path, monkeypatch):
    db, _report_id = sample
    db.close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    import threading
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    main = open_editor(qtbot, db.path, tmp_path)
    ui_app.install_error_handler()  # what run_editor does
    return main


def test_a_bug_in_a_menu_command_is_logged_and_named(window, tmp_path, monkeypatch, qtbot):
    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(QMessageBox, "about", broken)
    import ui.dialogs
    monkeypatch.setattr(ui.dialogs, "show_about", broken)
    with DialogAnswerer(tmp_path) as answers:
        find_action(window, "帮助", "关于与术语").trigger()
        qtbot.waitUntil(lambda: bool(answers.internal_errors()), timeout=5000)
    box = answers.internal_errors()[0]
    assert str(log_path()) in box.text and "内部错误" in box.text
    assert not answers.english()  # 确定 and 显示详情, not OK and Show Details…
    assert "ZeroDivisionError" in log_path().read_text(encoding="utf-8")
    assert str(log_path()).startswith(str(tmp_path / "userdata"))  # JIXIAO_DATA_DIR


def test_a_bug_in_the_checks_thread_does_not_end_the_program(window, tmp_path, monkeypatch, qtbot):
    def broken_rules(_report):
        raise RuntimeError("a rule failed")
    window.checker._pool.waitForDone()
    import models.checks
    monkeypatch.setattr(models.checks, "run_checks", broken_rules)
    with DialogAnswerer(tmp_path) as answers:
        window.checker.schedule()
        qtbot.waitUntil(lambda: bool(answers.internal_errors()), timeout=5000)
    assert "RuntimeError: a rule failed" in log_path().read_text(encoding="utf-8")
    assert str(log_path()) in answers.internal_errors()[0].text
    assert window.isVisible()
    page = window.pages.show("basic")  # and it goes on
    page.rows["preparer"].edit.setText("王五")
    page.rows["preparer"].edit.editingFinished.emit()
    assert page.stored["preparer"] == "王五"


def test_qt_texts_are_chinese(window):
    assert ui_app.install_translations(QApplication.instance())
    box = QMessageBox(QMessageBox.Icon.Critical, "x", "y", QMessageBox.StandardButton.Ok)
    box.setDetailedText("d")
    box.show()
    texts = [b.text() for b in box.buttons()]
    box.close()
    assert "确定" in texts and not any("OK" in t or "Details" in t for t in texts)
