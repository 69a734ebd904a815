"""导出 PDF, 打印预览, 打印, 导出 Excel and 导入 Excel chosen from the 文件 menu (or by their shortcuts):
they work, a failure closes its progress and says why in Chinese, the editor stays usable, printing
is quick and leaves no temporary folder behind."""
import tempfile
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from conftest import open_editor, print_to_pdf, stored_report
from helpers.menus import find_action, press
from helpers.modal import DialogAnswerer
from reports.pdf import render_pdf
from ui import pdf_output

DRAFT = {"导出 PDF前检查": "继续", "打印预览前检查": "继续", "打印前检查": "继续", "导出 Excel前检查": "继续"}


@pytest.fixture
def window(qtbot, sample, tmp_path, monkeypatch):
    db, _report_id = sample
    db.close()
    temporary = tmp_path / "temp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))  # where preview and print put their files
    return open_editor(qtbot, db.path, tmp_path)


def test_export_pdf_by_menu_and_by_ctrl_e(window, tmp_path, qtbot):
    with DialogAnswerer(tmp_path, choices=DRAFT) as answers:
        find_action(window, "文件", "导出 PDF").trigger()
        press(qtbot, window, "Ctrl+E")
    assert not answers.internal_errors() and not answers.english()
    assert [p.suffix for p in answers.saved_files] == [".pdf", ".pdf"]
    assert all(p.exists() and p.read_bytes().startswith(b"%PDF") for p in answers.saved_files)
    assert "已导出" in window.statusBar().currentMessage()


def test_export_and_import_excel_by_menu(window, tmp_path):
    with DialogAnswerer(tmp_path, choices=DRAFT) as answers:
        find_action(window, "文件", "导出 Excel").trigger()
    workbook = answers.saved_files[0]
    assert workbook.suffix == ".xlsx" and workbook.exists()
    with DialogAnswerer(tmp_path, open_file=workbook, choices={"导入 Excel": "导入"}) as answers:
        find_action(window, "文件", "导入 Excel").trigger()
    assert not answers.internal_errors() and not answers.english()
    assert window.switcher.count() == 2 and window.statusBar().currentMessage() == "导入完成"


@pytest.mark.parametrize("menu_text", ["导出 PDF", "打印预览", "打印"])
def test_a_failed_output_closes_its_progress_and_the_editor_goes_on(window, tmp_path, monkeypatch, qtbot, menu_text):
    import reports.pdf

    def broken(*_args, **_kwargs):
        time.sleep(0.5)  # long enough for the progress to show
        raise IndexError("list index out of range")
    monkeypatch.setattr(reports.pdf, "render_pdf", broken)
    print_to_pdf(monkeypatch, tmp_path / "printed.pdf")
    started = time.monotonic()
    with DialogAnswerer(tmp_path, choices=DRAFT) as answers:
        find_action(window, "文件", menu_text).trigger()
    assert time.monotonic() - started < 20
    warning = next(s for s in answers.seen if s.title == menu_text and s.kind == "message")
    assert "内部错误" in warning.text and "errors.log" in warning.text
    assert not answers.internal_errors() and not answers.english()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    assert QApplication.activeModalWidget() is None
    # usable: an edit goes through, and the log holds the traceback
    from models.error_log import log_path
    assert "IndexError" in log_path().read_text(encoding="utf-8")
    page = window.pages.show("basic")
    page.rows["preparer"].edit.setText("李四")
    page.rows["preparer"].edit.editingFinished.emit()
    assert window.report.signoff["preparer"] == "李四" or page.stored["preparer"] == "李四"
    assert list((tmp_path / "temp").iterdir()) == []


def test_print_through_the_menu_is_quick_and_cleans_up(window, tmp_path, monkeypatch):
    printed = tmp_path / "printed.pdf"
    print_to_pdf(monkeypatch, printed)
    with DialogAnswerer(tmp_path, choices=DRAFT) as answers:
        started = time.monotonic()
        find_action(window, "文件", "打印").trigger()
        seconds = time.monotonic() - started
    assert not answers.internal_errors()
    import pypdfium2
    document = pypdfium2.PdfDocument(str(printed))
    pages = len(document)
    document.close()
    assert pages == render_pdf(stored_report(window), tmp_path / "expected.pdf").pages >= 15  # every page
    assert printed.stat().st_size < 40_000_000  # was 115 MB when each page was smooth-scaled first
    assert seconds < 30                          # was about a minute
    assert "已发送到打印机" in window.statusBar().currentMessage()
    assert list((tmp_path / "temp").iterdir()) == []


def test_print_can_be_cancelled(window, tmp_path, monkeypatch, qtbot):
    printed = tmp_path / "printed.pdf"
    print_to_pdf(monkeypatch, printed)
    real = pdf_output.print_pages

    def slow(printer, pdf, on_page=None, cancelled=None):
        def step(n):
            time.sleep(0.3)
            on_page(n)
        return real(printer, pdf, step, cancelled)
    monkeypatch.setattr(pdf_output, "print_pages", slow)

    def cancel_progress():
        for widget in window.findChildren(QProgressDialog):
            if widget.isVisible() and "正在打印……第" in widget.labelText():
                next(b for b in widget.findChildren(QPushButton) if b.text() == "取消").click()
    from PySide6.QtCore import QTimer
    timer = QTimer(interval=200, timeout=cancel_progress)
    timer.start()
    with DialogAnswerer(tmp_path, choices=DRAFT):
        find_action(window, "文件", "打印").trigger()
    timer.stop()
    assert "已取消打印" in window.statusBar().currentMessage()
    assert list((tmp_path / "temp").iterdir()) == []


def test_preview_then_close_leaves_no_folder(window, tmp_path, qtbot):
    with DialogAnswerer(tmp_path, choices=DRAFT) as answers:
        find_action(window, "文件", "打印预览").trigger()
        qtbot.waitUntil(lambda: "打印预览 — " in " ".join(answers.titles()), timeout=10000)
    assert list((tmp_path / "temp").iterdir()) == []


@pytest.mark.parametrize("menu_text", ["导出 PDF", "导出 Excel"])
def test_export_over_the_database_itself_is_refused(window, tmp_path, monkeypatch, menu_text):
    before = window.db.path.read_bytes()
    answers = DialogAnswerer(tmp_path, choices={**DRAFT, menu_text: "是"})  # 是: replace the file that exists
    monkeypatch.setattr(answers, "_answer_file",
                        lambda dialog: answers._choose(dialog, window.db.path))  # the user picks reports.db
    with answers:
        find_action(window, "文件", menu_text).trigger()
    refusal = [s for s in answers.seen if s.kind == "message" and s.title == menu_text][-1]
    assert "不能写入" in refusal.text
    assert window.db.path.read_bytes() == before
