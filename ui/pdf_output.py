"""打印预览, 打印 and 导出 PDF: the PDF is made on a worker thread (the window stays responsive, a
progress dialog counts the pages), previewed page by page from that very file, and printed from it."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QProgressDialog, QPushButton, QScrollArea,
    QVBoxLayout, QWidget, QApplication)

from models.errors import DomainError
from models.views import load_report
from ui import outgoing
from ui.font_settings import chosen_fonts

PREVIEW_DPI = 96


def pdf_page_image(document, index: int, dpi: int) -> QImage:
    """One page of a PDF (a pypdfium2 document) as an image at `dpi`."""
    bitmap = document[index].render(scale=dpi / 72, rev_byteorder=True)
    width, height = bitmap.width, bitmap.height
    image = QImage(bitmap.buffer, width, height, bitmap.stride, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: the bitmap's buffer goes away with it


def safe_file_name(text: str) -> str:
    """A file name without characters Windows or Linux refuse, and without leading dots."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .")
    return cleaned[:120] or "报告"


class _Signals(QObject):
    page = Signal(int)
    done = Signal(object)
    failed = Signal(str)


class _RenderJob(QRunnable):
    def __init__(self, report, target, draft, fonts, signals, version_label=""):
        super().__init__()
        self.report, self.target, self.draft, self.fonts, self.signals = report, target, draft, fonts, signals
        self.version_label = version_label

    def run(self):
        from reports.pdf import render_pdf
        try:
            result = render_pdf(self.report, self.target, draft=self.draft, chosen_fonts=self.fonts,
                                version_label=self.version_label, on_page=self.signals.page.emit)
        except DomainError as error:
            self.signals.failed.emit(error.message)
            return
        self.signals.done.emit(result)


def make_pdf(window, target: Path, what: str):
    """Check, then render the open report to `target` with a progress dialog. Returns the result or
    None (cancelled at the check, or failed with a message already shown)."""
    choice = outgoing.ask_before_output(window, what)
    if choice == outgoing.CANCEL:
        return None
    report = load_report(window.db, window.session.report_id)
    version_label = ""
    if report.status == "final":
        from models.versions import latest_version
        version_label = latest_version(window.db, report.id).label
    signals = _Signals()
    progress = QProgressDialog(f"正在生成 PDF……", None, 0, 0, window)
    progress.setWindowTitle(what)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    outcome = {}
    signals.page.connect(lambda n: progress.setLabelText(f"正在生成 PDF……已排版 {n} 页"))
    signals.done.connect(lambda result: outcome.setdefault("result", result))
    signals.failed.connect(lambda message: outcome.setdefault("error", message))
    QThreadPool.globalInstance().start(_RenderJob(report, target, choice == outgoing.DRAFT,
                                                  chosen_fonts(window.settings), signals, version_label))
    while not outcome:
        QApplication.processEvents()
        QThreadPool.globalInstance().waitForDone(30)
    QApplication.processEvents()
    progress.close()
    if "error" in outcome:
        QMessageBox.warning(window, what, outcome["error"])
        return None
    result = outcome["result"]
    if result.warnings:
        box = QMessageBox(QMessageBox.Icon.Warning, what, "有字符在所有可用字体中都没有，打印出来会缺字：",
                          parent=window)
        box.setDetailedText("\n".join(result.warnings))
        box.exec()
    return result


class PreviewDialog(QDialog):
    """The pages of a PDF file as they will print, with a print button."""

    def __init__(self, window, path: Path, result):
        super().__init__(window)
        import pypdfium2

        self.window_ = window
        self.path = path
        self.document = pypdfium2.PdfDocument(str(path))
        self.setWindowTitle(f"打印预览 — {result.pages} 页，内容指纹 {result.fingerprint}")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(self.print_)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        bar.addWidget(QLabel(f"共 {len(self.document)} 页"))
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout.addLayout(bar)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        pages = QWidget()
        column = QVBoxLayout(pages)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels = []
        for index in range(len(self.document)):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(pdf_page_image(self.document, index, PREVIEW_DPI)))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            column.addWidget(label)
            self.page_labels.append(label)
        scroll.setWidget(pages)
        layout.addWidget(scroll, 1)
        self.resize(900, 1000)

    def print_(self) -> None:
        print_document(self, self.document)

    def done(self, code):
        self.document.close()
        super().done(code)


def print_document(parent, document) -> bool:
    """Ask for a printer, then print every page of the PDF at the printer's resolution."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_pages(printer, document)
    return True


def print_pages(printer: QPrinter, document) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError("无法连接打印机")
    try:
        dpi = min(printer.resolution(), 300)
        for index in range(len(document)):
            if index:
                printer.newPage()
            image = pdf_page_image(document, index, dpi)
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(area.x(), area.y(), image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                               Qt.TransformationMode.SmoothTransformation))
    finally:
        painter.end()


def preview(window) -> PreviewDialog | None:
    folder = Path(tempfile.mkdtemp(prefix="jixiao-preview-"))
    path = folder / "预览.pdf"
    result = make_pdf(window, path, "打印预览")
    if result is None:
        return None
    dialog = PreviewDialog(window, path, result)
    dialog.open()
    return dialog


def print_report(window) -> bool:
    import pypdfium2

    folder = Path(tempfile.mkdtemp(prefix="jixiao-print-"))
    path = folder / "打印.pdf"
    if make_pdf(window, path, "打印") is None:
        return False
    document = pypdfium2.PdfDocument(str(path))
    try:
        return print_document(window, document)
    finally:
        document.close()


def export_pdf(window, target: str | None = None):
    """Ask for a file name (unless given), then write the PDF there atomically."""
    report = window.report
    if target is None:
        settings: QSettings = window.settings
        folder = settings.value("export/folder") or str(Path.home())
        name = safe_file_name(f"{report.year}年度{report.department}整体支出绩效自评报告") + ".pdf"
        target, _ = QFileDialog.getSaveFileName(window, "导出 PDF", str(Path(folder) / name), "PDF 文件 (*.pdf)")
        if not target:
            return None
        settings.setValue("export/folder", str(Path(target).parent))
    result = make_pdf(window, Path(target), "导出 PDF")
    if result is not None:
        window.show_status(f"已导出 {target}（{result.pages} 页，内容指纹 {result.fingerprint}）")
    return result
