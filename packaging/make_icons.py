"""Draws the program's icon (绩 on a red seal-like square) at the hicolor sizes and as a Windows .ico:

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

The PNGs and the .ico are kept in packaging/icons/; run again only to change the design.
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int, font_family: str):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = max(1.0, size / 16)
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    painter.setBrush(QColor("#b7282e"))
    painter.setPen(QPen(QColor("#8c1c21"), max(1.0, size / 32)))
    painter.drawRoundedRect(rect, size / 6, size / 6)
    font = QFont(font_family)
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "绩")
    painter.end()
    return image


def write_ico(pngs: list[tuple[int, bytes]], target: Path) -> None:
    """An .ico holding PNG images (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, data = b"", b""
    for size, png in pngs:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    target.write_bytes(header + entries + data)


def main() -> int:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "FandolHei-Regular.ttf"))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    pngs = []
    for size in SIZES:
        image = draw(size, family)
        image.save(str(HERE / "icons" / f"jixiao-ziping-{size}.png"))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        pngs.append((size, bytes(buffer.data())))
    write_ico(pngs, HERE / "icons" / "jixiao-ziping.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
