"""Every setting the editor keeps between sessions (QSettings), declared once: key, type and default.

The window, the dialogs and the font settings read and write them here only, so a key is spelled
once and its default given once:

| setting | key | type | default |
|---|---|---|---|
| WINDOW_GEOMETRY | window/geometry | bytes (QByteArray) | none: Qt's own size |
| SHOW_PREVIOUS_YEAR | view/previous_year | bool | False (报告 › 显示上年数 off) |
| RECENT_FILES | recent_files | list of paths and server URLs (never a password) | [] |
| LAST_REPORT | last_report/<data file> | int | none: the first report |
| EXPORT_FOLDER | export/folder | str | the home folder |
| FONT | fonts/<role> | str (font file) | "" (自动选择) |
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings


@dataclass(frozen=True)
class Setting:
    key: str        # a QSettings key; `{}` in it is filled by `read(settings, part)` (a file, a role)
    type: type      # bool, int, str, list or bytes
    default: object = None
    default_of: Callable[[], object] | None = None  # a default computed when read (the home folder)

    def key_for(self, part: object = None) -> str:
        return self.key.format(part) if "{}" in self.key else self.key

    def read(self, settings: QSettings, part: object = None):
        """The stored value as `type`, or the default when there is none or it cannot be read (an
        INI file edited by hand, a value of another type)."""
        value = settings.value(self.key_for(part))
        try:
            value = _as(self.type, value)
        except (TypeError, ValueError):
            value = None
        if value is None or value == "" or value == []:
            return self.default_of() if self.default_of else (list(self.default) if self.type is list
                                                               else self.default)
        return value

    def write(self, settings: QSettings, value, part: object = None) -> None:
        settings.setValue(self.key_for(part), value)


def _as(kind: type, value):
    if value is None:
        return None
    if kind is bool:
        return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
    if kind is int:
        return int(value)
    if kind is list:  # an INI file gives one entry back as a plain string
        return [str(item) for item in value] if isinstance(value, (list, tuple)) else [str(value)]
    if kind is str:
        return str(value)
    return value


WINDOW_GEOMETRY = Setting("window/geometry", bytes)
SHOW_PREVIOUS_YEAR = Setting("view/previous_year", bool, False)
RECENT_FILES = Setting("recent_files", list, [])  # a file by its resolved path, a server by its URL
LAST_REPORT = Setting("last_report/{}", int)  # part: the data file's resolved path
EXPORT_FOLDER = Setting("export/folder", str, default_of=lambda: str(Path.home()))
FONT = Setting("fonts/{}", str, "")  # part: a role of reports/fonts.py (title, heading, body …)

SETTINGS = (WINDOW_GEOMETRY, SHOW_PREVIOUS_YEAR, RECENT_FILES, LAST_REPORT, EXPORT_FOLDER, FONT)
