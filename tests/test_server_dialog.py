"""文件 › 连接服务器…: host, port, database and user typed as a user does (no password asked), 测试连接
against the throwaway server (or a clear Chinese failure without one), OK opens the server in the
editor and remembers it in the recent files as its URL without a password."""
from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from conftest import open_editor
from models.server import parse_url
from ui.settings import RECENT_FILES


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]   # nothing listens there once the probe is closed


def _run_dialog(window, qtbot, host: str, port: int, dbname: str, user: str, test: bool, ok: bool) -> dict:
    """文件 › 连接服务器… with the fields typed, 测试连接 pressed, then OK or 取消; what the dialog showed."""
    seen: dict = {}

    def answer():
        dialog = window.server_dialog
        seen["password_fields"] = [e for e in dialog.findChildren(QLineEdit)
                                   if e.echoMode() != QLineEdit.EchoMode.Normal]
        seen["labels"] = " ".join(label.text() for label in dialog.findChildren(type(dialog.result)))
        for edit, text in ((dialog.host, host), (dialog.database, dbname), (dialog.user, user)):
            edit.clear()
            QTest.keyClicks(edit, text)
        dialog.port.clear()
        QTest.keyClicks(dialog.port, str(port))
        if test:
            QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
            seen["result"] = dialog.result.text()
        seen["url"] = dialog.url()
        button = QDialogButtonBox.StandardButton.Ok if ok else QDialogButtonBox.StandardButton.Cancel
        dialog.buttons.button(button).click()
    QTimer.singleShot(0, answer)
    window.server_action.trigger()
    return seen


@pytest.fixture
def editor(qtbot, sample, tmp_path):
    db, _report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(window)
    return window


def test_no_server_there_a_clear_chinese_failure(editor, qtbot):
    before = editor.db.location
    port = _closed_port()
    seen = _run_dialog(editor, qtbot, "127.0.0.1", port, "jixiao", "kuaiji", test=True, ok=False)
    assert seen["result"].startswith("连接失败：无法连接到服务器 kuaiji@127.0.0.1:")
    assert "服务器未运行、地址或端口不对，或网络不通" in seen["result"]
    assert "修改没有保存" not in seen["result"]  # a connection test changes nothing
    assert seen["url"] == f"postgresql://kuaiji@127.0.0.1:{port}/jixiao"
    assert editor.db.location == before  # 取消: the open file stays


def test_no_password_asked_the_standard_ways_named(editor, qtbot):
    seen = _run_dialog(editor, qtbot, "db.example", 5432, "jixiao", "kuaiji", test=False, ok=False)
    assert seen["password_fields"] == []
    assert ".pgpass" in seen["labels"] and "PGPASSWORD" in seen["labels"] and "服务文件" in seen["labels"]


def test_driver_missing_names_the_extra(editor, qtbot, monkeypatch):
    from models import server
    from models.errors import StorageError

    def missing():
        raise StorageError(f"连接 PostgreSQL 服务器需要 psycopg 3 驱动，本机尚未安装。请在程序目录中运行：{server.EXTRA_HINT}")
    monkeypatch.setattr(server, "require_driver", missing)
    seen = _run_dialog(editor, qtbot, "127.0.0.1", 5432, "jixiao", "kuaiji", test=True, ok=False)
    assert seen["result"].startswith("连接失败：") and "pip install -e .[server]" in seen["result"]


def test_connect_test_and_open_the_server(editor, qtbot, pg_db, tmp_path, capsys):
    from bench.shared import make_unit_files
    from main import main

    units = make_unit_files(tmp_path / "units", 2)
    assert main(["collect", "--db", pg_db, *map(str, units)]) == 0
    ids = [int(line.split("\t")[1]) for line in capsys.readouterr().out.splitlines()]
    address = parse_url(pg_db)
    seen = _run_dialog(editor, qtbot, address.host, address.port, address.dbname, address.user, test=True, ok=True)
    assert seen["result"] == f"连接成功：{address.display}，其中有 2 份报告。"
    assert editor.db.is_server and editor.db.location == pg_db
    assert editor.session is not None and editor.session.report_id in ids
    assert address.display in editor.windowTitle()
    recent = RECENT_FILES.read(editor.settings)
    assert recent[0] == pg_db and ":" not in pg_db.split("@")[0].removeprefix("postgresql://")  # no password
    assert any(action.text().endswith(pg_db.replace("&", "&&")) for action in editor.recent_menu.actions())
    # The dialog proposes the last server next time.
    def look():
        dialog = editor.server_dialog
        look.values = (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.user.text())
        dialog.reject()
    QTimer.singleShot(0, look)
    editor.server_action.trigger()
    assert look.values == (address.host, address.port, address.dbname, address.user)


def test_an_empty_server_database_opens_with_the_tables_made(editor, qtbot, pg_db):
    address = parse_url(pg_db)
    seen = _run_dialog(editor, qtbot, address.host, address.port, address.dbname, address.user, test=True, ok=True)
    assert seen["result"].startswith("连接成功：") and "是空的" in seen["result"]
    assert editor.db.is_server and editor.db.location == pg_db
