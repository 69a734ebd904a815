"""金额单位 万元 → 元 when an amount would pass the largest amount: refused in Chinese, nothing changed,
and the choice on the screen goes back to what is stored."""
from PySide6.QtCore import Qt

from conftest import open_editor, stored_report


def test_a_conversion_past_the_largest_amount_is_refused_and_the_screen_stays_true(qtbot, sample, tmp_path):
    db, _report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    model = window.pages.show("budget").model
    leaf = next(r for r in model.rows if not r.is_parent and r.initial is not None)
    assert model.setData(model.index_of(leaf.id, 1), "99999999999")  # 999 亿万元: allowed in 万元
    before = db.path.read_bytes()
    page = window.pages.show("basic")
    page.unit.setFocus()
    qtbot.keyClick(page.unit, Qt.Key.Key_Down)  # 万元 → 元, as a user chooses it
    qtbot.waitUntil(lambda: bool(page.unit_message.text()), timeout=5000)
    assert "换算为元后超过可填写的最大金额" in page.unit_message.text()
    assert page.unit.currentText() == "万元" and stored_report(window).amount_unit == "万元"
    assert db.path.read_bytes() == before
