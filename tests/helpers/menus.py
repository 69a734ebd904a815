"""The editor's menus as a user sees them: every action found by walking the menu bar (submenus
included), and one action by the words of its menu and its text (access keys and … ignored)."""
from __future__ import annotations

from PySide6.QtGui import QAction


def plain(text: str) -> str:
    """A menu text without access key, shortcut column and ellipsis: “导出 PDF(&E)…\tCtrl+E” → “导出 PDF”."""
    text = text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    for key in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
        text = text.replace(f"({key})", "")
    return text.replace("…", "").strip()


def walk(menu, path=()):
    """(menu path, action) for every action under `menu` (a QMenuBar or QMenu), depth first."""
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if sub is not None:
            sub.aboutToShow.emit()  # what opening it does: fills or updates its entries
            yield from walk(sub, path + (plain(action.text()),))
        else:
            yield path, action


def menu_actions(window) -> list[tuple[tuple, QAction]]:
    return list(walk(window.menuBar()))


def find_action(window, menu: str, text: str) -> QAction:
    for path, action in menu_actions(window):
        if path and path[0] == menu and plain(action.text()).startswith(text):
            return action
    raise LookupError(f"{menu} › {text} not in the menus")
