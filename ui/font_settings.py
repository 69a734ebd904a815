"""打印字体: the user's choice of font for each role of the printed report, kept in QSettings."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from reports.fonts import ROLE_LABELS, ROLES, available_fonts
from ui.settings import FONT

AUTOMATIC = "自动选择"


def chosen_fonts(settings: QSettings) -> dict[str, str]:
    """Role → font file chosen by the user (roles left on 自动选择 are absent)."""
    chosen = {role: FONT.read(settings, role) for role in ROLES}
    return {role: path for role, path in chosen.items() if path}


class FontSettingsDialog(QDialog):
    def __init__(self, settings: QSettings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("打印字体")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("字体会嵌入 PDF，在任何电脑上打印都一样。未安装的字体由内置字体代替；\n"
                                "所选字体缺少的字会自动从内置字体中取用。"))
        form = QFormLayout()
        self.boxes = {}
        fonts = available_fonts()
        for role in ROLES:
            box = QComboBox()
            box.addItem(AUTOMATIC, "")
            for font in fonts:
                box.addItem(f"{font.label}（{font.path.name}）", str(font.path))
            current = FONT.read(settings, role)
            index = box.findData(current)
            box.setCurrentIndex(max(index, 0))
            form.addRow(ROLE_LABELS[role], box)
            self.boxes[role] = box
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _save(self) -> None:
        for role, box in self.boxes.items():
            FONT.write(self.settings, box.currentData() or "", role)
        self.accept()
