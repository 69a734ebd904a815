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
    """The entry of `menu` named `text` (or, when none is named so exactly, the first one that begins so)."""
    entries = [action for path, action in menu_actions(window) if path and path[0] == menu]
    for action in entries:
        if plain(action.text()) == text:
            return action
    for action in entries:
        if plain(action.text()).startswith(text):
            return action
    raise LookupError(f"{menu} › {text} not in the menus")


def press(qtbot, window, sequence: str | object) -> None:
    """Press a key sequence (“Ctrl+E”) as the user does: to the focused widget of the active window."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    combination = QKeySequence(sequence)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
