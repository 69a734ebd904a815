"""Writing an output file atomically: a temporary file beside the target, synced, then renamed over
it. A failure (disk full, target open in another program) leaves the old file as it was."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from models.errors import DomainError


class OutputError(DomainError):
    """An output file that could not be written; the old file, if any, is untouched."""


def _explain(error: OSError, target: Path) -> str:
    if isinstance(error, PermissionError):
        return (f"无法写入“{target}”：文件可能正被其他程序（如 WPS、Excel 或 PDF 阅读器）打开，"
                f"或没有写入权限。请关闭该文件后重试，或另选位置。")
    if error.errno == 28:  # ENOSPC
        return f"无法写入“{target}”：磁盘空间不足。原有文件未被改动。"
    return f"无法写入“{target}”：{error.strerror or error}。原有文件未被改动。"


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


@contextmanager
def atomic_output(target: str | Path) -> Iterator[Path]:
    """Yields a temporary path to write to; on success it replaces `target` in one step."""
    target = Path(target)
    if not target.parent.exists():
        raise OutputError(f"文件夹不存在：{target.parent}")
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
