"""Typing at human speed while the checks refresh their marks: nothing typed is ever lost.

Keys are real key events 100-150 ms apart, each cell started right after the Enter or Tab that
committed the previous one, in rows that carry findings (tinted), so the refresh of the marks 400 ms
after each edit lands while the next cell is being typed. What is stored is what was typed."""
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication

from conftest import open_editor, stored_report

BUDGET, TASKS, INDICATORS = 2, 3, 4
KEY_GAP_MS = 100


@pytest.fixture
def window(qtbot, sample, tmp_path, monkeypatch):
    """The sample in the editor; every table row also carries a 提示, so every row is tinted."""
    import models.checks as checks
    from models.checks.findings import Finding
    real = checks.run_checks

    def run_checks(report):
        findings = list(real(report))
        for table in ("budget", "tasks", "indicators"):
            for number, row in enumerate(getattr(report, table), 1):
                findings.append(Finding("提示", table, row.id, number, "name", "测试：此行有检查结果"))
        return findings
    monkeypatch.setattr(checks, "run_checks", run_checks)
    db, _report_id = sample
    db.close()
    main = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(main)
    return main


stored = stored_report


class MarkRefreshes:
    """Counts the refreshes of a model's marks that arrive while one of its cells is being edited."""

    def __init__(self, page):
        self.page, self.count = page, 0
        page.model.dataChanged.connect(self._changed)

    def _changed(self, _top_left, _bottom_right, roles=()):
        if self.page.view.state() == self.page.view.State.EditingState:
            self.count += 1


def type_cell(qtbot, refreshes, text, then, wait_for_refresh=True):
    """Types `text` key by key into whatever has the focus (the first key opens the editor), waiting
    mid-word, as a person pausing, until the marks have been refreshed; then presses `then`."""
    start = refreshes.count
    for number, char in enumerate(text):
        if wait_for_refresh and number == len(text) // 2:
            qtbot.waitUntil(lambda: refreshes.count > start, timeout=8000)
        qtbot.keyClick(QApplication.focusWidget(), char)
        qtbot.wait(KEY_GAP_MS)
    qtbot.keyClick(QApplication.focusWidget(), then)
    qtbot.wait(KEY_GAP_MS)


def start_at(window, qtbot, number, index):
    window.tabs.setCurrentIndex(number)
    page = window.pages[number]
    page.view.setCurrentIndex(index)
    page.view.setFocus()
    qtbot.waitUntil(lambda: bool(window.checker.findings), timeout=8000)  # the rows are tinted
    return page


def test_typing_in_the_budget_tree_keeps_every_key(window, qtbot):
    model = window.pages[BUDGET].model
    page = start_at(window, qtbot, BUDGET, model.index_of(17, 0))  # 法律顾问, a line with a finding
    assert (17, "name") in page.model.marks.by_cell  # tinted
    refreshes = MarkRefreshes(page)
    type_cell(qtbot, refreshes, "Lawyer12345ab", "\t", wait_for_refresh=False)
    type_cell(qtbot, refreshes, "1234567.89", "\t")
    type_cell(qtbot, refreshes, "-12.25", "\t")       # the derived 调整预算数 is skipped
    type_cell(qtbot, refreshes, "98765.43", "\r")     # 实际支出数, then Enter moves down
    type_cell(qtbot, refreshes, "4567.01", "\r")      # 工作服定制's 实际支出数
    budget = {row.id: row for row in stored(window).budget}
    assert budget[17].name == "Lawyer12345ab"
    assert (budget[17].initial, budget[17].adjustment, budget[17].actual) == (
        Decimal("1234567.89"), Decimal("-12.25"), Decimal("98765.43"))
    assert budget[18].actual == Decimal("4567.01")


def test_typing_in_the_key_tasks_keeps_every_key(window, qtbot):
    page = start_at(window, qtbot, TASKS, window.pages[TASKS].model.index(2, 1))
    refreshes = MarkRefreshes(page)
    type_cell(qtbot, refreshes, "Task12345abcd", "\t", wait_for_refresh=False)
    type_cell(qtbot, refreshes, "Content1234ab", "\t")
    type_cell(qtbot, refreshes, "Done12345abcd", "\t")   # the last column: Tab goes to the next row
    type_cell(qtbot, refreshes, "Duty12345abcd", "\r")
    type_cell(qtbot, refreshes, "Duty23456bcde", "\r")
    tasks = stored(window).tasks
    assert (tasks[2].name, tasks[2].content, tasks[2].completion) == (
        "Task12345abcd", "Content1234ab", "Done12345abcd")
    assert (tasks[3].duty, tasks[4].duty) == ("Duty12345abcd", "Duty23456bcde")


def test_typing_in_the_indicators_keeps_every_key(window, qtbot):
    page = start_at(window, qtbot, INDICATORS, window.pages[INDICATORS].model.index(6, 0))
    refreshes = MarkRefreshes(page)
    type_cell(qtbot, refreshes, "Cat123456abcd", "\t", wait_for_refresh=False)
    type_cell(qtbot, refreshes, "Sub123456abcd", "\t")
    type_cell(qtbot, refreshes, "Rate12345abcd", "\t")   # 指标名称, a long text
    type_cell(qtbot, refreshes, ">=17.76%", "\t")               # 指标目标值
    type_cell(qtbot, refreshes, "17.76%", "\t")                 # 指标完成值
    type_cell(qtbot, refreshes, "Source1234abc", "\t")  # 完成值来源
    type_cell(qtbot, refreshes, "12.5%", "\t")                  # 偏差情况 by hand
    type_cell(qtbot, refreshes, "Reason1234abc", "\r")  # 原因分析, a long text
    type_cell(qtbot, refreshes, "=100%", "\r")                  # next row's 原因分析
    row, below = stored(window).indicators[6:8]
    assert (row.category1, row.category2, row.name) == ("Cat123456abcd", "Sub123456abcd", "Rate12345abcd")
    assert (row.target.text, row.actual.text, row.source) == (">=17.76%", "17.76%", "Source1234abc")
    assert (row.deviation_override, row.reason) == ("12.5%", "Reason1234abc")
    assert below.reason == "=100%"
