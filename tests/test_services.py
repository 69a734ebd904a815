"""Service functions: each change is one transaction; an invalid one raises and changes nothing."""
from decimal import Decimal

import pytest
from sqlalchemy import text

from models.errors import DomainError
from models.services import (
    CellEditError, add_budget_line, add_row, apply_edits, create_report, delete_report, indent_budget_line,
    move_budget_line, move_row, outdent_budget_line, remove_rows, restore_rows, set_field, set_report_field)
from models.views import list_reports, load_budget, load_indicators, load_report, load_tasks


@pytest.fixture
def empty(db):
    return db, create_report(db, 2023, "测试单位")


def unchanged(db, action, match=None):
    """Run an action that must fail, and prove the file did not change."""
    before = db.path.read_bytes()
    with pytest.raises(DomainError, match=match):
        action()
    assert db.path.read_bytes() == before


def names(db, report_id):
    return [("  " * row.depth) + row.name for row in load_budget(db, report_id)]


def test_create_and_delete_report(db):
    first = create_report(db, "2023", "单位甲")
    assert load_report(db, first).title == "苏州市市级预算部门（单位）整体支出预算绩效自评报告"
    add_budget_line(db, first, name="预算总金额")
    add_row(db, "tasks", first, values={"name": "任务"})
    delete_report(db, first)
    assert list_reports(db) == []
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM budget_lines")).scalar() == 0
    unchanged(db, lambda: delete_report(db, first), "找不到")


def test_invalid_report_creation(db):
    with pytest.raises(DomainError, match="年度"):
        create_report(db, "二〇二三", "单位")
    with pytest.raises(DomainError, match="金额单位"):
        create_report(db, 2023, "单位", amount_unit="千元")
    assert list_reports(db) == []


def test_report_fields(empty):
    db, report_id = empty
    assert set_report_field(db, report_id, "department", "  新单位 ") == "新单位"
    assert set_report_field(db, report_id, "year", "２０２４") == 2024
    assert set_report_field(db, report_id, "fill_date", "2025年3月5日") == "2025-03-05"
    assert set_report_field(db, report_id, "goals", "第一段\r\n第二段\n") == "第一段\n第二段"
    set_report_field(db, report_id, "preparer", "张三")
    report = load_report(db, report_id)
    assert (report.department, report.year, report.signoff["fill_date"], report.narrative["goals"],
            report.signoff["preparer"]) == ("新单位", 2024, "2025-03-05", "第一段\n第二段", "张三")
    unchanged(db, lambda: set_report_field(db, report_id, "year", "abc"), "年度")
    unchanged(db, lambda: set_report_field(db, report_id, "year", "1800"), "年度")
    unchanged(db, lambda: set_report_field(db, report_id, "fill_date", "2025-02-30"), "填报日期")
    unchanged(db, lambda: set_report_field(db, report_id, "nonsense", "x"), "没有")


def test_amount_unit_conversion(sample):
    db, report_id = sample
    set_report_field(db, report_id, "amount_unit", "元")
    total = load_budget(db, report_id)[0]
    assert total.initial == Decimal("24670900.00") and total.execution_rate == Decimal("97.28")
    set_report_field(db, report_id, "amount_unit", "万元")
    assert load_budget(db, report_id)[0].initial == Decimal("2467.09")
    set_report_field(db, report_id, "amount_unit", "元")
    line = load_budget(db, report_id)[3]
    set_field(db, "budget", line.id, "initial", "1.23")
    unchanged(db, lambda: set_report_field(db, report_id, "amount_unit", "万元"), "两位小数")


