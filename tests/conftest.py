"""Shared fixtures. Qt runs offscreen; every test gets its own database files in a temporary folder."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from models.database import open_database  # noqa: E402
from models.sample import install_sample  # noqa: E402


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "reports.db")
    yield database
    database.close()


@pytest.fixture
def sample(db):
    """(database, id of the sample report in it)."""
    return db, install_sample(db)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """No test ever touches the real per-user data folder."""
    monkeypatch.setenv("JIXIAO_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("JIXIAO_DB", raising=False)
