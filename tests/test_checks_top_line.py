"""A budget tree has exactly one top line (预算总金额): the services refuse a second, changing nothing."""
import pytest

from models.errors import DomainError
from models.fingerprint import canonical_content
from models.services import (
    add_budget_line, add_row, create_report, move_row, outdent_budget_line, paste_block, remove_rows, restore_rows)
from models.services.bulk import create_report_from_data
from models.views import list_reports, load_report


def refused(db, report_id, action):
    before = canonical_content(load_report(db, report_id))
    with pytest.raises(DomainError) as caught:
        action()
    assert canonical_content(load_report(db, report_id)) == before
    return caught.value.message


@pytest.mark.parametrize("index", [None, 0, 1])
def test_a_second_top_line_is_refused(sample, index):
    db, report_id = sample
    message = refused(db, report_id, lambda: add_budget_line(db, report_id, None, index, name="另一行"))
    assert "只能有一个最上一级" in message and "预算总金额" in message
    refused(db, report_id, lambda: add_row(db, "budget", report_id, values={"name": "x"}))


def test_a_paste_that_adds_top_lines_is_refused(sample):
    db, report_id = sample
    message = refused(db, report_id, lambda: paste_block(db, "budget", report_id, [(("new", 0), "name", "x")], 1))
    assert "只能有一个最上一级" in message


def test_moving_or_outdenting_to_the_top_is_refused(sample):
    db, report_id = sample
    basic = load_report(db, report_id).budget[1]
    assert basic.name == "基本支出"
    message = refused(db, report_id, lambda: outdent_budget_line(db, basic.id))
    assert "唯一的最上一级" in message
    message = refused(db, report_id, lambda: move_row(db, "budget", basic.id, 1, parent_id=None))
    assert "只能有一个最上一级" in message


def test_restoring_a_top_line_beside_another_is_refused(sample):
    db, report_id = sample
    total = load_report(db, report_id).budget[0]
    snapshots = remove_rows(db, "budget", [total.id])
    add_budget_line(db, report_id, name="新的预算总金额")
    refused(db, report_id, lambda: restore_rows(db, snapshots))


def test_the_first_top_line_of_an_empty_tree_and_lines_below_it_are_fine(db):
    report_id = create_report(db, 2023, "某单位")
    total = add_budget_line(db, report_id, name="预算总金额")
    add_budget_line(db, report_id, total, name="基本支出")
    project = add_budget_line(db, report_id, total, name="项目支出")
    add_budget_line(db, report_id, project, name="项目甲")
    assert [line.name for line in load_report(db, report_id).budget] == ["预算总金额", "基本支出", "项目支出", "项目甲"]
    # an undone removal of the only top line puts it back
    snapshots = remove_rows(db, "budget", [total])
    restore_rows(db, snapshots)
    assert len(load_report(db, report_id).budget) == 4


def test_bulk_data_with_two_top_lines_is_refused(db):
    data = {"year": 2023, "budget": [{"name": "预算总金额", "children": []}, {"name": "另一行", "children": []}]}
    with pytest.raises(DomainError, match="只能有一个最上一级"):
        create_report_from_data(db, data)
    assert list_reports(db) == []
