"""基本信息: title, year, department, amount unit and the sign-off fields."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget)

from models import fields
from models.errors import DomainError
from models.money import AMOUNT_UNITS
from ui.pages.base import Page

# (field, label) in the catalogue's words (models/fields.py); 金额单位 has a control of its own
HEADER_FIELDS = [(f.key, f.heading or f.label) for f in fields.HEADER_FIELDS if f.key != "amount_unit"]
SIGNOFF_FIELDS = [(f.key, f.label) for f in fields.SIGNOFF_FIELDS]
ALIGN_RIGHT_MIDDLE = 0x0002 | 0x0080
PLACEHOLDERS = {"year": "例如 2022", "fill_date": "例如 2023-03-15", "phone": "例如 0512-12345678"}


def read_only_reason(session, report) -> str:
    """Why the open report's fields cannot be changed now, or "" (the 基本信息 and 报告正文 tabs)."""
    if session is not None and getattr(session.db, "read_only", False):
        return "数据文件以只读方式打开，不能修改。"
    if session is not None and (held := getattr(session.db, "read_only_reports", {}).get(session.report_id)):
        return f"{held}，不能修改。"  # a shared server: another program edits this report
    if report is not None and report.status == "final":
        return "本报告已定稿，不能修改。如需修改，请用“报告 › 重新打开”并说明原因。"
    return ""


