"""Colours and fonts that tell the kinds of cells apart: entered, derived, overridden, qualitative."""
from PySide6.QtGui import QBrush, QColor, QFont

DERIVED_BACKGROUND = QBrush(QColor("#edf1f6"))    # computed, read-only cells
PARENT_BACKGROUND = QBrush(QColor("#f4f6f9"))     # sums of a parent budget line
GROUP_BACKGROUND = QBrush(QColor("#fafbfc"))      # every other group of rows
OVERRIDE_FOREGROUND = QBrush(QColor("#a64d00"))   # a 偏差情况 stated by hand
QUALITATIVE_FOREGROUND = QBrush(QColor("#26616b"))  # a target or value read as qualitative
CONTINUATION_FOREGROUND = QBrush(QColor("#b0b6be"))
GROUP_LABEL_FOREGROUND = QBrush(QColor("#6b7785"))  # a group's name repeated in the topmost row shown
NEGATIVE_FOREGROUND = QBrush(QColor("#b00020"))


def bold(font: QFont | None = None) -> QFont:
    font = QFont(font) if font is not None else QFont()
    font.setBold(True)
    return font
