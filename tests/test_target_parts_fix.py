"""指标性质 / 指标值 / 度量单位 (the sichuan form's parts of a target) never damage a filled target:
定性 on a number and ≥ ＝ ≤ on a phrase are refused with a Chinese message and nothing changes; an
empty target takes either; a phrase typed as the 指标值 of a ≥ row makes it 定性 and a number typed into
a 定性 row makes it ＝; a paste of a whole row is checked as a whole."""
import pytest

from models import services
from models.editor import ReportEditor
from models.errors import DomainError
from models.services import CellEditError
from models.services.rows import joined_target
from models.views import load_report


def target_of(db, report_id, row_id) -> str:
    return next(r for r in load_report(db, report_id).indicators if r.id == row_id).target.text


@pytest.fixture
def editor_rows(sample):
    """An editor on the sample with three rows: `≥2项`, `好` and an empty target."""
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    ids = [row.id for row in editor.rows("indicators")[:3]]
    editor.edit_cells("indicators", [(ids[0], "target", "≥2项"), (ids[1], "target", "好"), (ids[2], "target", "")])
    editor.clear_history()
    return db, report_id, editor, ids


@pytest.mark.parametrize("current, part, value, message", [
    ("≥2项", "target_nature", "定性", "指标值“2”是数字，不能设为定性；请先把指标值改为文字，如“好”"),
    ("=100%", "target_nature", "定性", "指标值“100”是数字，不能设为定性"),
    ("好", "target_nature", "≥", "指标值“好”不是数字，不能设为“≥”；请先填写数字指标值"),
    ("好", "target_nature", ">=", "指标值“好”不是数字，不能设为“≥”"),
    ("好", "target_nature", "＝", "不能设为“＝”"),
    ("好", "target_nature", "≤", "不能设为“≤”"),
    ("好", "target_unit", "项", "定性指标不填度量单位"),
    ("≥2项", "target_value", "", "度量单位“项”须跟在数字指标值之后"),
    ("≥", "target_unit", "项", "请先填写指标值"),
])
def test_a_part_that_cannot_stand_with_the_others_is_refused(current, part, value, message):
    with pytest.raises(DomainError, match=message):
        joined_target(current, part, value)


@pytest.mark.parametrize("current, part, value, joined", [
    ("", "target_nature", "定性", ""),        # an empty target takes either nature (as before)
    ("", "target_nature", "≥", "≥"),
    ("≥", "target_value", "2", "≥2"),
    ("≥2", "target_unit", "项", "≥2项"),
    ("≥2项", "target_value", "好", "好"),     # a phrase for the number: 定性, the unit goes with the number
    ("好", "target_value", "2", "2"),         # a number for the phrase: ＝
    ("好", "target_nature", "定性", "好"),
    (">=85%", "target_nature", "＝", "=85%"),
    ("≥2项", "target_nature", "≤", "≤2项"),
    ("=100%", "target_value", "95", "=95%"),
])
def test_parts_that_stand_together_are_joined(current, part, value, joined):
    assert joined_target(current, part, value) == joined


def test_editor_refuses_a_nature_that_damages_the_target(editor_rows):
    db, report_id, editor, (number, phrase, empty) = editor_rows
    with pytest.raises(CellEditError) as refused:
        editor.edit_cells("indicators", [(number, "target_nature", "定性")])
    assert refused.value.problems == [(0, "指标值“2”是数字，不能设为定性；请先把指标值改为文字，如“好”")]
    with pytest.raises(CellEditError) as refused:
        editor.edit_cells("indicators", [(phrase, "target_nature", "≥")])
    assert refused.value.problems == [(0, "指标值“好”不是数字，不能设为“≥”；请先填写数字指标值")]
    # nothing changed: not in the file, not in the rows shown, no undo step
    assert target_of(db, report_id, number) == "≥2项" and target_of(db, report_id, phrase) == "好"
    shown = {row.id: row.target.text for row in editor.rows("indicators")}
    assert (shown[number], shown[phrase]) == ("≥2项", "好")
    assert not editor.can_undo()
    # an empty target takes either
    editor.edit_cells("indicators", [(empty, "target_nature", "≥")])
    assert target_of(db, report_id, empty) == "≥"
    editor.edit_cells("indicators", [(empty, "target_nature", "定性")])
    assert target_of(db, report_id, empty) == ""
    # the way the message points: the value first, then the nature
    editor.edit_cells("indicators", [(number, "target_value", "好")])
    row = next(r for r in editor.rows("indicators") if r.id == number)
    assert (row.target_nature, row.target_value, row.target_unit) == ("定性", "好", "")
    editor.edit_cells("indicators", [(phrase, "target_value", "3")])
    editor.edit_cells("indicators", [(phrase, "target_nature", "≥"), (phrase, "target_unit", "次")])
    assert target_of(db, report_id, phrase) == "≥3次"
    editor.undo()
    editor.undo()
    assert target_of(db, report_id, phrase) == "好"


def test_a_pasted_row_is_checked_as_a_whole(editor_rows):
    db, report_id, editor, (number, phrase, _empty) = editor_rows
    # 定性 and its phrase pasted over ≥ 2 项: one change, accepted
    editor.paste("indicators", [(number, "target_nature", "定性"), (number, "target_value", "及时"),
                                (number, "target_unit", "")])
    assert target_of(db, report_id, number) == "及时"
    # ≥ 3 次 pasted over 好
    editor.paste("indicators", [(phrase, "target_nature", "≥"), (phrase, "target_value", "3"),
                                (phrase, "target_unit", "次")])
    assert target_of(db, report_id, phrase) == "≥3次"
    # a row that does not stand together is refused whole, and nothing of the paste is kept
    with pytest.raises(CellEditError) as refused:
        editor.paste("indicators", [(number, "name", "新名称"), (number, "target_nature", "定性"),
                                    (number, "target_value", "5"), (number, "target_unit", "")])
    assert refused.value.problems == [(3, "指标值“5”是数字，不能设为定性；请先把指标值改为文字，如“好”")]
    assert target_of(db, report_id, number) == "及时"
    assert next(r for r in load_report(db, report_id).indicators if r.id == number).name != "新名称"
    # rows added by a paste are checked too
    count = len(editor.rows("indicators"))
    with pytest.raises(CellEditError):
        editor.paste("indicators", [(("new", 0), "target_nature", "≥"), (("new", 0), "target_value", "好")],
                     new_rows=1)
    assert len(editor.rows("indicators")) == count == len(load_report(db, report_id).indicators)


def test_services_apply_edits_refuses_too(sample):
    db, report_id = sample
    row = load_report(db, report_id).indicators[0]
    services.apply_edits(db, "indicators", [(row.id, "target", "≥2项")])
    with pytest.raises(CellEditError, match="不能设为定性"):
        services.apply_edits(db, "indicators", [(row.id, "target_nature", "定性")])
    assert target_of(db, report_id, row.id) == "≥2项"
