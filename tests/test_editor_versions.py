"""定稿, 重新打开, 版本历史, 核对纸质件, 以上年报告为基础新建 and 显示上年数 in the editor."""
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox

from models.services import set_field
from models.views import load_report
from conftest import open_editor


@pytest.fixture
def window(qtbot, sample, tmp_path, monkeypatch):
    db, report_id = sample
    row = next(i for i in load_report(db, report_id).indicators if i.name == "结转结余率")
    set_field(db, "indicators", row.id, "actual", "2.72%")
    set_field(db, "indicators", row.id, "reason", "年末结转资金")
    db.close()
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    return open_editor(qtbot, db.path, tmp_path)


def test_finalize_locks_the_editor_and_reopen_unlocks(window):
    assert window.finalize()
    assert window.report.status == "final" and "已定稿" in window.banner_text.text()
    model = window.table_page("budget").model
    before = window.db.path.read_bytes()
    assert not model.setData(model.index_of(model.rows[4].id, 4), "1")
    assert "定稿" in window.table_page("budget").message.text()
    assert window.db.path.read_bytes() == before
    assert window.reopen("发现数字有误")
    assert window.report.status == "draft"
    assert model is not window.table_page("budget").model
    model = window.table_page("budget").model
    assert model.setData(model.index_of(model.rows[4].id, 4), "1")


def test_versions_dialog_compares_version_and_draft(window):
    window.finalize()
    window.reopen("修改")
    model = window.table_page("budget").model
    model.setData(model.index_of(model.rows[4].id, 4), "20")
    dialog = window.show_versions()
    changes = dialog.compare()
    assert changes and "实际支出数：22.48 → 20.00" in changes[-1]
    dialog.reject()


def test_verify_paper_copy(window):
    window.finalize()
    from models.versions import latest_version
    short = latest_version(window.db, window.report.id).short
    assert "定稿 第 1 版" in window.verify_copy(short)
    assert "不符" in window.verify_copy("0123456789ab")


def test_next_year_and_previous_year_column(window):
    new_id = window.new_from_last_year(keep_narrative=False)
    assert window.report.id == new_id and window.report.year == 2023
    window.previous_action.setChecked(True)
    window.toggle_previous()
    budget = window.table_page("budget").model
    assert budget.columns[-1].header == "上年实际支出数"
    line = next(r for r in budget.rows if r.name == "党团活动费")
    assert budget.index_of(line.id, len(budget.columns) - 1).data() == "2.41"
    indicators = window.table_page("indicators").model
    row = next(i for i, r in enumerate(indicators.rows) if r.name == "群众满意度")
    assert indicators.index(row, len(indicators.columns) - 1).data() == "97.21%"
    window.previous_action.setChecked(False)
    window.toggle_previous()
    assert window.table_page("budget").model.columns[-1].header == "执行率（%）"
