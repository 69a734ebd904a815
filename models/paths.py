"""Where the user's files live (the per-user data folder, the default database, the sample's file),
how SQLite is told a file's name, and which files an output must never overwrite."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote

DB_ENV = "JIXIAO_DB"            # a database file to open instead of the default one
DATA_DIR_ENV = "JIXIAO_DATA_DIR"  # a folder to use instead of the per-user data folder
APP_DIR_NAME = "JixiaoZiping"
DEFAULT_DB_NAME = "reports.db"
SAMPLE_DB_NAME = "sample.db"


def data_dir() -> Path:
    """The per-user data folder: %APPDATA%\\JixiaoZiping on Windows, ~/.local/share/jixiao-ziping on Linux."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "jixiao-ziping"


def default_db_path() -> Path:
    """The database the editor opens when no --db is given."""
    override = os.environ.get(DB_ENV)
    return Path(override) if override else data_dir() / DEFAULT_DB_NAME


def sample_db_path() -> Path:
    """The sample report lives in a file of its own, so it never mixes with the user's reports."""
    return data_dir() / SAMPLE_DB_NAME


def sqlite_uri(path: str | Path, mode: str = "rw") -> str:
    """The SQLite URI of a file, every character that means something in a URI (`#`, `?`, `%`,
    spaces, …) percent-encoded, so the name SQLite opens is exactly the file's name.

    `mode` is "ro", "rw" or "rwc" (create if missing)."""
    absolute = os.path.abspath(os.fspath(path))
    if sys.platform == "win32":
        absolute = absolute.replace("\\", "/")
        if absolute.startswith("//"):  # \\server\share\…: SQLite takes the share as part of the path
            prefix = "file:"
        else:
            prefix = "file:///"
            absolute = absolute.lstrip("/")
    else:
        prefix = "file://"
    return f"{prefix}{quote(absolute, safe='/:')}?mode={mode}"


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two names are one file: the real paths (symbolic links resolved) are equal, or both
    exist and are the same file (a hard link, or a different spelling on a case-insensitive disk)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_database_target(output: str | Path, db_path: str | Path) -> None:
    """Refuse an output file (an export, a saved copy) that is the database itself, its journal, its
    lock or one of its backups: writing there would destroy the reports. Raises StorageError.
    `db_path` None: the reports are on a server, no file here to protect."""
    if db_path is None:
        return
    from models.backup import backup_dir, is_backup_name
    from models.errors import StorageError

    output, db_path = Path(output), Path(db_path)
    real_db = Path(os.path.realpath(db_path))
    companions = [real_db] + [real_db.with_name(real_db.name + suffix)
                              for suffix in ("-journal", "-wal", "-shm", ".lock")]
    if any(same_file(output, companion) for companion in companions):
        raise StorageError(f"不能写入“{output.name}”：它是报告数据文件“{db_path.name}”本身或其附属文件，"
                           f"写入会毁掉其中的报告。请另选一个文件名。")
    real_output = Path(os.path.realpath(output))
    if same_file(real_output.parent, backup_dir(real_db)) and is_backup_name(real_output.name, real_db):
        raise StorageError(f"不能写入“{output.name}”：它是“{db_path.name}”的备份。请另选一个文件名。")
