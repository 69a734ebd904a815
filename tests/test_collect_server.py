"""collect into a PostgreSQL server (the throwaway server of tests/conftest.py): the tests of
test_collect.py with the server as the target."""
from __future__ import annotations

import pytest

from test_collect import (  # noqa: F401 - collected here again, with the server as `target`
    test_a_source_goes_in_whole_or_not_at_all, test_all_good_exit_zero_and_whole_reports,
    test_duplicate_refused_then_replaced, test_fifty_sources_three_bad_the_bad_named_the_good_in,
    test_finalized_report_still_verifies, test_missing_source_and_folder_named,
    test_sample_skipped_target_itself_refused_older_schema_read_through_a_copy,
    test_two_submissions_of_one_unit_in_one_run_neither_replaced_silently, units)


@pytest.fixture
def target(pg_db):
    return pg_db


def test_replace_refused_while_the_report_is_edited(target, units, capsys):
    """On a server another accountant may have the report open: it is not replaced under them."""
    from main import main
    from models.database import open_database
    from models.report_lock import acquire_report_lock

    assert main(["collect", "--db", target, str(units[0])]) == 0
    report_id = int(capsys.readouterr().out.split("\t")[1])
    db = open_database(target)
    try:
        lock = acquire_report_lock(db, report_id)
        assert main(["collect", "--db", target, "--replace", str(units[0])]) == 1
        line = capsys.readouterr().out.rstrip("\n").split("\t")
        assert line[1] == "" and line[4].startswith("失败：目标中的同名报告正由 ") and "编辑" in line[4]
        lock.release()
        assert main(["collect", "--db", target, "--replace", str(units[0])]) == 0
        assert capsys.readouterr().out.rstrip("\n").split("\t")[4] == "已替换"
    finally:
        db.close()
