"""First start: the user's own database and, in a file of its own, the sample report."""
from __future__ import annotations

from pathlib import Path

from models.database import open_database
from models.paths import data_dir, default_db_path, sample_db_path


def ensure_sample_file() -> Path:
    """The sample's file, created with the sample report (marked 示例) when it does not exist yet."""
    path = sample_db_path()
    if not path.exists():
        from models.sample import install_sample  # writes through the services (and the ORM)

        path.parent.mkdir(parents=True, exist_ok=True)
        db = open_database(path)
        try:
            install_sample(db)
        finally:
            db.close()
    return path


def is_first_start() -> bool:
    return not default_db_path().exists()


def ensure_user_files() -> tuple[Path, Path]:
    """Create the data folder, the user's (empty) database and the sample's file; returns both paths."""
    data_dir().mkdir(parents=True, exist_ok=True)
    user_path = default_db_path()
    if not user_path.exists():
        open_database(user_path).close()
    return user_path, ensure_sample_file()
