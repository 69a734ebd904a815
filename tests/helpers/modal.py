"""Answering the editor's dialogs in tests as a user would: a timer looks at the active modal widget
(and open popups) every few milliseconds and answers what it finds — message boxes with their
default button (or one named), file dialogs with a path in the test's folder, the reason and
fingerprint questions with a text — recording every dialog it saw, its texts and its buttons."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QDialog, QFileDialog, QInputDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QProgressDialog)

INTERNAL_ERROR_TITLE = "程序出错"
ENGLISH = re.compile(r"\b(OK|Cancel|Yes|No|Close|Show Details|Hide Details|Open|Save|Look in|File name|"
                     r"Files of type|Apply|Abort|Retry|Ignore|Help|Discard)\b")


@dataclass
class Seen:
    kind: str
    title: str
    text: str
    buttons: list[str] = field(default_factory=list)


class DialogAnswerer:
    """`choices` maps a dialog title to the text of the button to press (default: the box's default
    button, else its escape button). `reason` answers the 重新打开 question; `code` 核对纸质件."""

    def __init__(self, folder: Path, choices: dict[str, str] | None = None, reason: str = "测试中重新打开",
                 code: str = "0123456789ab", open_file: Path | None = None):
        self.folder = Path(folder)
        self.choices = dict(choices or {})
        self.reason, self.code, self.open_file = reason, code, open_file
        self.seen: list[Seen] = []
        self._pending = False
        self.saved_files: list[Path] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._look)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *_exc):
        self.timer.stop()

    # -- what was seen ---------------------------------------------------------------------------
    def internal_errors(self) -> list[Seen]:
        return [s for s in self.seen if s.title == INTERNAL_ERROR_TITLE]

    def english(self) -> list[str]:
        return [f"{s.kind} “{s.title}”: {b}" for s in self.seen for b in s.buttons if ENGLISH.search(b)]

    def titles(self) -> list[str]:
        return [s.title for s in self.seen]

    # -- answering -------------------------------------------------------------------------------
    def _look(self) -> None:
        if self._pending:
            return
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
            return
        widget = QApplication.activeModalWidget()
        if widget is None or isinstance(widget, QProgressDialog) or not widget.isVisible():
            return
        texts = [b.text() for b in widget.findChildren(QAbstractButton) if b.isVisible() and b.text()]
        labels = [label.text() for label in widget.findChildren(QLabel) if label.isVisible() and label.text()]
        if isinstance(widget, QMessageBox):
            self.seen.append(Seen("message", widget.windowTitle(), widget.text(), texts))
            self._later(self._answer_box, widget)
        elif isinstance(widget, QFileDialog):
            self.seen.append(Seen("file", widget.windowTitle(), "", texts + labels))
            self._later(self._answer_file, widget)
        elif isinstance(widget, QInputDialog):
            self.seen.append(Seen("input", widget.windowTitle(), widget.labelText(), texts))
            widget.setTextValue(self.code)
            self._later(QInputDialog.accept, widget)
        elif isinstance(widget, QDialog):
            self.seen.append(Seen("dialog", widget.windowTitle(), "\n".join(labels), texts))
            self._later(self._answer_dialog, widget)

    def _later(self, answer, widget) -> None:
        """Answer from a fresh timer event: an answer may open a dialog of its own (a file dialog's
        “replace?”), and this timer must be free to answer that one too."""
        self._pending = True

        def run():
            self._pending = False
            if widget.isVisible():
                answer(widget)
        QTimer.singleShot(0, run)

    def _click(self, widget, text: str) -> bool:
        for button in widget.findChildren(QAbstractButton):
            if button.isVisible() and button.text().replace("&", "").startswith(text):
                button.click()
                return True
        return False

    def _answer_box(self, box: QMessageBox) -> None:
        wanted = self.choices.get(box.windowTitle())
        if wanted and self._click(box, wanted):
            return
        button = box.defaultButton() or box.escapeButton()
        if button is not None:
            button.click()
        else:
            box.reject()

    def _answer_file(self, dialog: QFileDialog) -> None:
        if dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            suffix = dialog.defaultSuffix() or "out"
            target = self.folder / f"saved-{len(self.saved_files) + 1}.{suffix}"
            self.saved_files.append(target)
            self._choose(dialog, target)
        elif self.open_file is not None:
            self._choose(dialog, self.open_file)
        else:
            dialog.reject()

    @staticmethod
    def _choose(dialog: QFileDialog, path: Path) -> None:
        """Type the whole path into the file name box (as a user can) and press the accept button."""
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
        dialog.accept()

    def _answer_dialog(self, dialog: QDialog) -> None:
        wanted = self.choices.get(dialog.windowTitle())
        if wanted and self._click(dialog, wanted):
            return
        if dialog.windowTitle() == "重新打开":
            dialog.findChild(QPlainTextEdit).setPlainText(self.reason)
            self._click(dialog, "重新打开")
            return
        dialog.reject()
