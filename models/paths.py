"""Where the user's files live: the per-user data folder, the default database and the sample's file."""
from __future__ import annotations

import os
import sys
from pathlib import Path

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
