"""Bounded work for any workbook and any tree: bombs refused before openpyxl expands them, and a
budget at most MAX_BUDGET_LEVELS deep on every input (services, import), older deeper files exported."""
from __future__ import annotations

import tracemalloc
import time

import openpyxl
import pytest
from sqlalchemy import select

from models.derived import MAX_BUDGET_LEVELS
from models.errors import DomainError
from models.schema import BudgetLine
from models.services.budget import add_budget_line, indent_budget_line, move_budget_line
from models.services.bulk import create_report_from_data
from models.views import load_report
from reports.xlsx_bounds import MAX_CELL_TEXT, MAX_CELLS, MAX_TEXT
from reports.xlsx_export import export_workbook
from reports.xlsx_import import WorkbookError, read_workbook
from tests import hostile_corpus as corpus


@pytest.fixture
def base(tmp_path):
    return corpus.base_workbook(tmp_path)


def _refused_cheaply(path, monkeypatch) -> str:
    """The import's message for `path`, checking openpyxl never loaded it, in little time and memory."""
    def no_load(*_args, **_kwargs):
        raise AssertionError("openpyxl was asked to load a workbook the bounds should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", no_load)
    monkeypatch.setattr("openpyxl.reader.excel.load_workbook", no_load)
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(WorkbookError) as refused:
            read_workbook(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.process_time() - started < 10 and peak < 100 * 1024 * 1024
    return str(refused.value)


def test_a_merged_range_to_the_end_of_the_sheet_is_refused_before_expanding(base, tmp_path, monkeypatch):
    path = corpus._rewrite(base, tmp_path / "m.xlsx", {corpus.BUDGET: lambda x: corpus._add_merge(x, "A30:XFD1048576")})
    message = _refused_cheaply(path, monkeypatch)
    assert "工作表“预算信息” 第30行 A列" in message and f"合并区域共超过 {MAX_CELLS} 个单元格" in message


def test_a_merge_beyond_the_data_is_refused_and_a_small_one_is_left_to_the_sheet_check(base, tmp_path, monkeypatch):
    path = corpus._rewrite(base, tmp_path / "m.xlsx", {corpus.BUDGET: lambda x: corpus._add_merge(x, "H1:Z200")})
    assert "合并区域超出工作表的数据范围（数据只到第 19 行 F 列）" in _refused_cheaply(path, monkeypatch)
    monkeypatch.undo()
    path = corpus._rewrite(base, tmp_path / "s.xlsx", {corpus.BUDGET: lambda x: corpus._add_merge(x, "H30:I31")})
    with pytest.raises(WorkbookError) as refused:
        read_workbook(path)
    assert "此处不应有合并单元格" in str(refused.value)


def test_a_hyperlink_over_a_range_is_counted_like_a_merge(base, tmp_path, monkeypatch):
    path = corpus._rewrite(base, tmp_path / "h.xlsx", {corpus.TASKS: lambda x: x.replace(
        "</mergeCells>", '</mergeCells><hyperlinks><hyperlink ref="A2:Z1048576" location="A1" /></hyperlinks>')})
    assert "超链接的区域共超过" in _refused_cheaply(path, monkeypatch)


def test_more_cells_than_the_limit_are_refused_while_counting(base, tmp_path, monkeypatch):
    rows = "".join(f'<row r="{n}">' + "<c><v>1</v></c>" * 25 + "</row>" for n in range(2, 45_000))
    path = corpus._rewrite(base, tmp_path / "c.xlsx", {corpus.TASKS: lambda x: corpus._sheet_data(x, rows)})
    assert f"单元格超过 {MAX_CELLS} 个" in _refused_cheaply(path, monkeypatch)


def test_a_cell_below_the_row_limit_is_refused(base, tmp_path, monkeypatch):
    path = corpus._rewrite(base, tmp_path / "r.xlsx", {corpus.TASKS: lambda x: corpus._sheet_data(
        x, '<row r="50001"><c r="B50001" t="inlineStr"><is><t>x</t></is></c></row>')})
    assert "工作表“年度重点任务” 第50001行 B列" in _refused_cheaply(path, monkeypatch)


def test_a_long_shared_string_is_refused_in_the_first_cell_using_it(base, tmp_path, monkeypatch):
    path = corpus._with_shared(base, tmp_path / "s.xlsx", ["长" * 1_000_000], corpus.TASKS, corpus._shared_rows(300))
    message = _refused_cheaply(path, monkeypatch)
    assert f"工作表“年度重点任务” 第2行 D列，文字有 1000000 个字符，超过一个单元格的上限 {MAX_CELL_TEXT} 个字符" in message


def test_a_cell_at_the_limit_passes_the_bounds(base, tmp_path):
    from reports.xlsx_bounds import check_bounds

    path = corpus._with_shared(base, tmp_path / "s.xlsx", ["长" * MAX_CELL_TEXT], corpus.TASKS, corpus._shared_rows(3))
    check_bounds(path)  # the field's own limit (the services') is checked later, with the field named


def test_text_over_the_budget_is_refused_counting_each_use(base, tmp_path, monkeypatch):
    uses = MAX_TEXT // 30_000 + 1
    path = corpus._with_shared(base, tmp_path / "t.xlsx", ["文" * 30_000], corpus.TASKS, corpus._shared_rows(uses))
    message = _refused_cheaply(path, monkeypatch)
    assert f"第{uses + 1}行 D列" in message and f"文字共超过 {MAX_TEXT} 个字符" in message


@pytest.mark.parametrize("sst", [corpus.XXE, corpus.LAUGHS], ids=["xxe", "billion laughs"])
def test_entity_declarations_are_refused(base, tmp_path, monkeypatch, sst):
    assert "含有 XML 实体声明" in _refused_cheaply(corpus._entities(base, tmp_path / "e.xlsx", sst), monkeypatch)


# Depth


def _chain(db, report_id, top: int, levels: int) -> list[int]:
    """`levels` lines, each under the one before, below line `top`."""
    ids, parent = [], top
    for level in range(levels):
        parent = add_budget_line(db, report_id, parent_id=parent, name=f"第{level}级")
        ids.append(parent)
    return ids


def _top(db, report_id) -> int:
    with db.reading() as session:
        return session.scalar(select(BudgetLine.id).where(BudgetLine.report_id == report_id,
                                                          BudgetLine.parent_id.is_(None)))


def test_a_line_below_the_last_level_is_refused_in_the_services(sample):
    db, report_id = sample
    ids = _chain(db, report_id, _top(db, report_id), MAX_BUDGET_LEVELS - 1)  # the top line is level 1
    assert max(row.depth for row in load_report(db, report_id).budget) == MAX_BUDGET_LEVELS - 1
    before = len(load_report(db, report_id).budget)
    with pytest.raises(DomainError, match=f"最多 {MAX_BUDGET_LEVELS} 级"):
        add_budget_line(db, report_id, parent_id=ids[-1], name="太深")
    # indenting a line under the deepest one, or moving a branch there, is refused too
    sibling = add_budget_line(db, report_id, parent_id=ids[-2], name="同级")
    with pytest.raises(DomainError, match=f"最多 {MAX_BUDGET_LEVELS} 级"):
        indent_budget_line(db, sibling)
    branch = _chain(db, report_id, _top(db, report_id), 2)
    with pytest.raises(DomainError, match=f"最多 {MAX_BUDGET_LEVELS} 级"):
        move_budget_line(db, branch[0], ids[-2], 0)  # a branch of two levels under level 9
    assert len(load_report(db, report_id).budget) == before + 3


def test_data_deeper_than_the_limit_is_refused_and_nothing_is_written(db):
    line = {"name": "最深", "children": []}
    for level in range(MAX_BUDGET_LEVELS):
        line = {"name": f"第{level}级", "children": [line]}
    with pytest.raises(DomainError, match=f"最多 {MAX_BUDGET_LEVELS} 级"):
        create_report_from_data(db, {"year": 2024, "budget": [line]})
    with db.reading() as session:
        assert session.scalar(select(BudgetLine.id)) is None


def test_the_deepest_allowed_tree_goes_through_export_and_import(sample, tmp_path):
    db, report_id = sample
    _chain(db, report_id, _top(db, report_id), MAX_BUDGET_LEVELS - 1)
    path = tmp_path / "deep.xlsx"
    export_workbook(load_report(db, report_id), path)
    data = read_workbook(path)  # beyond Excel's 7 outline levels the indent carries the depth
    depth, line = 0, data["budget"][0]
    while line["children"]:
        line = line["children"][-1]
        depth += 1
    assert depth == MAX_BUDGET_LEVELS - 1 and line["name"] == f"第{MAX_BUDGET_LEVELS - 2}级"


def test_an_older_file_with_a_deeper_tree_still_exports_and_is_refused_for_next_year(sample, tmp_path):
    db, report_id = sample
    with db.transaction() as session:  # written by an older version, which had no depth limit
        parent = _top(db, report_id)
        for level in range(600):
            line = BudgetLine(report_id=report_id, parent_id=parent, position=9 if level == 0 else 0, name=f"L{level}")
            session.add(line)
            session.flush()
            parent = line.id
    path = tmp_path / "old.xlsx"
    export_workbook(load_report(db, report_id), path)
    sheet = openpyxl.load_workbook(path)["预算信息"]
    assert max(sheet.cell(row, 1).alignment.indent for row in range(2, sheet.max_row + 1)) == 254
    # and next year's report from it is refused in Chinese (the walk is no recursion)
    from models.next_year import create_next_year
    with pytest.raises(DomainError, match=f"最多 {MAX_BUDGET_LEVELS} 级.*减少它的缩进"):
        create_next_year(db, report_id)


def test_600_outline_levels_are_problems_naming_the_rows(base, tmp_path):
    with pytest.raises(WorkbookError) as refused:
        read_workbook(corpus._deep_tree(base, tmp_path / "d.xlsx", 600))
    deep = [p for p in refused.value.problems if "层级过深" in p.expected]
    assert len(deep) == 600 - MAX_BUDGET_LEVELS and (deep[0].row, deep[0].column) == (MAX_BUDGET_LEVELS + 2, "A")
    assert f"预算信息最多 {MAX_BUDGET_LEVELS} 级，此行在第 {MAX_BUDGET_LEVELS + 1} 级" in deep[0].expected


def test_the_editor_says_why_no_line_can_go_below_the_last_level(qtbot, sample, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from conftest import open_editor
    from models.database import open_database

    db, report_id = sample
    deepest = _chain(db, report_id, _top(db, report_id), MAX_BUDGET_LEVELS - 1)[-1]
    count = len(load_report(db, report_id).budget)
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tabs.setCurrentIndex(2)
    page = window.pages[2]
    page.view.setCurrentIndex(page.model.index_of(deepest, 0))
    page.view.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Insert, Qt.KeyboardModifier.AltModifier)  # 添加下级
    qtbot.waitUntil(lambda: f"最多 {MAX_BUDGET_LEVELS} 级" in page.message.text())
    reopened = open_database(db.path, read_only=True)
    try:
        assert len(load_report(reopened, report_id).budget) == count
    finally:
        reopened.close()
