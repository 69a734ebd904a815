"""帮助 › 关于绩效自评: the version, the data folder with a button to open it, the file in use, the fonts
of the printed report and the bundled fonts' licences; `--version` on the command line."""
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from models.paths import data_dir
from reports.fonts import bundled_fonts, choose_fonts
from tests.helpers.menus import find_action
from ui.about import AboutDialog

ROOT = Path(__file__).resolve().parent.parent


def test_version_on_the_command_line():
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == f"绩效自评 {version('jixiao-ziping')}\n"


def test_about_from_the_help_menu_shows_version_folder_file_fonts_and_licences(qtbot, sample_editor, monkeypatch):
    opened = []
    monkeypatch.setattr("ui.about.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AboutDialog):
            QTimer.singleShot(20, look)
            return
        seen["title"] = dialog.windowTitle()
        seen["text"] = dialog.text.toPlainText()
        dialog.open_folder.click()
        dialog.reject()

    QTimer.singleShot(20, look)
    find_action(sample_editor, "帮助", "关于绩效自评").trigger()
    text = seen["text"]
    assert seen["title"] == "关于绩效自评"
    assert f"绩效自评 {version('jixiao-ziping')}" in text
    assert str(data_dir()) in text and str(sample_editor.db.path) in text
    fonts = choose_fonts()
    for role in ("body", "heading", "kai", "title"):
        assert fonts.family(role) in text
    for font in bundled_fonts():
        assert font.file_name in text and font.licence in text
    assert opened == [str(data_dir())]
