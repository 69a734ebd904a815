"""The error log: the full traceback of an unexpected failure (a bug), written to `errors.log` in the
data folder so the user can be told one Chinese line and the file that holds the details.

    path = write_error_log(error, context="main.py export …")   # the file written
"""
from __future__ import annotations

import tempfile
import traceback
from datetime import datetime
from pathlib import Path

LOG_NAME = "errors.log"
MAX_BYTES = 1_000_000  # past this the older half is dropped: the newest failures matter


def error_log_path() -> Path:
    from models.paths import data_dir

    return data_dir() / LOG_NAME


def write_error_log(error: BaseException, context: str = "") -> Path:
    """Append the time, `context` and `error`'s traceback to the log; returns the log's path. When
    the data folder cannot be written, the log goes to the temporary folder instead."""
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    entry = f"=== {datetime.now():%Y-%m-%d %H:%M:%S}  {context}\n{details}\n"
    for path in (error_log_path(), Path(tempfile.gettempdir()) / f"jixiao-ziping-{LOG_NAME}"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _trim(path)
            with open(path, "a", encoding="utf-8") as log:
                log.write(entry)
            return path
        except OSError:
            continue
    return path


def _trim(path: Path) -> None:
    try:
        if path.stat().st_size <= MAX_BYTES:
            return
    except FileNotFoundError:
        return
    data = path.read_bytes()[-MAX_BYTES // 2:]
    start = data.find(b"\n=== ")
    path.write_bytes(data[start + 1:] if start >= 0 else data)
