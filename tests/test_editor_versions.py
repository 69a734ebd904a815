"""定稿, 重新打开, 版本历史, 核对纸质件, 以上年报告为基础新建 and 显示上年数 in the editor, through the
报告 menu as a user chooses them, every question answered as the user would."""
import pytest
from PySide6.QtWidgets import QApplication

from models.services import set_field
from models.views import load_report
from conftest import open_editor
from helpers.menus import find_action
from helpers.modal import DialogAnswerer


@pytest.fixture
def window(qtbot, sample, tmp_path):
    db, report_id = sample
    row = next(i for i in load_report(db, report_id).indicators if i.name == "结转结余率")
    set_field(db, "indicators", row.id, "actual", "2.72%")
    set_field(db, "indicators", row.id, "reason", "年末结转资金")
    db.close()
    return open_editor(qtbot, db.path, tmp_path)


def trigger(window, tmp_path, menu, text, **answers):
    with DialogAnswerer(tmp_path, **answers) as answerer:
        find_action(window, menu, text).trigger()
        QApplication.processEvents()
    assert not answerer.internal_errors() and not answerer.english()
    return answerer


def finalize(window, tmp_path):
    return trigger(window, tmp_path, "报告", "定稿", choices={"定稿": "定稿"})


def test_finalize_asks_first_and_cancel_changes_nothing(window, tmp_path):
    before = window.db.path.read_bytes()
    seen = trigger(window, tmp_path, "报告", "定稿")  # the default answer is 取消
    assert seen.titles() == ["定稿"] and "确定" in seen.seen[0].text
    assert window.report.status == "draft" and window.db.path.read_bytes() == before


def test_finalize_locks_the_editor_and_reopen_unlocks(window, tmp_path):
    seen = finalize(window, tmp_path)
    assert seen.titles() == ["定稿", "定稿"]  # the question, then what was done
    assert window.report.status == "final" and "已定稿" in window.banner_text.text()
    model = window.table_page("budget").model
    before = window.db.path.read_bytes()
    assert not model.setData(model.index_of(model.rows[4].id, 4), "1")
    assert window.db.path.read_bytes() == before
    trigger(window, tmp_path, "报告", "重新打开", reason="发现数字有误")
    assert window.report.status == "draft"
    model = window.table_page("budget").model
    assert model.setData(model.index_of(model.rows[4].id, 4), "1")
    from models.versions import list_versions
    assert list_versions(window.db, window.report.id)[-1].reopen_reason == "发现数字有误"


def test_reopen_refuses_an_empty_reason_and_cancel_keeps_it_final(window, tmp_path, qtbot):
    finalize(window, tmp_path)
    shown = []

    def answer_empty_then_cancel():
        dialog = QApplication.activeModalWidget()
        dialog.findChildren(type(dialog.text))[0].setPlainText("   ")
        next(b for b in dialog.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QPushButton)
             if b.text() == "重新打开").click()
        shown.append(dialog.problem.text())
        assert dialog.isVisible()  # refused: the question stays
        dialog.reject()
    from PySide6.QtCore import QTimer
    QTimer.singleShot(100, answer_empty_then_cancel)
    find_action(window, "报告", "重新打开").trigger()
    assert shown == ["请填写重新打开的原因。"]
    assert window.report.status == "final"


def test_versions_dialog_compares_version_and_draft(window, tmp_path):
    finalize(window, tmp_path)
    trigger(window, tmp_path, "报告", "重新打开", reason="修改")
    model = window.table_page("budget").model
    model.setData(model.index_of(model.rows[4].id, 4), "20")
    from ui.versions_ui import VersionsDialog
    dialog = VersionsDialog(window.context)
    changes = dialog.compare()
    assert changes and "实际支出数：22.48 → 20.00" in changes[-1]
    dialog.reject()


def test_verify_paper_copy(window, tmp_path):
    finalize(window, tmp_path)
    from models.versions import latest_version
    short = latest_version(window.db, window.report.id).short
    seen = trigger(window, tmp_path, "报告", "核对纸质件", code=short)
    assert "定稿 第 1 版" in seen.seen[-1].text
    seen = trigger(window, tmp_path, "报告", "核对纸质件", code="0123456789ab")
    assert "不符" in seen.seen[-1].text


@pytest.mark.parametrize("answer, kept", [("保留正文作为初稿", True), ("不保留正文", False), ("取消", None)])
def test_next_year_asks_whether_to_keep_the_narrative(window, tmp_path, answer, kept):
    old_id = window.report.id
    goals = window.report.narrative["goals"]
    seen = trigger(window, tmp_path, "报告", "以上年报告为基础新建", choices={"以上年报告为基础新建": answer})
    assert seen.titles()[0] == "以上年报告为基础新建"
    if kept is None:
        assert window.report.id == old_id and window.switcher.count() == 1
        return
    assert window.report.id != old_id and window.report.year == 2023
    assert window.report.narrative["goals"] == (goals if kept else "")


def test_next_year_and_previous_year_column(window, tmp_path):
    trigger(window, tmp_path, "报告", "以上年报告为基础新建", choices={"以上年报告为基础新建": "不保留正文"})
    assert window.report.year == 2023
    find_action(window, "报告", "显示上年数").trigger()
    budget = window.table_page("budget").model
    assert budget.columns[-1].header.startswith("上年实际支出数")
    line = next(r for r in budget.rows if r.name == "党团活动费")
    assert budget.index_of(line.id, len(budget.columns) - 1).data() == "2.41"
    indicators = window.table_page("indicators").model
    row = next(i for i, r in enumerate(indicators.rows) if r.name == "群众满意度")
    assert indicators.index(row, len(indicators.columns) - 1).data() == "97.21%"
    find_action(window, "报告", "显示上年数").trigger()
    assert window.table_page("budget").model.columns[-1].header == "执行率（%）"