def test_budget_tree_edits(empty):
    db, report_id = empty
    total = add_budget_line(db, report_id, name="预算总金额")
    basic = add_budget_line(db, report_id, total, name="基本支出", initial="100", adjustment="-5.5", actual="90")
    project = add_budget_line(db, report_id, total, name="项目支出")
    a = add_budget_line(db, report_id, project, name="项目甲", initial="10", adjustment="0", actual="10")
    b = add_budget_line(db, report_id, project, name="项目乙", initial="20.50", adjustment="1", actual="7")
    c = add_budget_line(db, report_id, project, index=0, name="项目丙", initial="1", actual="1")
    assert names(db, report_id) == ["预算总金额", "  基本支出", "  项目支出", "    项目丙", "    项目甲", "    项目乙"]
    rows = {row.name: row for row in load_budget(db, report_id)}
    assert rows["项目支出"].initial == Decimal("31.50") and rows["项目支出"].adjusted == Decimal("32.50")
    assert rows["预算总金额"].actual == Decimal("108.00")
    assert rows["基本支出"].adjusted == Decimal("94.50")
    assert rows["项目丙"].adjusted == Decimal("1.00")  # an empty 追加追减数 counts as nothing added

    # derived values follow an edit at once
    set_field(db, "budget", a, "actual", "5")
    rows = {row.name: row for row in load_budget(db, report_id)}
    assert rows["项目甲"].execution_rate == Decimal("50.00") and rows["预算总金额"].actual == Decimal("103.00")

    # a parent's amounts are sums, never typed
    unchanged(db, lambda: set_field(db, "budget", project, "initial", "5"), "下级")
    unchanged(db, lambda: set_field(db, "budget", a, "initial", "1.234"), "两位小数")
    unchanged(db, lambda: set_field(db, "budget", a, "initial", "abc"), "年初预算数")

    # move up/down, indent/outdent, re-parent
    move_row(db, "budget", b, 0)
    assert names(db, report_id)[3:] == ["    项目乙", "    项目丙", "    项目甲"]
    indent_budget_line(db, c)
    assert names(db, report_id)[3:] == ["    项目乙", "      项目丙", "    项目甲"]
    assert load_budget(db, report_id)[3].initial == Decimal("1.00")  # 项目乙 is now the sum of its child
    outdent_budget_line(db, c)
    assert names(db, report_id)[3:] == ["    项目乙", "    项目丙", "    项目甲"]
    assert load_budget(db, report_id)[3].initial == Decimal("20.50")  # its own amounts return, never lost
    outdent_budget_line(db, c)
    assert names(db, report_id)[2:] == ["  项目支出", "    项目乙", "    项目甲", "  项目丙"]
    unchanged(db, lambda: move_budget_line(db, total, project, 0), "自己的下级")
    unchanged(db, lambda: indent_budget_line(db, basic), "不能再缩进")
    unchanged(db, lambda: outdent_budget_line(db, total), "最上一级")
    old_parent, old_index = move_budget_line(db, c, project, 1)
    assert (old_parent, old_index) == (total, 2)
    assert names(db, report_id)[2:] == ["  项目支出", "    项目乙", "    项目丙", "    项目甲"]


def test_remove_and_restore_budget_subtree(sample):
    db, report_id = sample
    before = load_budget(db, report_id)
    project = before[2]
    snapshots = remove_rows(db, "budget", [project.id, before[5].id])  # a parent and one of its children
    after = load_budget(db, report_id)
    assert [row.name for row in after] == ["预算总金额", "基本支出"]
    assert after[0].initial == Decimal("708.81")
    restore_rows(db, snapshots)
    assert load_budget(db, report_id) == before


def test_remove_restore_several_rows_keeps_order(sample):
    db, report_id = sample
    before = load_tasks(db, report_id)
    snapshots = remove_rows(db, "tasks", [before[1].id, before[4].id, before[13].id])
    assert [t.name for t in load_tasks(db, report_id)] == [t.name for i, t in enumerate(before) if i not in (1, 4, 13)]
    restore_rows(db, snapshots)
    assert load_tasks(db, report_id) == before


