"""One editor per user: a second start (a double-click again, a file opened from the file manager)
hands its file to the running editor, which comes to the front and opens it, and then ends.

The running editor listens on a local socket (a named pipe on Windows) named after the user's data
folder, so every user — and every test with its own data folder — has its own. The message is one
line of JSON: {"open": "/absolute/path.db"} or {"open": null}; the answer is "ok".
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from PySide6.QtCore import QDir, QObject, QTimer, Signal

from models.paths import data_dir

TIMEOUT_MS = 1000


def server_name(folder: Path | None = None) -> str:
    folder = folder or data_dir()
    try:
        folder = folder.resolve()
    except OSError:
        pass
    return "jixiao-ziping-" + hashlib.sha1(str(folder).encode("utf-8")).hexdigest()[:16]


def hand_over(path: str | None, name: str | None = None) -> bool:
    """Give `path` (or nothing, just "come to the front") to a running editor; False when none runs."""
    name = name or server_name()
    if sys.platform != "win32" and not Path(QDir.tempPath(), name).exists():
        return False  # no editor has listened here: no need to load QtNetwork on the way to the window
    from PySide6.QtNetwork import QLocalSocket
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    message = {"open": str(Path(path).absolute()) if path else None}
    socket.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    socket.flush()
    answered = False
    while socket.waitForReadyRead(5 * TIMEOUT_MS):
        if socket.canReadLine() and bytes(socket.readLine()).strip() == b"ok":
            answered = True
            break
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts of the program; `requested(path)` ("" for none) on the GUI thread."""

    requested = Signal(str)

    def __init__(self, name: str | None = None, parent=None):
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # A socket file left by an editor that ended without closing it (a crash, a kill): nobody
        # answered on it (hand_over came first), so it is stale.
        from PySide6.QtNetwork import QLocalServer
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _read(self, socket) -> None:
        if not socket.canReadLine():
            return
        try:
            message = json.loads(bytes(socket.readLine()).decode("utf-8"))
            path = message.get("open") or ""
        except (ValueError, AttributeError):
            socket.disconnectFromServer()
            return
        socket.write(b"ok\n")
        socket.flush()
        self.requested.emit(str(path))


def bring_to_front(window) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def serve(window, name: str | None = None) -> InstanceServer:
    """Let later starts reach `window`: it comes to the front and opens the file asked for (once no
    dialog is open in it, so a dialog's work is never pulled from under it)."""
    server = InstanceServer(name, window)

    def open_when_free(path: str) -> None:
        from PySide6.QtWidgets import QApplication
        modal = QApplication.activeModalWidget()
        if modal is not None:
            bring_to_front(modal)
            QTimer.singleShot(500, lambda: open_when_free(path))
            return
        bring_to_front(window)
        if path and (window.db is None or Path(path).resolve() != window.db.path.resolve()):
            window.open_file(Path(path))

    server.requested.connect(open_when_free)
    server.listen()
    return server