def is_typing(event) -> bool:
    """A key that would change a text field: a character, Backspace / Delete, a paste or a cut."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeySequence
    if event.type() != QEvent.Type.KeyPress:
        return False
    if event.matches(QKeySequence.StandardKey.Paste) or event.matches(QKeySequence.StandardKey.Cut):
        return True
    command = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
    if event.modifiers() & command:
        return False
    typed = event.text()
    return event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) or bool(typed and typed.isprintable())


class FieldRow(QWidget):
    """A line editor with its error message beside it."""

    def __init__(self, placeholder: str = ""):
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.message)

    def show_problem(self, message: str | None) -> None:
        self.message.setText(message or "")
        self.message.setVisible(bool(message))
        self.edit.setStyleSheet("border: 1px solid #b00020;" if message else "")

    def say(self, message: str) -> None:
        """Why typing here does nothing (the report is read-only), beside the field, in red."""
        self.message.setText(message)
        self.message.show()


class BasicInfoPage(Page):
    """基本信息: the report's title, year, department, amount unit and sign-off fields."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.stored: dict[str, object] = {}
        self.rows: dict[str, FieldRow] = {}
        self.read_only_message = ""
        layout = QVBoxLayout(self)
        self.read_only_note = QLabel()
        self.read_only_note.setStyleSheet("color: #555;")
        self.read_only_note.hide()
        layout.addWidget(self.read_only_note)
        header = QGroupBox("报告")
        header_form = QFormLayout(header)
        for field, label in HEADER_FIELDS:
            header_form.addRow(label, self._row(field))
        self.form = QComboBox()  # 表式: the installed forms by name (models/forms.py)
        self.form.setObjectName("form")
        self.form.activated.connect(self._form_chosen)
        self.form_message = QLabel()
        self.form_message.setStyleSheet("color: #b00020;")
        self.form_message.setWordWrap(True)
        self.form_message.hide()
        # form files in the forms folder that cannot be used: listed under the choice for as long as
        # they are there (not a dialog at start-up, not a status line that the next action replaces)
        self.forms_warning = QLabel()
        self.forms_warning.setObjectName("formsWarning")
        self.forms_warning.setStyleSheet("color: #8a4b00;")
        self.forms_warning.setWordWrap(True)
        self.forms_warning.hide()
        header_form.addRow(fields.FORM_FIELD.label, self.form)
        header_form.addRow("", self.form_message)
        header_form.addRow("", self.forms_warning)
        self.unit = QComboBox()
        self.unit.addItems(AMOUNT_UNITS)
        self.unit.activated.connect(self._unit_chosen)
        self.unit_message = QLabel()
        self.unit_message.setStyleSheet("color: #b00020;")
        header_form.addRow("金额单位", self.unit)
        header_form.addRow("", self.unit_message)
        signoff = QGroupBox("签字栏（打印在报告末尾）")
        signoff_form = QFormLayout(signoff)
        for field, label in SIGNOFF_FIELDS:
            signoff_form.addRow(label, self._row(field))
        for form in (header_form, signoff_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            # Qt.AlignRight | Qt.AlignVCenter, set as a number: the first use of PySide's Qt namespace
            # builds all its enums (15 ms), which this first page of the editor need not wait for
            form.setProperty("labelAlignment", ALIGN_RIGHT_MIDDLE)
        self.header_form = header_form
        layout.addWidget(header)
        layout.addWidget(signoff)
        layout.addStretch(1)
        self.labels = dict(HEADER_FIELDS + SIGNOFF_FIELDS + [("amount_unit", fields.REPORT_FIELDS["amount_unit"].label)])

    def _row(self, field: str) -> FieldRow:
        row = FieldRow(PLACEHOLDERS.get(field, ""))
        row.edit.editingFinished.connect(lambda field=field: self._store(field))
        row.edit.installEventFilter(self)  # a key typed into a read-only field says why nothing happens
        self.rows[field] = row
        return row

    def load(self, session, report) -> None:
        self.session = session
        values = {"title": report.title, "year": report.year, "department": report.department,
                  "amount_unit": report.amount_unit, **report.signoff}
        self.stored = values
        for field, row in self.rows.items():
            row.edit.setText(str(values[field]))
            row.show_problem(None)
        self.unit.setCurrentText(report.amount_unit)
        self.unit_message.clear()
        self._fill_forms(report.form)
        self._label_as_form(report)
        self.set_read_only(read_only_reason(session, report))

    def set_read_only(self, message: str) -> None:
        """A final report (or a read-only file): every field shows its stored value and takes no typing."""
        self.read_only_message = message
        for row in self.rows.values():
            row.edit.setReadOnly(bool(message))
            row.edit.setToolTip(message)
        self.unit.setEnabled(not message)
        self.form.setEnabled(not message)
        self.read_only_note.setText(message)
        self.read_only_note.setVisible(bool(message))

    def eventFilter(self, watched, event):
        if self.read_only_message and watched.isReadOnly() and is_typing(event):
            row = next((row for row in self.rows.values() if row.edit is watched), None)
            if row is not None:
                row.say(self.read_only_message)  # as a table cell says it (its red line)
        return super().eventFilter(watched, event)

    def go_to(self, finding) -> None:
        row = self.rows.get(finding.column)
        if row is not None:
            row.edit.setFocus()

    def focus_first(self) -> None:
        next(iter(self.rows.values())).edit.setFocus()

    def reload_field(self, field: str, report) -> None:
        if field in self.rows or field in ("amount_unit", "form"):
            self.load(self.session, report)

    def _store(self, field: str) -> None:
        row = self.rows[field]
        text = row.edit.text()
        if self.session is None or self.read_only_message or text == str(self.stored.get(field, "")):
            row.show_problem(None)
            return
        try:
            stored = self.session.set_report_field(field, self.stored[field], text, self.labels[field])
        except DomainError as error:
            row.show_problem(error.message)
            return
        self.stored[field] = stored
        row.show_problem(None)
        if str(stored) != text:
            row.edit.setText(str(stored))

    def _label_as_form(self, report) -> None:
        """The header fields named as the report's form prints them (mof: 部门（单位）名称)."""
        from models.forms import HEADER, form_of
        block = form_of(report).block(HEADER)
        printed = {item.field: item.heading for item in block.items if item.heading} if block else {}
        for field, label in HEADER_FIELDS:
            widget = self.header_form.labelForField(self.rows[field])
            if widget is not None:
                widget.setText(printed.get(field, label))

    def _fill_forms(self, key: str) -> None:
        """The installed forms, the report's chosen; a key no longer installed is listed as such (the
        report is shown in the Suzhou form and keeps its key)."""
        from ui.form_ui import form_choices
        self.form.blockSignals(True)
        self.form.clear()
        for form_key, name in form_choices():
            self.form.addItem(name, form_key)
        if self.form.findData(key) < 0:
            self.form.addItem(f"{key}（未安装，按苏州市表式显示）", key)
        self.form.setCurrentIndex(self.form.findData(key))
        self.form.blockSignals(False)
        self.stored["form"] = key
        self.form_message.hide()
        self._show_form_problems()

    def _show_form_problems(self) -> None:
        """The form files that were refused (models.forms.form_problems), each with its reason."""
        from models.forms import form_problems
        problems = form_problems()
        if problems:  # (Qt's enums only when there is something to say: they cost this first page 15 ms)
            from PySide6.QtCore import Qt
            self.forms_warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.forms_warning.setText("⚠ 以下表式文件无法使用，未列入上面的选择（其他表式照常可用）：\n"
                                   + "\n".join(problems) if problems else "")
        self.forms_warning.setVisible(bool(problems))

    def _form_chosen(self, _index: int) -> None:
        key = self.form.currentData()
        if self.session is None or self.read_only_message or key == self.stored.get("form"):
            return
        try:
            self.session.set_form(key)  # every page is drawn again (fieldChanged "form" reloads this one)
        except DomainError as error:
            self.form_message.setText(error.message)
            self.form_message.show()
            self.form.setCurrentIndex(max(0, self.form.findData(self.stored.get("form"))))

    def _unit_chosen(self, _index: int) -> None:
        unit = self.unit.currentText()
        if self.session is None or self.read_only_message or unit == self.stored.get("amount_unit"):
            return
        try:
            self.stored["amount_unit"] = self.session.set_report_field(
                "amount_unit", self.stored["amount_unit"], unit, "金额单位")
            self.unit_message.clear()
        except DomainError as error:
            self.unit_message.setText(error.message)
            self.unit.setCurrentText(self.stored["amount_unit"])

    def apply(self) -> None:
        for field in self.rows:
            self._store(field)

    def validate(self) -> list[str]:
        return [f"{self.labels[field]}：{row.message.text()}" for field, row in self.rows.items()
                if not row.message.isHidden() and row.message.text() != self.read_only_message]
