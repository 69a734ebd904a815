"""One writer per database file, enforced by the operating system.

The writer holds an OS lock (`fcntl.flock` on Linux and macOS, `msvcrt.locking` on Windows) on
`FILE.lock` for as long as the file is open; the kernel frees it when the process ends, however it
ends, so a crashed copy never blocks the next one. The lock file also names its holder (process,
machine, since when) in JSON — that text is information for the message, never the lock itself.

The lock belongs to the real file: the name is resolved (symbolic links, `..`) before `.lock` is
appended, and a file this process already holds under another name (a hard link) is recognised by
its identity, so no second path leads to a second writer.
"""
from __future__ import annotations

import errno
import json
import os
import socket
import stat
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.errors import StorageError

_INFO_LIMIT = 4096          # a lock file's information is a few dozen bytes; never read more
_WINDOWS_LOCK_OFFSET = 1 << 20  # the byte locked on Windows: far from the information, which stays readable
_held: list["FileLock"] = []  # the locks this process holds


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
    """`FILE.lock` beside the real file (symbolic links resolved)."""
    real = Path(os.path.realpath(db_path))
    return real.with_name(real.name + ".lock")


def _parse_info(data: bytes) -> LockInfo | None:
    """The holder named in a lock file; None for anything that is not the small JSON we write."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(value, dict):
        return None
    pid, host, since = value.get("pid"), value.get("host"), value.get("since")
    if not isinstance(pid, int) or isinstance(pid, bool) or not 0 < pid < 2 ** 31:
        return None
    if not isinstance(host, str) or not isinstance(since, str):
        return None
    return LockInfo(pid, host[:100], since[:40])


def read_lock(db_path: Path) -> LockInfo | None:
    """Who holds (or last held) the file's lock, as the lock file says; None when it says nothing
    usable. Never blocks: a FIFO or a device at the lock's name is not opened."""
    path = lock_path(Path(db_path))
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        return _parse_info(os.read(descriptor, _INFO_LIMIT))
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _held_here(db_path: Path) -> bool:
    """Whether this process already holds the file under this or another name (a symbolic link,
    a hard link). Compared live, so a file deleted since is never mistaken for a new one."""
    from models.paths import same_file

    return any(same_file(lock.db_path, db_path) for lock in _held)


def _os_lock(descriptor: int) -> bool:
    """Take the OS lock without waiting; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as error:
        if sys.platform == "win32" or error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise StorageError(f"无法在该位置取得文件锁（{error.strerror or error}），不能写入。"
                           f"请把文件复制到本机磁盘上再打开。") from None


class FileLock:
    """Held while a database is open for writing; `release()` (or the end of the process) frees it."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self.held = False
        self._descriptor: int | None = None

    def acquire(self) -> None:
        if _held_here(self.db_path):
            raise LockedError("该文件已在本程序的另一个窗口中打开。")
        for _attempt in range(20):
            descriptor = self._open()
            try:
                if not _os_lock(descriptor):
                    raise self._refusal()
                # The previous holder may have removed the file between our open and our lock:
                # then we locked a file nobody else can find. Start again with the current one.
                if not self._still_current(descriptor):
                    continue
                self._write_info(descriptor)
            except BaseException:
                os.close(descriptor)
                raise
            else:
                if not self._still_current(descriptor):
                    os.close(descriptor)
                    continue
            self._descriptor, self.held = descriptor, True
            _held.append(self)
            return
        raise LockedError("无法取得文件锁，请稍后重试。")

    def _open(self) -> int:
        """Open (creating if need be) the lock file, refusing anything but a plain file: a FIFO at
        that name would otherwise block forever."""
        flags = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        try:
            existing = os.lstat(self.path)
        except FileNotFoundError:
            existing = None
        except OSError as error:
            raise StorageError(f"无法读取文件锁“{self.path.name}”：{error.strerror or error}") from None
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            raise LockedError(f"“{self.path.name}”不是本程序的文件锁（不是普通文件），无法确认是否有其他程序在使用"
                              f"该文件。请检查并删除“{self.path}”后再打开。")
        try:
            descriptor = os.open(self.path, flags, 0o644)
        except OSError as error:
            raise StorageError(f"无法创建文件锁“{self.path.name}”：{error.strerror or error}。"
                               f"文件或文件夹可能是只读的。") from None
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # replaced between the look and the open
            os.close(descriptor)
            raise LockedError(f"“{self.path.name}”不是本程序的文件锁（不是普通文件）。请检查并删除它后再打开。")
        return descriptor

    def _still_current(self, descriptor: int) -> bool:
        try:
            now, mine = os.stat(self.path), os.fstat(descriptor)
        except OSError:
            return False
        return (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino)

    def _write_info(self, descriptor: int) -> None:
        me = {"pid": os.getpid(), "host": socket.gethostname(),
              "since": datetime.now().strftime("%Y-%m-%d %H:%M:%S")}
        data = json.dumps(me, ensure_ascii=False).encode("utf-8")
        try:
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, data)
            os.ftruncate(descriptor, len(data))
        except OSError:
            pass  # the information is a courtesy; the OS lock is what keeps others out

    def _refusal(self) -> LockedError:
        holder = read_lock(self.db_path)
        if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname():
            return LockedError("该文件已在本程序的另一个窗口中打开。")
        if holder is None:
            return LockedError("该文件正由另一个绩效自评程序使用。请先关闭那个程序再打开。")
        return LockedError(f"该文件正由另一个绩效自评程序使用（{holder.describe()}）。请先关闭那个程序再打开。")

    def release(self) -> None:
        if not self.held:
            return
        descriptor, self._descriptor = self._descriptor, None
        if self in _held:
            _held.remove(self)
        self.held = False
        # Remove the file while still holding it (a waiting copy then sees it is gone and starts
        # again); Windows cannot remove an open file, so there it is closed first.
        if sys.platform != "win32" and self._still_current(descriptor):
            try:
                self.path.unlink()
            except OSError:
                pass
        os.close(descriptor)
        if sys.platform == "win32":
            try:
                self.path.unlink()
            except OSError:
                pass
