"""Start-up checks: when the editor cannot start — no display, a system library Qt needs is missing,
the data folder cannot be written — one Chinese line says what is missing and how to install it,
instead of Qt's English abort. `make run` prints it too."""
import os
import re
import subprocess
import sys
from pathlib import Path

from ui import startup_checks
from ui.startup_checks import SYSTEM_LIBRARIES, data_folder_problem, display_problem, library_problem

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = re.compile(r"qt\.qpa|Could not|plugin|Aborted|Traceback", re.IGNORECASE)


def _env(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(HOME=str(tmp_path), JIXIAO_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


def test_a_missing_library_is_named_with_the_package_to_install():
    gone = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    line = library_problem({"DISPLAY": ":0"}, "linux", loads=lambda soname: soname not in gone)
    assert line.startswith("无法启动编辑器：缺少图形界面需要的系统库 ")
    assert "libxcb-cursor.so.0" in line and "sudo apt install libxcb-cursor0 libxcb-icccm4" in line
    assert "\n" not in line


def test_headless_qt_needs_no_xcb_library_and_windows_is_not_probed():
    gone = {library.soname for library in SYSTEM_LIBRARIES if library.xcb}
    assert library_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", loads=lambda s: s not in gone) == ""
    assert library_problem({}, "win32", loads=lambda s: False) == ""


def test_every_system_library_the_bundled_qt_loads_is_in_the_table():
    """The table is the .deb's Depends: every library outside PySide6 that Qt's libraries and the
    xcb plugin need (read from their ELF headers) must be in it."""
    import PySide6
    qt = Path(PySide6.__file__).parent / "Qt"
    files = [qt / "plugins" / "platforms" / "libqxcb.so"] + [
        qt / "lib" / f"libQt6{name}.so.6" for name in ("Core", "Gui", "Widgets", "XcbQpa", "DBus", "OpenGL")]
    needed = set()
    for file in files:
        dynamic = subprocess.run(["readelf", "-d", str(file)], capture_output=True, text=True, check=True).stdout
        needed |= set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic))
    ours = {library.soname for library in SYSTEM_LIBRARIES}
    basic = re.compile(r"libQt6|libicu|libc\.so|libm\.so|libstdc\+\+|libgcc_s|libpthread|libdl|librt|ld-linux")
    assert {name for name in needed if not basic.match(name)} - ours == set()


def test_no_display_is_said_in_chinese():
    assert display_problem({}, "linux").startswith("无法启动编辑器：没有找到图形桌面")
    assert display_problem({"DISPLAY": ":1"}, "linux") == ""
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""


def test_a_data_folder_that_cannot_be_written_is_said(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    line = data_folder_problem(blocker / "data")
    assert line.startswith(f"无法启动编辑器：数据文件夹 {blocker / 'data'} 无法写入（") and "JIXIAO_DATA_DIR" in line
    assert data_folder_problem(tmp_path / "fine") == ""


def test_the_editor_without_a_display_prints_one_chinese_line(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], env=_env(tmp_path), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [display_problem({}, "linux")]


def test_make_run_without_an_xcb_library_prints_the_line_with_the_package(tmp_path):
    """A machine without libxcb-cursor0 (issue 19's fresh Debian), simulated: the loader finds an
    unloadable file of that name first."""
    fake = tmp_path / "lib"
    fake.mkdir()
    (fake / "libxcb-cursor.so.0").write_bytes(b"")
    env = _env(tmp_path, DISPLAY=":99", LD_LIBRARY_PATH=str(fake))
    done = subprocess.run(["make", "-s", "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    line = "无法启动编辑器：缺少图形界面需要的系统库 libxcb-cursor.so.0。请安装：sudo apt install libxcb-cursor0"
    assert line in done.stderr and not ENGLISH.search(done.stderr), done.stderr


def test_the_data_folder_check_runs_before_the_editor(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("JIXIAO_DATA_DIR", str(blocker / "data"))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert startup_checks.startup_problem().startswith("无法启动编辑器：数据文件夹")
    assert startup_checks.startup_problem(str(tmp_path / "other.db")) == ""   # a file of its own is enough


def test_a_wayland_session_needs_x11_where_qt_has_no_wayland_plugin(monkeypatch):
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    monkeypatch.setattr(startup_checks, "_has_wayland", lambda: True)
    assert display_problem(wayland, "linux") == ""
    monkeypatch.setattr(startup_checks, "_has_wayland", lambda: False)   # the bundle: X11 through XWayland only
    assert display_problem(wayland, "linux").startswith("无法启动编辑器：没有找到图形桌面")
    assert display_problem({**wayland, "DISPLAY": ":0"}, "linux") == ""