def test_tasks(empty):
    db, report_id = empty
    first = add_row(db, "tasks", report_id, values={"duty": "职责一", "name": "任务一", "content": "项目甲"})
    second = add_row(db, "tasks", report_id, values={"name": "任务二"})
    third = add_row(db, "tasks", report_id, index=0, values={"name": "任务零"})
    assert [t.name for t in load_tasks(db, report_id)] == ["任务零", "任务一", "任务二"]
    move_row(db, "tasks", third, 99)
    assert [t.name for t in load_tasks(db, report_id)] == ["任务一", "任务二", "任务零"]
    move_row(db, "tasks", third, 1)
    assert [t.name for t in load_tasks(db, report_id)] == ["任务一", "任务零", "任务二"]
    set_field(db, "tasks", second, "completion", "很长的完成情况\n第二行")
    assert load_tasks(db, report_id)[2].completion == "很长的完成情况\n第二行"
    assert first and second
    unchanged(db, lambda: set_field(db, "tasks", second, "amount", "1"), "没有")
    unchanged(db, lambda: set_field(db, "tasks", 9999, "name", "x"), "不存在")


def test_indicators_and_override(empty):
    db, report_id = empty
    ind = add_row(db, "indicators", report_id, values={
        "category1": "分解目标", "category2": "履职", "name": "监督检查次数", "target": "=40 次", "actual": "30 次"})
    [row] = load_indicators(db, report_id)
    assert row.computed_deviation == "-25.00%" and row.deviation == "-25.00%" and not row.is_overridden
    set_field(db, "indicators", ind, "deviation_override", "-20%")
    [row] = load_indicators(db, report_id)
    assert row.deviation == "-20%" and row.is_overridden and row.computed_deviation == "-25.00%"
    set_field(db, "indicators", ind, "deviation_override", "")
    [row] = load_indicators(db, report_id)
    assert not row.is_overridden and row.deviation == "-25.00%"
    set_field(db, "indicators", ind, "target", "及时")
    [row] = load_indicators(db, report_id)
    assert row.target.kind == "qualitative" and row.target.text == "及时" and row.deviation is None


def test_paste_is_all_or_nothing(sample):
    db, report_id = sample
    rows = load_budget(db, report_id)
    leaf_a, leaf_b = rows[3], rows[4]
    before = db.path.read_bytes()
    with pytest.raises(CellEditError) as caught:
        apply_edits(db, "budget", [(leaf_a.id, "initial", "16"), (leaf_b.id, "initial", "abc"),
                                   (leaf_b.id, "actual", "1.999")])
    assert [index for index, _m in caught.value.problems] == [1, 2]
    assert db.path.read_bytes() == before
    result = apply_edits(db, "budget", [(leaf_a.id, "initial", "16"), (leaf_b.id, "actual", "22")])
    assert result == [(Decimal("15.60"), Decimal("16.00")), (Decimal("22.48"), Decimal("22.00"))]
    assert load_budget(db, report_id)[0].initial == Decimal("2467.49")


def test_final_report_refuses_edits(sample):
    db, report_id = sample
    with db.transaction() as session:
        session.execute(text("UPDATE reports SET status = 'final' WHERE id = :id"), {"id": report_id})
    line = load_budget(db, report_id)[3]
    unchanged(db, lambda: set_field(db, "budget", line.id, "actual", "1"), "定稿")
    unchanged(db, lambda: set_report_field(db, report_id, "goals", "x"), "定稿")
    unchanged(db, lambda: add_row(db, "tasks", report_id), "定稿")
    unchanged(db, lambda: remove_rows(db, "tasks", [load_tasks(db, report_id)[0].id]), "定稿")


def test_paste_block_adds_rows_atomically(empty):
    from models.services import paste_block
    db, report_id = empty
    first = add_row(db, "tasks", report_id, values={"name": "已有"})
    before = db.path.read_bytes()
    with pytest.raises(CellEditError):
        paste_block(db, "tasks", report_id, [(first, "name", "甲"), (("new", 0), "bogus", "x")], new_rows=2)
    assert db.path.read_bytes() == before
    results, added = paste_block(db, "tasks", report_id,
                                 [(first, "name", "甲"), (("new", 0), "name", "乙"), (("new", 1), "name", "丙")],
                                 new_rows=2)
    assert [t.name for t in load_tasks(db, report_id)] == ["甲", "乙", "丙"]
    assert results[0] == ("已有", "甲") and len(added) == 2
