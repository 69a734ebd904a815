"""报告 › 汇总… in the editor: the table sorts by a clicked heading, filters by year and status, opens a
report on a double-click or Enter, and exports the rows shown as a workbook."""
from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from bench.shared import unit_data
from conftest import open_editor
from models.database import open_database
from models.services.bulk import create_report_from_data


@pytest.fixture
def bureau_editor(qtbot, tmp_path):
    """The editor on a file of four units' reports (2022 ×3, 2023 ×1), one of them 定稿."""
    from models.versions import finalize

    path = tmp_path / "bureau.db"
    db = open_database(path)
    ids = [create_report_from_data(db, unit_data(number)) for number in (1, 2, 3, 4)]
    finalize(db, ids[1])
    db.close()
    window = open_editor(qtbot, path, tmp_path)
    qtbot.waitExposed(window)
    return window, ids


def _open_summary(window, qtbot):
    window.summary_action.trigger()
    dialog = window.summary_dialog
    qtbot.waitExposed(dialog)
    return dialog


def _column(dialog, column: int) -> list[str]:
    proxy = dialog.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_menu_entry_shows_every_report(bureau_editor, qtbot):
    window, ids = bureau_editor
    assert window.summary_action.text() == "汇总(&S)…"
    dialog = _open_summary(window, qtbot)
    assert dialog.proxy.rowCount() == 4
    assert sorted(int(text) for text in _column(dialog, 0)) == sorted(ids)
    assert dialog.proxy.headerData(4, Qt.Orientation.Horizontal) == "调整预算数（万元）"
    assert "合计 4 份" in dialog.totals.text() and "定稿 1 份" in dialog.totals.text()


def test_sorts_by_a_clicked_heading(bureau_editor, qtbot):
    window, _ids = bureau_editor
    dialog = _open_summary(window, qtbot)
    header = dialog.view.horizontalHeader()
    x = header.sectionViewportPosition(4) + header.sectionSize(4) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    amounts = [Decimal(text.replace(",", "")) for text in _column(dialog, 4)]
    assert amounts == sorted(amounts) or amounts == sorted(amounts, reverse=True)
    first = amounts
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [Decimal(text.replace(",", "")) for text in _column(dialog, 4)] == list(reversed(first))
    assert len(set(first)) == 4  # the units' amounts differ: the order means something


def test_filters_by_year_and_status(bureau_editor, qtbot):
    window, ids = bureau_editor
    dialog = _open_summary(window, qtbot)
    dialog.year_box.setCurrentIndex(dialog.year_box.findData(2023))
    assert _column(dialog, 1) == ["2023"] and _column(dialog, 0) == [str(ids[3])]  # unit 4 is 2023's
    dialog.year_box.setCurrentIndex(0)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("定稿"))
    assert _column(dialog, 0) == [str(ids[1])] and _column(dialog, 3)[0].startswith("定稿 1 ")
    assert "合计 1 份" in dialog.totals.text()
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("草稿"))
    assert sorted(_column(dialog, 0)) == sorted(str(i) for i in (ids[0], ids[2], ids[3]))


def test_double_click_and_enter_open_the_report(bureau_editor, qtbot):
    window, ids = bureau_editor
    dialog = _open_summary(window, qtbot)
    for row in range(dialog.proxy.rowCount()):
        report_id = int(dialog.proxy.index(row, 0).data())
        if report_id != window.session.report_id:
            break
    index = dialog.proxy.index(row, 2)
    rect = dialog.view.visualRect(index)
    QTest.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.report_id == report_id
    other = next(r for r in range(dialog.proxy.rowCount()) if int(dialog.proxy.index(r, 0).data()) != report_id)
    dialog.view.setCurrentIndex(dialog.proxy.index(other, 0))
    dialog.view.setFocus()
    QTest.keyClick(dialog.view, Qt.Key.Key_Return)
    assert window.session.report_id == int(dialog.proxy.index(other, 0).data())


def test_export_writes_the_rows_shown(bureau_editor, qtbot, tmp_path):
    window, ids = bureau_editor
    dialog = _open_summary(window, qtbot)
    dialog.year_box.setCurrentIndex(dialog.year_box.findData(2022))
    target = tmp_path / "汇总2022.xlsx"
    assert dialog.export(str(target))
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert "2022 年度" in rows[0][0] and rows[1][0] == "编号"
    assert sorted(row[0] for row in rows[2:-1]) == sorted(int(text) for text in _column(dialog, 0))
    assert len(rows[2:-1]) == 3 and rows[-1][0] == "合计"


def test_export_button_asks_for_a_file(bureau_editor, qtbot, tmp_path):
    from helpers.modal import DialogAnswerer

    window, _ids = bureau_editor
    dialog = _open_summary(window, qtbot)
    with DialogAnswerer(tmp_path) as answerer:
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert answerer.saved_files and answerer.saved_files[0].suffix == ".xlsx"
    assert load_workbook(answerer.saved_files[0]).active["A2"].value == "编号"


def test_refresh_reads_the_reports_again(bureau_editor, qtbot):
    window, ids = bureau_editor
    dialog = _open_summary(window, qtbot)
    dialog.year_box.setCurrentIndex(dialog.year_box.findData(2022))
    db = open_database(window.db.path, read_only=False, lock=False, backup=False)
    try:
        create_report_from_data(db, unit_data(6))   # another 2022 report, written elsewhere
    finally:
        db.close()
    assert dialog.proxy.rowCount() == 3
    QTest.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.proxy.rowCount() == 4 and dialog.year_box.currentData() == 2022
