"""帮助 › 关于绩效自评: the version, the data folder (with a button to open it), the database in use,
the fonts the printed report uses and the licences of the bundled fonts."""
from __future__ import annotations

from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from models.paths import data_dir
from reports.fonts import FONT_DIR, ROLE_LABELS, ROLES, bundled_fonts, choose_fonts


def program_version() -> str:
    try:
        return version("jixiao-ziping")
    except PackageNotFoundError:
        return "（版本未知）"


def about_html(db_path: Path | None, chosen: dict[str, str]) -> str:
    fonts = choose_fonts(chosen)
    rows = "".join(f"<tr><td>{escape(ROLE_LABELS[role])}</td><td>{escape(fonts.family(role))}</td></tr>"
                   for role in ROLES)
    line = fonts.substitution_line()
    licences = "".join(f"<li>{escape(font.label)}：{escape(font.file_name)}，许可 {escape(font.licence)}"
                       f"（{escape(str(FONT_DIR / font.licence_file))}）</li>" for font in bundled_fonts())
    database = escape(str(db_path)) if db_path is not None else "（未打开）"
    return (f"<h3>绩效自评 {escape(program_version())}</h3>"
            "<p>部门（单位）整体支出预算绩效自评报告的填写、检查、打印与导出。</p>"
            f"<p><b>数据文件夹：</b>{escape(str(data_dir()))}<br><b>正在使用的数据文件：</b>{database}</p>"
            f"<p><b>打印字体</b></p><table cellspacing='4'>{rows}</table>"
            + (f"<p>{escape(line)}</p>" if line else "")
            + f"<p><b>内置字体及许可</b></p><ul>{licences}</ul>"
            "<p>程序使用 Python、Qt（PySide6，LGPL 3）、SQLAlchemy、Alembic、openpyxl、reportlab、pypdfium2。</p>")


class AboutDialog(QDialog):
    def __init__(self, db_path: Path | None, chosen: dict[str, str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("关于绩效自评")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHtml(about_html(db_path, chosen))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox()
        self.open_folder = QPushButton("打开数据文件夹(&O)")
        self.open_folder.clicked.connect(self._open_folder)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.status = QLabel("")
        layout.addWidget(self.status)

    def _open_folder(self) -> None:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.status.setText(f"无法用文件管理器打开，请手动打开：{folder}")


def show_about(window) -> None:
    from ui.font_settings import chosen_fonts

    db = getattr(window, "db", None)
    AboutDialog(db.path if db is not None else None, chosen_fonts(window.settings), window).exec()
