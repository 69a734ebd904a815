"""打印预览, 打印 and 导出 PDF: the PDF is made on a worker thread (the window stays responsive, a
progress dialog counts the pages and can cancel), previewed page by page from that very file, and
printed from it, page images drawn on the printer on a worker thread too.

Whatever happens on the worker — a refusal, a bug, a cancel — the progress closes, the user is told
in Chinese, and the editor goes on; the temporary folders of preview and print are always removed."""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QRectF, QRunnable, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QMessageBox, QProgressDialog, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from models.checks import ERROR
from models.errors import DomainError
from models.views import load_report
from ui import outgoing
from ui.font_settings import chosen_fonts
from ui.settings import EXPORT_FOLDER

PREVIEW_DPI = 96
PRINT_DPI = 300
_running: set[threading.Event] = set()   # the cancel flags of the jobs now running


class Cancelled(Exception):
    """The user pressed 取消 on the progress."""


def cancel_running() -> None:
    """Ask every running job to stop (the program is closing)."""
    for flag in list(_running):
        flag.set()


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


# -- running a job on a worker thread with a progress --------------------------------------------
class _Signals(QObject):
    step = Signal(int)
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    """Runs `work(step, cancelled)`; every ending is reported by exactly one of done / failed."""

    def __init__(self, work, signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.work, self.signals, self.cancel = work, signals, cancel

    def run(self):
        try:
            result = self.work(self.signals.step.emit, self.cancel.is_set)
        except Cancelled:
            self.signals.failed.emit("")
        except DomainError as error:
            self.signals.failed.emit(error.message)
        except BaseException:  # a bug: logged, and the user told where; never a hang
            from models.error_log import write_log
            path = write_log(*sys.exc_info())
            where = f"详细情况已记录在“{path}”。" if path else ""
            self.signals.failed.emit(f"程序遇到了一个内部错误，未能完成。您的报告不受影响。{where}")
        else:
            self.signals.done.emit(result)


def run_with_progress(context, title: str, label, work, maximum: int = 0):
    """Run `work` on a worker thread while a cancellable progress shows `label(step)`; returns its
    result, or None after telling the user why there is none (nothing said for a cancel)."""
    signals = _Signals()
    cancel = threading.Event()
    progress = QProgressDialog(label(0), "取消", 0, maximum, context.parent)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setAutoReset(False)
    progress.setAutoClose(False)
    progress.setMinimumDuration(10 ** 9)  # shown by the timer below, not by QProgressDialog's own estimate
    QTimer.singleShot(300, progress, lambda: None if outcome else progress.show())  # quick jobs show nothing
    progress.canceled.connect(cancel.set)
    outcome = {}
    loop = QEventLoop()

    def step(n):
        progress.setLabelText(label(n))
        if maximum:
            progress.setValue(min(n, maximum))

    def finish(key, value):
        outcome.setdefault(key, value)
        loop.quit()
    signals.step.connect(step)
    signals.done.connect(lambda result: finish("result", result))
    signals.failed.connect(lambda message: finish("error", message))
    _running.add(cancel)
    try:
        QThreadPool.globalInstance().start(_Job(work, signals, cancel))
        while not outcome:
            loop.exec()  # sleeps until the worker reports (no polling); quits with the program too
            if not outcome and cancel.is_set():
                QThreadPool.globalInstance().waitForDone(50)
    finally:
        _running.discard(cancel)
        progress.canceled.disconnect(cancel.set)
        progress.close()
        progress.deleteLater()
    if "error" in outcome:
        if outcome["error"]:
            QMessageBox.warning(context.parent, title, outcome["error"])
        else:
            context.show_status(f"已取消{title}")
        return None
    return outcome["result"]


# -- making the PDF --------------------------------------------------------------------------
def make_pdf(context, target: Path, what: str, public: bool = False, version: int | None = None):
    """Check, then render the open report to `target` with a progress dialog. Returns the result or
    None (cancelled, or failed with a message already shown). `public`: the 公开版, refused while
    the checks find errors. `version`: the number of an old 定稿 version, rendered exactly as it was
    stored (not checked again: it passed the checks when it was made final)."""
    if version is not None:
        from models.versions import list_versions, version_report
        choice = outgoing.CLEAN
        report = version_report(context.db, context.report_id, version)
        version_label = next((v.label for v in list_versions(context.db, context.report_id) if v.number == version),
                             "定稿")
    else:
        choice = _refuse_public(context, what) if public else outgoing.ask_before_output(context, what)
        if choice == outgoing.CANCEL:
            return None
        report = load_report(context.db, context.report_id)
        version_label = ""
    if version is None and report.status == "final":
        from models.versions import latest_version
        version = latest_version(context.db, report.id)
        version_label = version.label if version is not None else "定稿"
    fonts = chosen_fonts(context.settings)

    def work(step, cancelled):
        from reports.pdf import render_pdf

        def on_page(n):
            if cancelled():
                raise Cancelled
            step(n)
        return render_pdf(report, target, draft=choice == outgoing.DRAFT, chosen_fonts=fonts,
                          version_label=version_label, on_page=on_page, public=public)

    result = run_with_progress(context, what, lambda n: f"正在生成 PDF……已排版 {n} 页" if n else "正在生成 PDF……",
                               work)
    if result is not None and result.warnings:
        box = QMessageBox(QMessageBox.Icon.Warning, what, "有字符在所有可用字体中都没有，打印出来会缺字：",
                          parent=context.parent)
        box.setDetailedText("\n".join(result.warnings))
        box.exec()
    return result


# -- printing --------------------------------------------------------------------------------
def print_pages(printer: QPrinter, pdf, on_page=None, cancelled=None) -> int:
    """Print every page of the PDF file `pdf` (or an open pypdfium2 document): each page rendered
    at up to 300 dpi and drawn into the paper's rectangle (the printer scales it; no smoothing pass
    on our side), a landscape page turned onto portrait paper. May run on a worker thread."""
    import pypdfium2

    document = pdf if isinstance(pdf, pypdfium2.PdfDocument) else pypdfium2.PdfDocument(str(pdf))
    printer.setFullPage(True)  # the PDF's pages carry their own margins
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise DomainError("无法连接打印机，请检查打印机是否已连接并开启，或选择其他打印机。")
        try:
            dpi = min(printer.resolution(), PRINT_DPI)
            for index in range(len(document)):
                if cancelled is not None and cancelled():
                    printer.abort()
                    raise Cancelled
                if index:
                    printer.newPage()
                _draw_page(painter, pdf_page_image(document, index, dpi))
                if on_page is not None:
                    on_page(index + 1)
        finally:
            painter.end()
        return len(document)
    finally:
        if document is not pdf:
            document.close()


def _draw_page(painter: QPainter, image: QImage) -> None:
    area = QRectF(painter.viewport())
    turn = (image.width() > image.height()) != (area.width() > area.height())
    painter.save()
    if turn:  # a landscape page on portrait paper (or the reverse): a quarter turn
        painter.translate(area.x() + area.width(), area.y())
        painter.rotate(90)
        area = QRectF(0, 0, area.height(), area.width())
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    target = QRectF(area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2, width, height)
    painter.drawImage(target, image)
    painter.restore()


def choose_printer(parent, printer: QPrinter) -> bool:
    """The system print dialog; True when the user chose to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    return dialog.exec() == QDialog.DialogCode.Accepted


def font_note(context) -> str:
    """One line naming each official face this machine lacks and the face printed instead (“” when
    none is replaced): said before printing and after exporting, as the command line says it."""
    from reports.fonts import choose_fonts
    return choose_fonts(chosen_fonts(context.settings)).substitution_line()


def print_file(context, path: Path, pages: int) -> bool:
    """Ask for a printer, then print the PDF at `path` on a worker thread with a progress."""
    note = font_note(context)
    if note:
        context.show_status(note)  # in view while the printer is chosen
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(path.stem)
    if not choose_printer(context.parent, printer):
        return False
    printed = run_with_progress(context, "打印", lambda n: f"正在打印……第 {n} / {pages} 页" if n else "正在打印……",
                                lambda step, cancelled: print_pages(printer, path, step, cancelled), pages)
    if printed is None:
        return False
    status = context.show_status
    status(f"已发送到打印机：{printed} 页")
    return True


# -- the three commands ------------------------------------------------------------------------
def _temporary_folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


class PreviewDialog(QDialog):
    """The pages of a PDF file as they will print, with a print button. The file's folder is
    removed when the dialog closes."""

    def __init__(self, context, path: Path, result):
        super().__init__(context.parent)
        import pypdfium2

        self.context = context
        self.path = path
        self.setWindowTitle(f"打印预览 — {result.pages} 页，内容指纹 {result.fingerprint}")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton("打印(&P)…")
        self.print_button.clicked.connect(self.print_)
        close = QPushButton("关闭(&C)")
        close.clicked.connect(self.reject)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        pages = QWidget()
        column = QVBoxLayout(pages)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels = []
        document = pypdfium2.PdfDocument(str(path))
        try:
            for index in range(len(document)):
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(pdf_page_image(document, index, PREVIEW_DPI)))
                label.setStyleSheet("border: 1px solid #999; background: white;")
                column.addWidget(label)
                self.page_labels.append(label)
        finally:
            document.close()
        bar.addWidget(QLabel(f"共 {len(self.page_labels)} 页"))
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout.addLayout(bar)
        self.font_note = QLabel(font_note(context))
        self.font_note.setWordWrap(True)
        self.font_note.setStyleSheet("color: #555;")
        self.font_note.setVisible(bool(self.font_note.text()))
        layout.addWidget(self.font_note)
        scroll.setWidget(pages)
        layout.addWidget(scroll, 1)
        self.resize(900, 1000)
        screen = context.parent.screen() or QGuiApplication.primaryScreen()
        if screen is not None:  # never taller or wider than the screen it opens on (its buttons stay in reach)
            room = screen.availableGeometry()
            self.resize(min(900, room.width() - 40), min(1000, room.height() - 60))

    def print_(self) -> None:
        print_file(self.context, self.path, len(self.page_labels))

    def done(self, code):
        shutil.rmtree(self.path.parent, ignore_errors=True)
        super().done(code)


def preview(context) -> PreviewDialog | None:
    folder = _temporary_folder("jixiao-preview-")
    dialog = None
    try:
        result = make_pdf(context, folder / "预览.pdf", "打印预览")
        if result is not None:
            dialog = PreviewDialog(context, folder / "预览.pdf", result)  # removes the folder when closed
    finally:
        if dialog is None:
            shutil.rmtree(folder, ignore_errors=True)
    if dialog is not None:
        dialog.open()
    return dialog


def print_report(context) -> bool:
    folder = _temporary_folder("jixiao-print-")
    path = folder / "打印.pdf"
    try:
        result = make_pdf(context, path, "打印")
        return result is not None and print_file(context, path, result.pages)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


SIGNED, PUBLIC = "存档签字版", "公开版"
CHOICE_TITLE = "导出 PDF：选择版本"


def ask_copy_kind(context) -> bool | None:
    """Which copy 导出 PDF writes: False for 存档签字版, True for 公开版, None when cancelled."""
    box = QMessageBox(QMessageBox.Icon.Question, CHOICE_TITLE, "导出哪一种 PDF？",
                      parent=getattr(context, "parent", context))
    box.setInformativeText(f"{SIGNED}：有签字栏，页脚有报告单位、年度和内容指纹，供存档和报送。\n"
                           f"{PUBLIC}：没有签字栏、姓名电话、报告身份和内容指纹，供网站公开；检查有错误时不能导出。")
    signed = box.addButton(SIGNED, QMessageBox.ButtonRole.AcceptRole)
    public = box.addButton(PUBLIC, QMessageBox.ButtonRole.AcceptRole)
    box.setEscapeButton(box.addButton("取消", QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(signed)
    box.exec()
    clicked = box.clickedButton()
    return False if clicked is signed else (True if clicked is public else None)


def _refuse_public(context, what: str) -> str:
    """CLEAN when the public copy may be made; else CANCEL after saying which errors stand in the way."""
    context.commit_pending()
    errors = [f for f in context.run_checks() if f.level == ERROR]
    if not errors:
        return outgoing.CLEAN
    lines = "\n".join(f"· {f.place}：{f.message}" for f in errors[:8])
    more = f"\n……共 {len(errors)} 处错误" if len(errors) > 8 else ""
    QMessageBox.warning(context.parent, what, f"报告中有 {len(errors)} 处错误，不能导出公开版：公开的报告必须先改正全部"
                        f"错误。\n\n{lines}{more}\n\n存档签字版可以导出（标明“草稿”）。")
    context.show_finding(errors[0])
    return outgoing.CANCEL


def export_pdf(context, target: str | None = None, public: bool | None = None):
    """Ask which copy (unless a target is given: then the signed one, or as `public` says) and a file
    name (unless given), then write the PDF there atomically."""
    report = context.report
    if public is None:
        public = ask_copy_kind(context) if target is None else False
        if public is None:
            return None
    if public and _refuse_public(context, "导出 PDF") == outgoing.CANCEL:
        return None  # said before a file name is asked for
    if target is None:
        from ui.dialogs import save_file_name
        settings: QSettings = context.settings
        folder = EXPORT_FOLDER.read(settings)
        name = safe_file_name(f"{report.year}年度{report.department}整体支出绩效自评报告"
                              + ("（公开版）" if public else "")) + ".pdf"
        target = save_file_name(context.parent, "导出 PDF", str(Path(folder) / name), "PDF 文件 (*.pdf)", "pdf")
        if not target:
            return None
        EXPORT_FOLDER.write(settings, str(Path(target).parent))
    from models.paths import refuse_database_target
    try:
        refuse_database_target(target, context.db.path)  # never over the reports' own file, lock or backups
    except DomainError as error:
        QMessageBox.warning(context.parent, "导出 PDF", error.message)
        return None
    result = make_pdf(context, Path(target), "导出 PDF", public)
    if result is not None:
        kind = "公开版" if public else f"内容指纹 {result.fingerprint}"
        note = font_note(context)
        context.show_status(f"已导出 {target}（{result.pages} 页，{kind}）" + (f"。{note}" if note else ""))
    return result


# -- an old final version (版本历史) ------------------------------------------------------------
def print_version(context, number: int) -> bool:
    """打印此版本: final version `number` of the open report, as it was stored."""
    folder = _temporary_folder("jixiao-print-")
    path = folder / "打印.pdf"
    try:
        result = make_pdf(context, path, "打印", version=number)
        return result is not None and print_file(context, path, result.pages)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def export_version_pdf(context, number: int, target: str | None = None):
    """导出此版本 PDF: final version `number` of the open report to a file; returns the result or None."""
    report = context.report
    if target is None:
        from ui.dialogs import save_file_name
        settings: QSettings = context.settings
        folder = EXPORT_FOLDER.read(settings)
        name = safe_file_name(f"{report.year}年度{report.department}绩效自评报告-定稿第{number}版") + ".pdf"
        target = save_file_name(context.parent, "导出此版本 PDF", str(Path(folder) / name), "PDF 文件 (*.pdf)", "pdf")
        if not target:
            return None
        EXPORT_FOLDER.write(settings, str(Path(target).parent))
    from models.paths import refuse_database_target
    try:
        refuse_database_target(target, context.db.path)
    except DomainError as error:
        QMessageBox.warning(context.parent, "导出此版本 PDF", error.message)
        return None
    result = make_pdf(context, Path(target), "导出 PDF", version=number)
    if result is not None:
        context.show_status(f"已导出 {target}（定稿第 {number} 版，{result.pages} 页，内容指纹 {result.fingerprint}）")
    return result
