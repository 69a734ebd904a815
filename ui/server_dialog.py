"""文件 › 连接服务器…: host, port, database and user of a PostgreSQL server; 测试连接; OK opens it.

No password is asked: libpq finds it the standard ways (`.pgpass`, `PGPASSWORD`, a service file), so it
is never kept in the recent files, the window title or the settings.
"""
from __future__ import annotations

import getpass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout)

from models.errors import DomainError

DEFAULT_PORT = 5432
TEST_TIMEOUT = 5   # seconds 测试连接 waits for a server that does not answer
PASSWORD_NOTE = ("密码不在这里填写，也不会保存在本程序中：请把它写入 .pgpass 文件（Windows："
                 "%APPDATA%\\postgresql\\pgpass.conf，每行 主机:端口:数据库:用户:密码），或设置环境变量 "
                 "PGPASSWORD，或使用 PostgreSQL 的服务文件（pg_service.conf）。")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        return ""


class ServerDialog(QDialog):
    """Asks for a server; `url()` is what opens it (postgresql://USER@HOST:PORT/DB, never a password)."""

    def __init__(self, parent=None, last_url: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("连接服务器")
        self.host = QLineEdit()
        self.host.setPlaceholderText("例如 192.168.1.10 或 db.example.gov.cn")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setPlaceholderText("数据库名，例如 jixiao")
        self.user = QLineEdit(_default_user())
        form = QFormLayout()
        form.addRow("主机(&H)：", self.host)
        form.addRow("端口(&P)：", self.port)
        form.addRow("数据库(&D)：", self.database)
        form.addRow("用户名(&U)：", self.user)
        note = QLabel(PASSWORD_NOTE)
        note.setWordWrap(True)
        self.test_button = QPushButton("测试连接(&T)")
        self.test_button.clicked.connect(lambda _checked=False: self.test_connection())
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("连接并打开")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        for edit in (self.host, self.database, self.user):
            edit.textChanged.connect(self._update_ok)
        self.port.valueChanged.connect(self._update_ok)
        if last_url:
            self._fill(last_url)
        self._update_ok()
        self.resize(520, self.sizeHint().height())

    def _fill(self, url: str) -> None:
        from models.server import parse_url
        try:
            address = parse_url(url)
        except DomainError:
            return
        self.host.setText(address.host or "")
        self.port.setValue(address.port or DEFAULT_PORT)
        self.database.setText(address.dbname)
        if address.user:
            self.user.setText(address.user)

    def _update_ok(self) -> None:
        ready = bool(self.host.text().strip() and self.database.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)
        self.test_button.setEnabled(ready)
        self.result.setText("")

    def address(self):
        from models.server import ServerAddress
        return ServerAddress(self.user.text().strip() or None, self.host.text().strip(), self.port.value(),
                             self.database.text().strip())

    def url(self) -> str:
        """postgresql://USER@HOST:PORT/DB, without a password."""
        return self.address().url

    def test_connection(self) -> bool:
        """Connect once (waiting at most TEST_TIMEOUT seconds) and say what was found, in the dialog."""
        ok, message = check_server(self.address())
        self.result.setText(message)
        self.result.setStyleSheet("color: #1a7f37;" if ok else "color: #b42318;")
        return ok

    def accept(self) -> None:
        if self.host.text().strip() and self.database.text().strip():
            super().accept()


def check_server(address) -> tuple[bool, str]:
    """(reachable, what to tell the user in Chinese): the server answers, and what the database holds."""
    from dataclasses import replace

    from sqlalchemy.exc import DBAPIError

    from models.database import server_engine
    from models.server import server_error

    quick = replace(address, options=(*address.options, ("connect_timeout", str(TEST_TIMEOUT))))
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        engine = server_engine(quick, read_only=True)
        try:
            with engine.connect() as connection:
                tables = {row[0] for row in connection.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
                count = connection.exec_driver_sql("SELECT count(*) FROM reports").scalar() \
                    if {"reports", "alembic_version"} <= tables else None
        finally:
            engine.dispose()
    except DBAPIError as error:
        return False, "连接失败：" + server_error(error, address, writing=False).message
    except DomainError as error:
        return False, "连接失败：" + error.message
    finally:
        QApplication.restoreOverrideCursor()
    if count is None:
        if tables:
            return False, f"连接成功，但数据库“{address.dbname}”中已有其他程序的表，不是绩效自评的数据库。"
        return True, f"连接成功：数据库“{address.dbname}”是空的，打开时将建立绩效自评的表。"
    return True, f"连接成功：{address.display}，其中有 {count} 份报告。"


