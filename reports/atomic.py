"""Writing an output file atomically: a temporary file beside the target, synced, then renamed over
it. A failure (disk full, target open in another program) leaves the old file as it was."""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from models.errors import DomainError


class OutputError(DomainError):
    """An output file that could not be written; the old file, if any, is untouched."""


def _explain(error: OSError, target: Path) -> str:
    if isinstance(error, PermissionError) and not target.exists():
        return f"无法写入“{target}”：没有在这个文件夹中写入的权限，请另选位置。"
    if isinstance(error, PermissionError):
        return (f"无法写入“{target}”：文件可能正被其他程序（如 WPS、Excel 或 PDF 阅读器）打开，"
                f"或没有写入权限。请关闭该文件后重试，或另选位置。")
    reason = REASONS.get(error.errno, f"系统拒绝写入（错误号 {error.errno}）")
    return f"无法写入“{target}”：{reason}。原有文件未被改动。"


# The system's reasons in Chinese (its own strerror is English whatever the user's language).
REASONS = {
    errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "磁盘配额已用完", errno.ENOENT: "文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EROFS: "所在磁盘是只读的", errno.ENAMETOOLONG: "文件名太长", errno.EINVAL: "文件名中有系统不允许的字符",
    errno.EXDEV: "不能在这个位置替换文件", errno.EBUSY: "文件正被占用", errno.EIO: "磁盘读写出错",
}


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux), since an
    output may be written on a worker thread while another file is being created."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """The permissions a file written in place would have: the old file's, else the usual ones
    (a temporary file is made readable by its owner only)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _regular_target(target: Path) -> Path:
    """The file to replace: a link's own target (the link stays a link), never a folder, a device, a
    pipe or a socket, which a rename would silently turn into a plain file."""
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if not target.parent.exists():
        raise OutputError(f"文件夹不存在：{target.parent}")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise OutputError(_explain(error, target)) from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"无法写入“{target}”：这是一个文件夹，请另起一个文件名。")
    if not stat.S_ISREG(mode):
        raise OutputError(f"无法写入“{target}”：这不是普通文件（是设备、管道或套接字），请另选一个文件名。")
    return target


@contextmanager
def atomic_output(target: str | Path) -> Iterator[Path]:
    """Yields a temporary path to write to; on success it replaces `target` in one step."""
    target = _regular_target(Path(target))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(handle)
    except OSError as error:
        raise OutputError(_explain(error, target)) from None
    temporary = Path(temporary)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(_explain(error, target)) from None
    finally:
        if temporary.exists():
            temporary.unlink()
