"""导出 PDF, 打印预览 and 打印 from the editor."""
import shutil
import subprocess

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from ui import outgoing, pdf_output
from conftest import open_editor

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


@pytest.fixture
def window(qtbot, sample, tmp_path, monkeypatch):
    db, _report_id = sample
    db.close()
    return open_editor(qtbot, db.path, tmp_path)


def page_count(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_export_with_errors_continues_as_draft(window, tmp_path, monkeypatch):
    monkeypatch.setattr(outgoing, "ask_before_output", lambda *_a, **_k: outgoing.DRAFT)
    target = tmp_path / "out.pdf"
    result = window.export_pdf(str(target))
    assert result is not None and target.exists() and page_count(target) == result.pages
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "草稿" in text and result.fingerprint in text


def test_export_cancelled_to_fix_writes_nothing(window, tmp_path, monkeypatch):
    monkeypatch.setattr(outgoing, "ask_before_output", lambda *_a, **_k: outgoing.CANCEL)
    target = tmp_path / "out.pdf"
    assert window.export_pdf(str(target)) is None and not target.exists()


def test_export_into_a_locked_target_says_why(window, tmp_path, monkeypatch):
    monkeypatch.setattr(outgoing, "ask_before_output", lambda *_a, **_k: outgoing.CLEAN)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    assert window.export_pdf(str(tmp_path / "missing-folder" / "out.pdf")) is None
    assert shown and "文件夹不存在" in shown[0]


def test_preview_shows_the_pdf_pages_and_prints_them(window, tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(outgoing, "ask_before_output", lambda *_a, **_k: outgoing.CLEAN)
    dialog = window.print_preview()
    assert dialog is not None
    assert len(dialog.page_labels) >= 10 and dialog.path.exists()
    assert dialog.page_labels[0].pixmap().width() > 500
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert pdf_output.print_pages(printer, dialog.path) == len(dialog.page_labels)
    assert page_count(printed) == len(dialog.page_labels)
    dialog.reject()
    assert not dialog.path.parent.exists()  # the preview's temporary folder goes with the dialog


def test_export_file_names_are_sanitised():
    assert pdf_output.safe_file_name('2022年度a/b:c*?"<>|单位') == "2022年度a_b_c______单位"
    assert pdf_output.safe_file_name("..\\..\\x") == "_.._x"
    assert pdf_output.safe_file_name("") == "报告"


def test_preview_fits_on_the_screen(window, monkeypatch):
    monkeypatch.setattr(outgoing, "ask_before_output", lambda *_a, **_k: outgoing.CLEAN)
    dialog = window.print_preview()
    room = window.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    dialog.reject()


def test_before_printing_and_after_exporting_the_editor_names_the_replaced_official_fonts(
        window, tmp_path, monkeypatch, qtbot):
    from PySide6.QtWidgets import QApplication

    from reports import fonts
    from helpers.menus import find_action
    monkeypatch.setattr(fonts, "installed_font_files", lambda: {})  # a machine with no official face
    monkeypatch.setattr(outgoing, "ask_before_output", lambda *_a, **_k: outgoing.CLEAN)
    expected = fonts.choose_fonts({}).substitution_line()
    assert expected.startswith("字体替代") and "仿宋 → " in expected
    find_action(window, "文件", "打印预览").trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, pdf_output.PreviewDialog))
    assert dialog.font_note.text() == expected and not dialog.font_note.isHidden()
    dialog.reject()
    window.export_pdf(str(tmp_path / "out.pdf"))  # a target given: the signed copy
    assert window.statusBar().currentMessage().endswith("。" + expected)
