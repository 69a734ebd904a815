"""One editor per user: starting the program again brings the running window to the front and opens
the file asked for in it, instead of a second editor refused by the file's lock."""
import os
import subprocess
import sys
from pathlib import Path

from conftest import open_editor
from models.database import open_database
from models.sample import install_sample
from ui.single_instance import hand_over, serve, server_name

ROOT = Path(__file__).resolve().parent.parent


def _file(path: Path) -> Path:
    db = open_database(path)
    install_sample(db)
    db.close()
    return path


def test_a_second_start_opens_its_file_in_the_running_editor(qtbot, tmp_path):
    window = open_editor(qtbot, _file(tmp_path / "first.db"), tmp_path)
    window.instance_server = serve(window)
    other = _file(tmp_path / "second.db")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    second = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(other)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: window.db is not None and window.db.path.resolve() == other.resolve(), timeout=30000)
    out, err = second.communicate(timeout=30)
    assert second.returncode == 0 and out == "" and err == ""
    assert window.isVisible() and window.report is not None


def test_a_second_start_without_a_file_brings_the_window_to_the_front(qtbot, tmp_path):
    first = _file(tmp_path / "first.db")
    window = open_editor(qtbot, first, tmp_path)
    window.instance_server = serve(window)
    window.showMinimized()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    second = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=30000)
    assert second.wait(timeout=30) == 0
    assert window.db.path == first   # nothing else opened


def test_without_a_running_editor_nothing_answers(tmp_path):
    assert not hand_over(None, server_name(tmp_path / "nobody"))


def test_a_socket_left_by_a_killed_editor_does_not_stop_the_next_one(qtbot, tmp_path):
    name = server_name()
    script = ("import sys, time\nfrom PySide6.QtCore import QCoreApplication\nfrom PySide6.QtNetwork import QLocalServer\n"
              "app = QCoreApplication([])\nserver = QLocalServer()\nassert server.listen(sys.argv[1])\n"
              "print('listening', flush=True)\ntime.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", script, name], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "listening"
    holder.kill()
    holder.wait()
    window = open_editor(qtbot, _file(tmp_path / "first.db"), tmp_path)
    window.instance_server = serve(window)
    assert window.instance_server.server.isListening()
    other = _file(tmp_path / "second.db")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    second = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(other)], env=env)
    qtbot.waitUntil(lambda: window.db.path.resolve() == other.resolve(), timeout=30000)
    assert second.wait(timeout=30) == 0
