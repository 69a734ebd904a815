"""summary on a PostgreSQL server (the throwaway server of tests/conftest.py): the tests of
test_summary.py with the server as the database, and one query per table there too."""
from __future__ import annotations

import pytest

from test_summary import (  # noqa: F401 - collected here again, with the server as `target`
    _statements, bureau, test_final_status_names_version_and_fingerprint, test_lines_exact_for_the_sample,
    test_scores_of_a_scored_form_and_none_for_suzhou, test_workbook_read_back, test_year_filter_sample_left_out_and_order,
    test_yuan_converted_to_wan_yuan)


@pytest.fixture
def target(pg_db):
    return pg_db


def test_one_query_per_table_on_the_server(target):
    from bench.shared import unit_data
    from models.database import open_database
    from models.services.bulk import create_report_from_data
    from models.summary import summarize

    db = open_database(target)
    try:
        create_report_from_data(db, unit_data(1))
        few = _statements(db, lambda: summarize(db, parallel=False))
        for number in range(2, 21):
            create_report_from_data(db, unit_data(number))
        assert _statements(db, lambda: summarize(db, parallel=False)) == few <= 8
        assert len(summarize(db)) == 20
    finally:
        db.close()
