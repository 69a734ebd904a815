"""The log of unexpected errors: each bug's traceback is appended, with the time, to a file in the
data folder (models/paths.py; JIXIAO_DATA_DIR overrides), and the message the user sees names it."""
from __future__ import annotations

import threading
import traceback
from datetime import datetime
from pathlib import Path

LOG_NAME = "errors.log"
MAX_BYTES = 2_000_000  # past this the log starts again (the old one is kept as errors.log.1)
_lock = threading.Lock()


def log_path() -> Path:
    from models.paths import data_dir
    return data_dir() / LOG_NAME


def write_log(kind, value, tb) -> Path | None:
    """Append the exception with its traceback; returns the log's path (None if it cannot be written)."""
    details = "".join(traceback.format_exception(kind, value, tb))
    path = log_path()
    try:
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.stat().st_size > MAX_BYTES:
                path.replace(path.with_name(LOG_NAME + ".1"))
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"==== {datetime.now():%Y-%m-%d %H:%M:%S} ({threading.current_thread().name})\n")
                log.write(details)
                log.write("\n")
    except OSError:
        return None
    return path
