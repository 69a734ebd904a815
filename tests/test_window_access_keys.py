"""The row commands carry the same access key in the 编辑 menu as on the table tabs' buttons, so a
user who learned one knows the other; within the 编辑 menu every access key is different."""
import re

import pytest

from conftest import open_editor
from helpers.menus import menu_actions


@pytest.fixture
def window(qtbot, sample, tmp_path):
    db, _report_id = sample
    db.close()
    return open_editor(qtbot, db.path, tmp_path)


def access_key(text: str) -> str:
    found = re.search(r"&(\w)", text.replace("&&", ""))
    return found.group(1).upper() if found else ""


def test_row_commands_have_one_access_key_each_everywhere(window):
    edit_menu = [action for path, action in menu_actions(window) if path == ("编辑",)]
    keys = [access_key(action.text()) for action in edit_menu]
    assert all(keys) and len(keys) == len(set(keys)), keys
    for table in ("budget", "tasks", "indicators"):
        page = window.pages.show(table)
        for command, action in page.actions_.items():
            assert access_key(action.text()) == access_key(window.row_menu_actions[command].text()), command
