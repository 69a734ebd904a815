"""报告正文: the texts of the report's form (Suzhou: sections 二 to 六), each a multi-line editor under its heading.

Typing is stored a moment after it pauses and when the editor loses focus; each store is one undo
step of the editor's undo stack (the text box's own undo is off so that Ctrl+Z means one thing).
Each box grows with its text (the page scrolls, not the box); a final report's boxes are read-only.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from models.errors import DomainError
from models.fields import NARRATIVE_FIELDS
from ui.pages.base import Page
from ui.pages.basic_info import is_typing, read_only_reason

MIN_LINES = {"goals": 14, "org_setup": 4, "duties": 6, "operation": 6, "performance": 10, "problems": 3,
             "improvements": 3, "result_application": 4, "result_disclosure": 3}
# (heading shown above a group, or None), field, sub-heading, minimum lines — the catalogue's words
SECTIONS = [(f.section or None, f.key, f.lead or None, MIN_LINES[f.key]) for f in NARRATIVE_FIELDS]
LABELS = {field: (sub or heading) for heading, field, sub, _lines in SECTIONS}
STORE_DELAY_MS = 800


class SectionEdit(QPlainTextEdit):
    """A section's text box; leaves Ctrl+Z / Ctrl+Y to the editor's undo stack, and is as tall as its
    text (at least `minimum_lines`), so it never shows a scrollbar of its own."""

    def __init__(self, minimum_lines: int):
        super().__init__()
        self.minimum_height = self.fontMetrics().lineSpacing() * minimum_lines + 12
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(self.minimum_height)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self.fit_height())

    def fit_height(self) -> None:
        height = 0.0
        block = self.document().begin()
        while block.isValid():
            height += self.blockBoundingRect(block).height()
            block = block.next()
        margins = self.contentsMargins()
        wanted = int(height + 2 * self.document().documentMargin() + margins.top() + margins.bottom()) + 2
        wanted = max(self.minimum_height, wanted)
        if wanted != self.height():
            self.setFixedHeight(wanted)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # the lines wrap anew
            self.fit_height()

    def event(self, event):
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()
            return False
        return super().event(event)


class NarrativePage(Page):
    """报告正文: the texts of the report's form in its order (Suzhou: sections 二 to 六; mof: 年度总体目标;
    sichuan: 评价结论 / 存在问题 / 改进措施). A switch of form builds the boxes again; every text is kept."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.stored: dict[str, str] = {}
        self.editors: dict[str, SectionEdit] = {}
        self.problems: dict[str, str] = {}
        self.notes: dict[str, QLabel] = {}
        self.labels: dict[str, str] = dict(LABELS)
        self.sections = None
        self.read_only_message = ""
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self._build(SECTIONS)

    def _build(self, sections) -> None:
        """The boxes of `sections` ((heading, field, sub-heading, lines), ui/form_ui.narrative_sections)."""
        for editor in self.editors.values():
            editor.removeEventFilter(self)
        self.sections = list(sections)
        self.editors, self.notes, self.problems = {}, {}, {}
        self.labels = {field: (sub or heading or field) for heading, field, sub, _lines in sections}
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 12, 24, 24)
        if not sections:
            column.addWidget(QLabel("本表式没有报告正文。"))
        for heading, field, sub, lines in sections:
            if heading:
                title = QLabel(heading)
                title.setStyleSheet("font-weight: bold; font-size: 15px; margin-top: 12px;")
                column.addWidget(title)
            if sub:
                column.addWidget(QLabel(sub))
            editor = SectionEdit(lines)
            editor.setUndoRedoEnabled(False)
            editor.setTabChangesFocus(True)
            timer = QTimer(editor, singleShot=True, interval=STORE_DELAY_MS)
            timer.timeout.connect(lambda field=field: self._store(field))
            editor.textChanged.connect(timer.start)
            editor.installEventFilter(self)
            editor.setObjectName(field)
            self.editors[field] = editor
            note = QLabel()  # why the text was not stored (too long, say); hidden while all is well
            note.setObjectName(f"{field}_problem")
            note.setStyleSheet("color: #b00020;")
            note.setWordWrap(True)
            note.hide()
            self.notes[field] = note
            column.addWidget(editor)
            column.addWidget(note)
        column.addStretch(1)
        old = self.scroll.takeWidget()
        self.scroll.setWidget(body)
        if old is not None:
            old.deleteLater()

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, SectionEdit):
            self._store(watched.objectName())
        elif (self.read_only_message and isinstance(watched, SectionEdit) and watched.isReadOnly()
              and is_typing(event) and watched.objectName() in self.notes):
            note = self.notes[watched.objectName()]  # why typing does nothing, as a table cell says it
            note.setText(self.read_only_message)
            note.show()
        return super().eventFilter(watched, event)

    def load(self, session, report) -> None:
        from models.forms import form_of
        from ui.form_ui import narrative_sections, text_of
        self.session = session
        sections = narrative_sections(form_of(report))
        if sections != self.sections:
            self._build(sections)
        self.stored = {field: text_of(report, field) for field in self.editors}
        self.problems.clear()  # the boxes now show the stored text
        for note in self.notes.values():
            note.hide()
        for field, editor in self.editors.items():
            self._show(field, self.stored[field])
        message = read_only_reason(session, report)
        self.read_only_message = message
        for editor in self.editors.values():
            editor.setReadOnly(bool(message))
            editor.setToolTip(message)

    def _show(self, field: str, text: str) -> None:
        editor = self.editors[field]
        if editor.toPlainText() == text:
            return
        position = editor.textCursor().position()
        editor.blockSignals(True)
        editor.setPlainText(text)
        cursor = editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        editor.setTextCursor(cursor)
        editor.blockSignals(False)

    def go_to(self, finding) -> None:
        editor = self.editors.get(finding.column)
        if editor is not None:
            editor.setFocus()

    def focus_first(self) -> None:
        if self.editors:
            next(iter(self.editors.values())).setFocus()

    def reload_field(self, field: str, report) -> None:
        if field in self.editors:
            from ui.form_ui import text_of
            self.stored[field] = text_of(report, field)
            self._show(field, self.stored[field])

    def _store(self, field: str) -> None:
        if self.session is None or self.read_only_message or field not in self.editors:
            return  # (a box of the form shown before a switch, on its way out)
        text = self.editors[field].toPlainText()
        try:
            if text.rstrip() != self.stored.get(field, ""):
                self.stored[field] = self.session.set_report_field(field, self.stored[field], text,
                                                                   self.labels[field])
            self.problems.pop(field, None)
        except DomainError as error:
            self.problems[field] = error.message
        self.notes[field].setText(self.problems.get(field, ""))
        self.notes[field].setVisible(field in self.problems)

    def apply(self) -> None:
        for field in self.editors:
            self._store(field)

    def validate(self) -> list[str]:
        return [f"{self.labels[field]}：{message}" for field, message in self.problems.items()]
