"""The sample report that ships with the program: 苏州市便民服务中心, 2022, as published."""
from __future__ import annotations

import json
from pathlib import Path

from models.database import Database
from models.services.bulk import create_report_from_data

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "resources" / "sample_report.json"


def sample_data() -> dict:
    """The sample report as plain data."""
    with open(SAMPLE_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def install_sample(db: Database) -> int:
    """Write the sample report (marked 示例) into `db`; returns its id."""
    return create_report_from_data(db, sample_data(), is_sample=True)
