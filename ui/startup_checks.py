"""Before Qt starts the editor: is there a display, are the system libraries Qt needs there, can the
data folder be written? Each problem is one Chinese line naming what is missing and how to install
it, instead of Qt's English abort ("could not load the Qt platform plugin xcb …").

No Qt here: the probe must run before Qt is loaded. Libraries are looked for as Qt will look for
them, by dlopen()ing their sonames; the bundled Qt libraries are not probed, only the system ones.
"""
from __future__ import annotations

import ctypes
import errno
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemLibrary:
    soname: str
    package: str      # the Debian / Ubuntu / UOS / Kylin package that provides it
    xcb: bool         # needed only by the X11 (xcb) platform plugin


# Every library outside the bundle that PySide6's Qt (Core, Gui, Widgets, DBus, the xcb and offscreen
# plugins) loads on Linux: the `Depends:` of the .deb and what the probe looks for.
SYSTEM_LIBRARIES = (
    SystemLibrary("libEGL.so.1", "libegl1", False),
    SystemLibrary("libGL.so.1", "libgl1", False),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", False),
    SystemLibrary("libfreetype.so.6", "libfreetype6", False),
    SystemLibrary("libglib-2.0.so.0", "libglib2.0-0", False),
    SystemLibrary("libgthread-2.0.so.0", "libglib2.0-0", False),
    SystemLibrary("libdbus-1.so.3", "libdbus-1-3", False),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", False),
    SystemLibrary("libz.so.1", "zlib1g", False),
    SystemLibrary("libzstd.so.1", "libzstd1", False),
    SystemLibrary("libX11.so.6", "libx11-6", True),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", True),
    SystemLibrary("libxcb.so.1", "libxcb1", True),
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", True),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", True),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", True),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", True),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", True),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", True),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", True),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", True),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", True),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", True),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", True),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", True),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", True),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", True),
)

_HEADLESS = {"offscreen", "minimal", "vnc", "eglfs", "linuxfb", "minimalegl", "vkkhrdisplay"}


def debian_packages() -> list[str]:
    """The packages the .deb depends on, each once, in the table's order."""
    return list(dict.fromkeys(library.package for library in SYSTEM_LIBRARIES))


def _has_wayland() -> bool:
    """Whether Qt has its Wayland plugin here (the bundle leaves it out: X11 programs run under
    XWayland); looked up without importing PySide6."""
    from importlib.util import find_spec
    spec = find_spec("PySide6")
    return any((Path(folder) / "Qt" / "plugins" / "platforms" / "libqwayland.so").exists()
               for folder in (spec.submodule_search_locations or [])) if spec else False


def _platforms(environ) -> list[str]:
    wanted = environ.get("QT_QPA_PLATFORM", "")
    names = [part.split(":")[0].strip() for part in wanted.split(";") if part.strip()]
    if names:
        return names
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland" and _has_wayland():
        return ["wayland", "xcb"]
    return ["xcb"]


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(libraries=SYSTEM_LIBRARIES, xcb: bool = True, loads=_loads) -> list[SystemLibrary]:
    return [library for library in libraries if (xcb or not library.xcb) and not loads(library.soname)]


def display_problem(environ=os.environ, platform: str = sys.platform) -> str:
    if platform != "linux":
        return ""
    platforms = _platforms(environ)
    if platforms[0] in _HEADLESS or environ.get("DISPLAY") or "wayland" in platforms and environ.get("WAYLAND_DISPLAY"):
        return ""
    return ("无法启动编辑器：没有找到图形桌面（未设置 DISPLAY 环境变量）。请在桌面环境中启动本程序；"
            "命令行命令（加 -h 查看）不需要图形界面。")


def library_problem(environ=os.environ, platform: str = sys.platform, libraries=SYSTEM_LIBRARIES,
                    loads=_loads) -> str:
    if platform != "linux":
        return ""   # Windows and macOS bundles carry every library Qt needs
    platforms = _platforms(environ)
    xcb = platforms[0] not in _HEADLESS and "xcb" in platforms and not (
        platforms[0] == "wayland" and environ.get("WAYLAND_DISPLAY"))
    missing = missing_libraries(libraries, xcb, loads)
    if not missing:
        return ""
    names = "、".join(library.soname for library in missing)
    packages = " ".join(dict.fromkeys(library.package for library in missing))
    return (f"无法启动编辑器：缺少图形界面需要的系统库 {names}。"
            f"请安装：sudo apt install {packages}（统信 UOS、银河麒麟、Ubuntu、Debian 相同）")


_ERRNO_WORDS = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "所在的磁盘只读",
                errno.ENOSPC: "磁盘已满", errno.ENOTDIR: "路径中有同名的文件", errno.EEXIST: "有同名的文件",
                errno.EDQUOT: "超出磁盘配额"}


def data_folder_problem(folder: Path | None = None) -> str:
    from models.paths import DATA_DIR_ENV, data_dir

    folder = folder or data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as error:
        why = _ERRNO_WORDS.get(error.errno, f"系统错误 {error.errno}")
        return (f"无法启动编辑器：数据文件夹 {folder} 无法写入（{why}）。请修改它的权限，"
                f"或用环境变量 {DATA_DIR_ENV} 指定一个可以写入的文件夹。")
    return ""


def startup_problem(db_arg: str | None = None) -> str:
    """The first reason the editor cannot start on this machine, as one Chinese line, or ""."""
    from models.paths import DB_ENV

    problem = display_problem() or library_problem()
    if not problem and not db_arg and not os.environ.get(DB_ENV):
        problem = data_folder_problem()
    return problem
