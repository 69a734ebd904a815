"""One writer per database file: a lock file beside it names the copy of the program that holds it.

`FILE.lock` holds the process id, the machine and the time it was taken. A second copy is refused
with those facts; a lock whose process no longer runs on this machine (a crash) is taken over.
"""
from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.errors import StorageError


class LockedError(StorageError):
    """The file is held by another running copy of the program."""


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    since: str

    def describe(self) -> str:
        return f"进程 {self.pid}，计算机 {self.host}，自 {self.since} 起"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = wintypes.DWORD()
        try:
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lock(db_path: Path) -> LockInfo | None:
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockInfo(int(data["pid"]), str(data["host"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class FileLock:
    """Held while a database is open for writing; `release()` (or process death) frees it."""

    def __init__(self, db_path: Path):
        self.path = lock_path(Path(db_path))
        self.held = False

    def acquire(self) -> None:
        me = {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now().strftime("%Y-%m-%d %H:%M:%S")}
        for _attempt in range(2):
            try:
                descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = read_lock(self.path.with_name(self.path.name[:-5]))
                if holder is not None and (holder.host != me["host"] or _alive(holder.pid)):
                    if holder.pid == me["pid"] and holder.host == me["host"]:
                        raise LockedError("该文件已在本程序的另一个窗口中打开。")
                    raise LockedError(f"该文件正由另一个绩效自评程序使用（{holder.describe()}）。"
                                      f"请先关闭那个程序；如确认它已不在运行，可删除文件“{self.path.name}”。")
                try:  # a lock left by a crashed copy (or unreadable): take it over
                    self.path.unlink()
                except FileNotFoundError:
                    pass
                continue
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(me, handle, ensure_ascii=False)
            self.held = True
            return
        raise LockedError("无法取得文件锁，请稍后重试。")

    def release(self) -> None:
        if self.held:
            try:
                holder = read_lock(self.path.with_name(self.path.name[:-5]))
                if holder is not None and holder.pid == os.getpid():
                    self.path.unlink()
            except OSError:
                pass
            self.held = False
