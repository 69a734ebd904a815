"""Small dialogs of the editor: a new report, the glossary/about box, and the file dialogs (every
label in Chinese, also where Qt's translations leave one in English)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QLineEdit, QMessageBox, QSpinBox,
    QVBoxLayout)

from models.services.reports import AMOUNT_UNITS, DEFAULT_TITLE, MAX_YEAR, MIN_YEAR


class NewReportDialog(QDialog):
    """Year, department, title, unit and form (表式) of a new report."""

    def __init__(self, parent=None, department: str = "", form_key: str = "suzhou"):
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setValue(date.today().year - 1)  # the self-evaluation is written for the year just ended
        self.department = QLineEdit(department)
        self.department.setPlaceholderText("例如 苏州市便民服务中心")
        self.title = QLineEdit(DEFAULT_TITLE)
        self.unit = QComboBox()
        self.unit.addItems(AMOUNT_UNITS)
        from ui.form_ui import form_choices
        self.form = QComboBox()  # 表式, Suzhou's first
        for key, name in form_choices():
            self.form.addItem(name, key)
        self.form.setCurrentIndex(max(0, self.form.findData(form_key)))  # the open report's form, else Suzhou's
        self._form_title = self._title_of(self.form.currentData())
        self.title.setText(self._form_title)  # the chosen form's own title (Suzhou's: DEFAULT_TITLE)
        self.form.currentIndexChanged.connect(self._form_changed)
        form.addRow("年度", self.year)
        form.addRow("预算部门名称", self.department)
        form.addRow("报告标题", self.title)
        form.addRow("金额单位", self.unit)
        form.addRow("表式", self.form)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    @staticmethod
    def _title_of(key) -> str:
        from models.forms import get_form
        return get_form(key).title

    def _form_changed(self, _index: int) -> None:
        """A title left as the form's own follows the form chosen (部门整体支出绩效自评表 for mof)."""
        new = self._title_of(self.form.currentData())
        if self.title.text().strip() in ("", self._form_title, DEFAULT_TITLE):
            self.title.setText(new)
        self._form_title = new

    def _accept(self):
        if not self.department.text().strip():
            self.problem.setText("请填写预算部门名称")
            return
        self.accept()

    def values(self) -> dict:
        return {"year": self.year.value(), "department": self.department.text().strip(),
                "title": self.title.text().strip() or DEFAULT_TITLE, "amount_unit": self.unit.currentText(),
                "form": self.form.currentData() or "suzhou"}


GLOSSARY_HTML = """
<h3>绩效自评</h3>
<p>部门（单位）整体支出预算绩效自评报告的填写、检查、打印与导出。每次修改都立即保存，无需“保存”。</p>
<table cellspacing=4>
<tr><td>调整预算数</td><td>= 年初预算数 + 上年度结转及当年预算追加追减数（自动计算）</td></tr>
<tr><td>执行率</td><td>= 实际支出数 ÷ 调整预算数 × 100%，四舍五入到两位小数（自动计算）</td></tr>
<tr><td>偏差情况</td><td>按目标值与完成值自动计算；可手工填写（✎），Delete 清除</td></tr>
<tr><td>表式</td><td>报告采用的格式（苏州市、财政部、四川省……），在“基本信息”中选择；换表式不丢失任何内容，可撤销</td></tr>
<tr><td>得分</td><td>计分的表式中按分值、目标值与完成值自动计算（灰底）；可手工填写（✎），Delete 恢复计算值；
定性指标先选“完成程度”，得分取该档最高分</td></tr>
<tr><td>总分 · 等级</td><td>各项得分之和，显示在“部门整体自评表”标签上；优 ≥ 90，良 ≥ 80，中 ≥ 60，其余为差</td></tr>
</table>
<p>快捷键：Enter 下移，Tab 右移，F2 编辑，Delete 清除，Ctrl+C / Ctrl+V 复制粘贴，Ctrl+Z / Ctrl+Y 撤销重做，
Ctrl+R 切换报告；菜单中每一项都可以用 Alt 加括号中的字母选择。</p>
"""


def _file_dialog(parent, title: str, path: str, filters: str, save: bool, suffix: str = "") -> str:
    dialog = QFileDialog(parent, title)
    dialog.setNameFilter(filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    if suffix:
        dialog.setDefaultSuffix(suffix)
    start = Path(path) if path else Path.home()
    if start.is_dir():
        dialog.setDirectory(str(start))
    else:
        dialog.setDirectory(str(start.parent))
        dialog.selectFile(start.name)
    for label, text in ((QFileDialog.DialogLabel.LookIn, "查找范围(&I)："),
                        (QFileDialog.DialogLabel.FileName, "文件名(&N)："),
                        (QFileDialog.DialogLabel.FileType, "文件类型(&T)："),
                        (QFileDialog.DialogLabel.Accept, "保存(&S)" if save else "打开(&O)"),
                        (QFileDialog.DialogLabel.Reject, "取消")):
        dialog.setLabelText(label, text)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return ""
    chosen = dialog.selectedFiles()
    return chosen[0] if chosen else ""


def save_file_name(parent, title: str, path: str, filters: str, suffix: str = "") -> str:
    """Where to write a file ('' when cancelled); `path` is the folder or the proposed file."""
    return _file_dialog(parent, title, path, filters, True, suffix)


def open_file_name(parent, title: str, path: str, filters: str) -> str:
    """An existing file to read ('' when cancelled)."""
    return _file_dialog(parent, title, path, filters, False)


def show_about(parent) -> None:
    box = QMessageBox(QMessageBox.Icon.NoIcon, "关于绩效自评", GLOSSARY_HTML, parent=parent)
    box.addButton("关闭", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
