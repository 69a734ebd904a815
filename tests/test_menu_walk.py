"""Every menu entry and every shortcut, as a user reaches them: each QAction found by walking the menu
bar (so a new entry is covered without touching this test) is triggered, and each shortcut is
pressed as a key, on the sample, on a brand-new empty report and on a final (定稿) report; every
dialog that opens is answered. No internal-error dialog may appear, no exception may reach the
event loop, and no dialog may show an English button."""
import sys

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from conftest import open_editor, print_to_pdf
from helpers.menus import menu_actions, plain, press
from helpers.modal import DialogAnswerer
from models import services
from models.database import open_database

ANSWERS = {"导出 PDF前检查": "继续", "打印预览前检查": "继续", "打印前检查": "继续", "导出 Excel前检查": "继续",
           "打印字体": "确定"}
SKIPPED = {"退出"}  # tested on its own below: it ends the program


@pytest.fixture
def exceptions(monkeypatch):
    """Every exception that reaches the event loop (Qt hands those to sys.excepthook)."""
    caught = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: caught.append((kind, value)))
    return caught


@pytest.fixture(autouse=True)
def pdf_printer(monkeypatch, tmp_path):
    print_to_pdf(monkeypatch, tmp_path / "printed.pdf")


def make_file(kind: str, tmp_path):
    """A database with the report to walk: the sample, a new empty one, or a final one."""
    path = tmp_path / "reports.db"
    db = open_database(path)
    if kind == "sample":
        from models.sample import install_sample
        install_sample(db)
    elif kind == "empty":
        services.create_report(db, year=2024, department="测试单位", title="绩效自评报告", amount_unit="万元")
    else:  # the sample with its one error put right, finalised
        from models.sample import install_sample
        from models.versions import FinalizeRefused, finalize
        from models.views import load_report
        report_id = install_sample(db)
        row = next(i for i in load_report(db, report_id).indicators if i.name == "结转结余率")
        services.set_field(db, "indicators", row.id, "actual", "2.72%")
        services.set_field(db, "indicators", row.id, "reason", "年末结转资金")
        try:
            finalize(db, report_id)
        except FinalizeRefused:  # rules added since: a final report as an older version could leave it
            from sqlalchemy import text
            with db.transaction() as session:
                session.execute(text("UPDATE reports SET status = 'final' WHERE id = :id"), {"id": report_id})
    db.close()
    return path


def shortcuts(window):
    """(name, key sequence) of every shortcut of the window's actions and of the tab shown."""
    seen = []
    for path, action in menu_actions(window):
        for sequence in action.shortcuts():
            seen.append((" › ".join(path + (plain(action.text()),)), sequence))
    return seen


def check(answers, exceptions, what):
    assert not exceptions, f"{what}: {exceptions}"
    assert not answers.internal_errors(), f"{what}: {answers.internal_errors()}"
    assert not answers.english(), f"{what}: {answers.english()}"


@pytest.mark.parametrize("kind", ["sample", "empty", "final"])
def test_every_menu_entry_and_shortcut(kind, qtbot, qtlog, tmp_path, exceptions):
    window = open_editor(qtbot, make_file(kind, tmp_path), tmp_path)
    report_id = window.report.id if window.report else None
    walked = []
    with DialogAnswerer(tmp_path, choices=ANSWERS) as answers:
        for path, action in menu_actions(window):
            name = " › ".join(path + (plain(action.text()),))
            if plain(action.text()) in SKIPPED or not action.isEnabled():
                continue
            action.trigger()
            QApplication.processEvents()
            walked.append(name)
            check(answers, exceptions, name)
            if window.report is None or window.report.id != report_id:  # a new report was opened: back
                window.open_report(report_id)
        for name, sequence in shortcuts(window):
            if name.endswith("退出"):
                continue
            press(qtbot, window, sequence)
            QApplication.processEvents()
            check(answers, exceptions, f"{name} ({sequence.toString()})")
        for table in ("budget", "tasks", "indicators"):  # the row commands' keys, pressed in each table
            page = window.pages.show(table)
            if page.view is None:
                continue
            page.view.setFocus()
            if page.model.rowCount():
                page.view.setCurrentIndex(page.model.index(0, 0))
            for key, action in page.actions_.items():
                for sequence in action.shortcuts():
                    press(qtbot, window, sequence)
                    QApplication.processEvents()
                    check(answers, exceptions, f"{table} {key} ({sequence.toString()})")
    assert len(walked) >= 20
    assert not exceptions and not answers.internal_errors()
    ambiguous = [r.message for r in qtlog.records if "mbiguous" in r.message]
    assert not ambiguous, ambiguous  # a key registered twice where both apply does nothing at all


def test_final_report_reopened_from_the_menu_can_be_edited(qtbot, tmp_path, exceptions):
    window = open_editor(qtbot, make_file("final", tmp_path), tmp_path)
    basic = window.pages.show("basic")
    assert basic.rows["preparer"].edit.isReadOnly()
    reopen = next(a for _p, a in menu_actions(window) if plain(a.text()) == "重新打开")
    with DialogAnswerer(tmp_path, reason="补充签字栏") as answers:
        reopen.trigger()
    check(answers, exceptions, "重新打开")
    assert window.report.status == "draft"
    assert not window.pages.show("basic").rows["preparer"].edit.isReadOnly()


QUIT_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from ui.app import run_editor

def shown():
    window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")
    actions = {a.text(): a for a in window.findChildren(type(window.quit_action))}
    if sys.argv[2] == "after-failure":  # the output fails first (as 导出 PDF on an empty table once did)
        import reports.pdf
        from ui import outgoing
        reports.pdf.render_pdf = lambda *a, **k: [][0]
        outgoing.ask_before_output = lambda *a, **k: outgoing.DRAFT
        QMessageBox.warning = staticmethod(lambda *a, **k: None)
        QTimer.singleShot(50, actions["打印预览(&V)…"].trigger)
    QTimer.singleShot(500, window.quit_action.trigger)

sys.exit(run_editor(sys.argv[1], shown))
"""


@pytest.mark.parametrize("before", ["nothing", "after-failure"])
def test_quit_ends_the_program(tmp_path, before):
    import os
    import subprocess
    path = make_file("sample", tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", QUIT_SCRIPT, str(path), before], cwd=str(tmp_path.parent.parent),
                          env={**env, "PYTHONPATH": str(__import__("pathlib").Path(__file__).parent.parent)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    if before == "after-failure":
        assert "IndexError" in (tmp_path / "data" / "errors.log").read_text(encoding="utf-8")
    assert not (tmp_path / "reports.db.lock").exists()
