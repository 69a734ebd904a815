"""Forms, the model layer: switching a report's form (表式) keeps every value and is one undoable step;
the funding block edited by row key; sichuan's target parts; form texts; scores in memory."""
from dataclasses import replace
from decimal import Decimal

import pytest

from models import services
from models.editor import ReportEditor
from models.errors import DomainError
from models.fingerprint import fingerprint
from models.sample import sample_data
from models.services.rows import CellEditError
from models.views import load_funding, load_report

D = Decimal


def _same(a, b):
    """Two loaded reports hold the same values (the change time aside)."""
    assert replace(a, updated_at=None) == replace(b, updated_at=None)


def _fill_every_form(editor: ReportEditor) -> None:
    """Values of all three forms: weights, typed scores, a completion, funding rows, form texts."""
    rows = editor.rows("indicators")
    editor.edit_cells("indicators", [(rows[0].id, "weight", "5"), (rows[0].id, "completion", "达成年度指标"),
                                     (rows[0].id, "score_override", "4.5"), (rows[6].id, "weight", "2.50")])
    editor.edit_cells("funding", [("total", "initial", "100"), ("total", "adjusted", "120.5"),
                                  ("total", "actual", "110"), ("total", "weight", "10"),
                                  ("special", "actual", "3"), ("carryover", "reason", "结转")])
    for name, text in (("goal_expected", "预期"), ("goal_achieved", "完成"), ("conclusion", "结论")):
        editor.set_field(name, text)


# ---- 表式: one step, nothing lost ----

def test_switching_forms_back_and_forth_loses_nothing(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    _fill_every_form(editor)
    before = load_report(db, report_id)
    assert before.funding["special"].actual == D("3.00")  # a row mof does not show
    for key in ("mof", "sichuan", "suzhou", "sichuan", "mof", "suzhou"):
        changes = editor.set_form(key)
        assert changes.fields == ("form",) and changes.tables == {"indicators": None, "funding": None}
        assert load_report(db, report_id).form == key == editor.form == editor.snapshot().form
        _same(replace(load_report(db, report_id), form="suzhou"), before)
    _same(load_report(db, report_id), before)
    snapshot = editor.snapshot()
    assert snapshot.funding == before.funding and snapshot.form_texts == before.form_texts
    assert snapshot.indicators == before.indicators


def test_set_form_is_one_undoable_step_and_refuses_an_unknown_form(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    editor.set_form("mof")
    assert editor.undo_text == "更改表式为“财政部（财预〔2020〕10号）”" and editor.undo_count == 1
    changes = editor.undo()
    assert changes.fields == ("form",) and "funding" in changes.tables
    assert editor.form == "suzhou" == load_report(db, report_id).form
    editor.redo()
    assert editor.form == "mof" == load_report(db, report_id).form
    assert editor.set_form("mof") == type(changes)() and editor.undo_count == 1  # the same form: no step
    with pytest.raises(DomainError, match="没有表式“guangdong”；可用的表式：mof、sichuan、suzhou"):
        editor.set_form("guangdong")
    assert editor.form == "mof" == load_report(db, report_id).form and editor.undo_count == 1
    # The report's header field path does the same in one transaction.
    assert services.set_report_field(db, report_id, "form", "sichuan") == "sichuan"
    assert load_report(db, report_id).form == "sichuan"
    with pytest.raises(DomainError, match="没有表式"):
        services.set_report_field(db, report_id, "form", "")


def test_form_texts_are_fields_of_the_report(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    assert editor.value("goal_expected") == ""
    changes = editor.set_field("goal_expected", "  提升便民服务水平\r\n")
    assert changes.stored == "  提升便民服务水平" and changes.fields == ("goal_expected",)
    assert editor.value("goal_expected") == load_report(db, report_id).form_texts["goal_expected"]
    assert editor.snapshot().form_texts["goal_expected"] == "  提升便民服务水平"
    editor.undo()
    assert editor.value("goal_expected") == "" == load_report(db, report_id).form_texts["goal_expected"]


# ---- the funding block ----

def test_funding_cells_are_edited_by_row_key_with_undo(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    assert editor.funding() == {}
    changes = editor.edit_cells("funding", [("total", "actual", "1,234.5"), ("fiscal", "weight", "10"),
                                            ("total", "reason", "年底追加")])
    assert changes.tables == {"funding": ("total", "fiscal")}
    assert editor.funding() == load_funding(db, report_id)
    assert editor.funding()["total"].actual == D("1234.50") and editor.funding()["fiscal"].weight == D("10")
    assert editor.funding()["total"].reason == "年底追加"
    editor.edit_cells("funding", [("total", "actual", "")])
    assert editor.funding()["total"].actual is None == load_funding(db, report_id)["total"].actual
    editor.undo()
    assert editor.funding()["total"].actual == D("1234.50") == load_funding(db, report_id)["total"].actual
    editor.undo()
    assert all(row.actual is None and row.weight is None and not row.reason for row in editor.funding().values())
    assert editor.funding() == load_funding(db, report_id)
    editor.redo()
    assert editor.funding() == load_funding(db, report_id) and editor.funding()["total"].actual == D("1234.50")
    # A paste into the block is the same step; invalid cells change nothing and are all named.
    editor.paste("funding", [("unit", "initial", "5"), ("unit", "adjusted", "6")])
    assert editor.undo_text == "粘贴" and load_funding(db, report_id)["unit"].adjusted == D("6.00")
    with pytest.raises(CellEditError) as refused:
        editor.edit_cells("funding", [("total", "weight", "101"), ("total", "actual", "abc"), ("nowhere", "actual", "1")])
    assert len(refused.value.problems) == 3 and "资金情况中没有“nowhere”这一行" in str(refused.value)
    assert "分值" in refused.value.problems[0][1]
    assert editor.funding() == load_funding(db, report_id)
    assert services.validate_value("funding", "weight", "9.5") == D("9.5")


def test_a_final_report_refuses_funding_edits(sample, monkeypatch):
    db, report_id = sample
    monkeypatch.setattr("models.versions.run_checks", lambda report: [])
    editor = ReportEditor(db, report_id)
    editor.finalize()
    with pytest.raises(DomainError, match="已定稿"):
        editor.edit_cells("funding", [("total", "actual", "1")])
    assert load_funding(db, report_id) == {}


def test_a_change_of_unit_converts_the_funding_amounts_not_the_scores(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    editor.edit_cells("funding", [("total", "actual", "12.5"), ("total", "weight", "10"),
                                  ("total", "score_override", "8.6")])
    editor.funding()
    changes = editor.set_field("amount_unit", "元")
    assert changes.reshaped("funding")
    total = editor.funding()["total"]
    assert (total.actual, total.weight, total.score_override) == (D("125000.00"), D("10.00"), D("8.60"))
    assert load_funding(db, report_id)["total"] == total
    editor.undo()
    assert editor.funding()["total"].actual == D("12.50") == load_funding(db, report_id)["total"].actual
    # Past the largest amount: refused before anything is written, the row named by the form's label.
    services.set_report_field(db, report_id, "form", "mof")
    editor.edit_cells("funding", [("total", "initial", "500000000")])
    with pytest.raises(DomainError, match="资金情况“年度资金总额”的金额 500000000.00 万元换算为元后超过可填写的最大金额"):
        editor.set_field("amount_unit", "元")
    assert load_report(db, report_id).amount_unit == "万元"
    assert load_funding(db, report_id)["total"].initial == D("500000000.00")
    # 元 → 万元 that would need more than two places is refused too.
    editor.edit_cells("funding", [("total", "initial", "")])
    editor.set_field("amount_unit", "元")
    editor.edit_cells("funding", [("other", "actual", "1.5")])
    with pytest.raises(DomainError, match="资金情况“其他资金”的金额 1.50 元换算为万元会超过两位小数"):
        editor.set_field("amount_unit", "万元")


# ---- indicators: weights, scores, completion; the target in parts ----

def test_scores_of_the_indicators_are_cells_with_undo(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    row = editor.rows("indicators")[3]
    editor.edit_cells("indicators", [(row.id, "weight", "4"), (row.id, "score_override", "3.2"),
                                     (row.id, "completion", "达成年度指标")])
    shown = editor.rows("indicators")[3]
    assert (shown.weight, shown.score_override, shown.completion) == (D("4"), D("3.2"), "达成年度指标")
    assert load_report(db, report_id).indicators[3] == shown
    editor.undo()
    assert editor.rows("indicators")[3] == row == load_report(db, report_id).indicators[3]
    with pytest.raises(CellEditError, match="完成程度只能是"):
        editor.edit_cells("indicators", [(row.id, "completion", "很好")])


SEED_TARGETS = {"=100%": ("＝", "100", "%"), ">=85%": ("≥", "85", "%"), "<=1000000 册": ("≤", "1000000", "册"),
                "=2 份": ("＝", "2", "份"), "每年 12 月 31 日前完成": ("定性", "每年 12 月 31 日前完成", ""),
                "": ("", "", ""), "<=100%": ("≤", "100", "%"), "=0%": ("＝", "0", "%"), ">=3个": ("≥", "3", "个")}


def test_every_seed_target_splits_and_joins_back_exactly():
    from models.targets import join_target, split_target

    targets = {i["target"] for i in sample_data()["indicators"]} | {i["actual"] for i in sample_data()["indicators"]}
    assert set(SEED_TARGETS) - {""} <= targets
    for text in targets | set(SEED_TARGETS):
        parts = split_target(text)
        assert join_target(*parts, like=text) == text
        assert split_target(join_target(*parts)) == parts  # the plain join reads as the same parts
        if text in SEED_TARGETS:
            assert parts == SEED_TARGETS[text]
    assert join_target("≥", "80", "%") == "≥80%" and join_target("＝", "2", "份") == "=2份"
    assert join_target("≤", "1000000", "册") == "≤1000000册" and join_target("定性", "及时", "") == "及时"
    assert join_target(">=", "80", "%") == "≥80%" and join_target("", "", "") == ""
    # an edit of one part keeps the spelling of the others
    assert join_target("≥", "90", "%", like=">=85%") == ">=90%"
    assert join_target("≤", "1000000", "本", like="<=1000000 册") == "<=1000000 本"
    assert join_target("≤", "85", "%", like=">=85%") == "≤85%"


def test_the_target_is_edited_through_its_parts(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    row = next(r for r in editor.rows("indicators") if r.target.text == ">=85%")
    assert (row.target_nature, row.target_value, row.target_unit) == ("≥", "85", "%")
    changes = editor.edit_cells("indicators", [(row.id, "target_value", "90")])
    assert changes.tables == {"indicators": (row.id,)}
    shown = next(r for r in editor.rows("indicators") if r.id == row.id)
    assert shown.target.text == ">=90%" and shown.target_value == "90"
    assert next(r for r in load_report(db, report_id).indicators if r.id == row.id).target.text == ">=90%"
    editor.edit_cells("indicators", [(row.id, "target_nature", "≤"), (row.id, "target_unit", "个")])
    assert next(r for r in editor.rows("indicators") if r.id == row.id).target.text == "≤90个"
    editor.undo()
    editor.undo()
    assert next(r for r in editor.rows("indicators") if r.id == row.id).target.text == ">=85%"
    assert next(r for r in load_report(db, report_id).indicators if r.id == row.id).target.text == ">=85%"
    editor.redo()
    assert next(r for r in load_report(db, report_id).indicators if r.id == row.id).target.text == ">=90%"
    # Three parts typed into an empty target, in one paste; a qualitative phrase as 定性.
    new = editor.add_row("indicators").new_row
    editor.paste("indicators", [(new, "target_nature", "≥"), (new, "target_value", "80"), (new, "target_unit", "%")])
    assert load_report(db, report_id).indicators[-1].target.text == "≥80%"
    editor.paste("indicators", [(new, "target_nature", "定性"), (new, "target_value", "及时")])
    assert editor.rows("indicators")[-1].target.text == "及时" == load_report(db, report_id).indicators[-1].target.text
    with pytest.raises(CellEditError, match="指标性质只能是 ≥、＝、≤ 或 定性"):
        editor.edit_cells("indicators", [(new, "target_nature", "大约")])
    assert services.validate_value("indicators", "target_nature", ">=") == "≥"
    # A paste that adds rows writes parts too.
    editor.paste("indicators", [(("new", 0), "target_value", "5"), (("new", 0), "target_unit", "次")], new_rows=1)
    assert editor.rows("indicators")[-1].target.text == "5次" == load_report(db, report_id).indicators[-1].target.text
    editor.undo()
    assert editor.rows("indicators")[-1].id == new


# ---- new reports and imports in any form ----

def test_a_new_report_in_a_form(db):
    report_id = services.create_report(db, 2024, "某局", form="sichuan")
    assert load_report(db, report_id).form == "sichuan"
    with pytest.raises(DomainError, match="没有表式"):
        services.create_report(db, 2024, "某局", form="nowhere")


def test_a_report_from_data_in_any_form(db):
    from models.services.bulk import create_report_from_data

    data = {**sample_data(), "form": "mof", "goal_expected": "预期", "form_texts": {"conclusion": "结论"},
            "funding": {"total": {"initial": "100", "adjusted": "120", "actual": "110", "weight": "10",
                                  "execution_rate": "91.67%"},
                        "fiscal": {"actual": "90", "reason": "原因"}}}
    data["indicators"] = [dict(i) for i in data["indicators"]]
    data["indicators"][0].update(weight="5", score_override="4", completion="达成年度指标")
    data["indicators"][1] = {k: v for k, v in data["indicators"][1].items() if k != "target"}
    data["indicators"][1].update(target_nature="≥", target_value="95", target_unit="%")
    report = load_report(db, create_report_from_data(db, data))
    assert report.form == "mof" and report.form_texts == {"goal_expected": "预期", "goal_achieved": "",
                                                          "conclusion": "结论"}
    assert report.funding["total"].execution_rate == D("91.67") and report.funding["fiscal"].reason == "原因"
    assert set(report.funding) == {"total", "fiscal"}
    first = report.indicators[0]
    assert (first.weight, first.score_override, first.completion) == (D(5), D(4), "达成年度指标")
    assert report.indicators[1].target.text == "≥95%"
    with pytest.raises(DomainError, match="资金情况中没有“x”这一行"):
        create_report_from_data(db, {**data, "funding": {"x": {"actual": "1"}}})
    with pytest.raises(DomainError, match="没有表式"):
        create_report_from_data(db, {**data, "form": "x"})


def test_an_import_over_the_tables_replaces_the_funding_block_and_is_undone(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    _fill_every_form(editor)
    before = load_report(db, report_id)
    data = {**sample_data(), "form": "sichuan", "form_texts": {"conclusion": "新结论"},
            "funding": {"total": {"actual": "7"}}}
    changes = editor.replace_tables(data)
    assert changes.reshaped("funding") and set(changes.fields) == {"form", "conclusion"}
    after = load_report(db, report_id)
    assert after.form == "sichuan" == editor.form and after.form_texts["conclusion"] == "新结论"
    assert after.form_texts["goal_expected"] == "预期"  # not given: kept
    assert list(after.funding) == ["total"] and after.funding["total"].actual == D("7.00")
    assert editor.funding() == after.funding and editor.value("conclusion") == "新结论"
    editor.undo()
    _same(load_report(db, report_id), before)
    assert editor.funding() == before.funding and editor.form == before.form
    editor.redo()
    _same(load_report(db, report_id), after)
    # A workbook without a funding block keeps the one the report has.
    editor.replace_tables(sample_data())
    assert load_report(db, report_id).funding == after.funding


# ---- fingerprint, versions, comparison, next year ----

SAMPLE_FINGERPRINT = "f550ba68fc69b407c58a97531f43c75b0b5d3473bff90f7c53dded4ffb4bbaa9"


def test_the_fingerprint_of_a_plain_suzhou_report_is_unchanged_and_other_forms_are_covered(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    assert fingerprint(load_report(db, report_id)) == SAMPLE_FINGERPRINT == fingerprint(editor.snapshot())
    editor.set_form("mof")
    mof = fingerprint(load_report(db, report_id))
    assert mof != SAMPLE_FINGERPRINT
    editor.set_form("sichuan")
    assert fingerprint(load_report(db, report_id)) not in (mof, SAMPLE_FINGERPRINT)
    editor.set_form("suzhou")
    assert fingerprint(load_report(db, report_id)) == SAMPLE_FINGERPRINT
    # Under Suzhou, any value of another form makes the content cover them; clearing it restores the old one.
    seen = {SAMPLE_FINGERPRINT}
    row = editor.rows("indicators")[0]
    for table, edit in (("indicators", (row.id, "weight", "5")), ("indicators", (row.id, "weight", "6")),
                        ("indicators", (row.id, "score_override", "3")), ("indicators", (row.id, "completion", "达成年度指标")),
                        ("funding", ("total", "actual", "1")), ("funding", ("special", "reason", "x"))):
        editor.edit_cells(table, [edit])
        seen.add(fingerprint(load_report(db, report_id)))
    assert len(seen) == 7
    editor.set_field("conclusion", "结论")
    assert fingerprint(load_report(db, report_id)) not in seen
    for _ in range(7):
        editor.undo()
    assert fingerprint(load_report(db, report_id)) == SAMPLE_FINGERPRINT  # an empty funding row is no value


def test_a_final_mof_version_reloads_with_its_form_weights_and_funding(sample, monkeypatch):
    from models.compare import compare_contents
    from models.fingerprint import canonical_content
    from models.versions import finalize, reopen, version_content, version_report

    db, report_id = sample
    monkeypatch.setattr("models.versions.run_checks", lambda report: [])  # the checks are not this test's subject
    editor = ReportEditor(db, report_id)
    editor.set_form("mof")
    _fill_every_form(editor)
    signed = load_report(db, report_id)
    version = finalize(db, report_id)
    assert version.fingerprint == fingerprint(signed)
    reopen(db, report_id, "改分值")
    editor = ReportEditor(db, report_id)
    row = editor.rows("indicators")[0]
    editor.edit_cells("indicators", [(row.id, "weight", "6"), (row.id, "score_override", "")])
    editor.edit_cells("funding", [("total", "actual", "115"), ("fiscal", "initial", "1")])
    editor.set_field("goal_achieved", "全部完成")
    editor.set_form("sichuan")
    again = version_report(db, report_id, 1)
    assert fingerprint(again) == version.fingerprint
    assert again.form == "mof" and again.funding == signed.funding and again.form_texts == signed.form_texts
    assert [(i.weight, i.score_override, i.completion) for i in again.indicators] == \
        [(i.weight, i.score_override, i.completion) for i in signed.indicators]
    lines = compare_contents(version_content(db, report_id, 1), canonical_content(load_report(db, report_id)))
    assert "表式：财政部（财预〔2020〕10号） → 四川省" in lines
    assert any(line.endswith("分值：5.00 → 6.00") for line in lines)
    assert any(line.endswith("得分（手工）：4.50 → （空）") for line in lines)
    assert "年度总体目标 实际完成情况：完成 → 全部完成" in lines
    assert "资金情况「总额」全年执行数：110.00 → 115.00" in lines  # the rows named by the new form's labels
    assert "资金情况「其中：财政资金」年初预算数：（空） → 1.00" in lines
    assert len(lines) == 6


def test_a_plain_version_compares_with_a_scored_draft(sample, monkeypatch):
    from models.compare import compare_contents
    from models.fingerprint import canonical_content
    from models.versions import finalize, version_content, version_report

    db, report_id = sample
    monkeypatch.setattr("models.versions.run_checks", lambda report: [])
    finalize(db, report_id)
    assert version_report(db, report_id, 1).form == "suzhou"
    scored = replace(load_report(db, report_id), form="mof")
    scored = replace(scored, indicators=[replace(scored.indicators[0], weight=D(5)), *scored.indicators[1:]])
    lines = compare_contents(version_content(db, report_id, 1), canonical_content(scored))
    assert lines == [f"部门整体自评表 第1行「{scored.indicators[0].name}」分值：（空） → 5.00",
                     "表式：苏州市 → 财政部（财预〔2020〕10号）"]


def test_next_year_carries_the_form_and_weights_and_clears_the_scores(sample):
    from models.next_year import create_next_year

    db, report_id = sample
    editor = ReportEditor(db, report_id)
    editor.set_form("sichuan")
    _fill_every_form(editor)
    this_year = load_report(db, report_id)
    following = load_report(db, create_next_year(db, report_id))
    assert following.form == "sichuan" and following.year == this_year.year + 1
    assert [i.weight for i in following.indicators] == [i.weight for i in this_year.indicators]
    assert following.indicators[0].weight == D(5)
    assert all(i.score_override is None and not i.completion and i.actual.is_empty for i in following.indicators)
    assert [i.target.text for i in following.indicators] == [i.target.text for i in this_year.indicators]
    assert list(following.funding) == ["total"]
    total = following.funding["total"]
    assert total.weight == D(10) and (total.initial, total.adjusted, total.actual, total.score_override) == (None,) * 4
    assert following.form_texts == {"goal_expected": "", "goal_achieved": "", "conclusion": ""}
    from models.next_year import next_year_data
    assert next_year_data(this_year, keep_narrative=True)["form_texts"] == this_year.form_texts


def test_an_import_of_the_target_in_parts_keeps_the_spelling_of_the_target_it_replaces(sample):
    from models.services.bulk import replace_tables

    db, report_id = sample
    data = sample_data()
    data["indicators"] = [dict(i) for i in data["indicators"]]
    for indicator, row in zip(data["indicators"], load_report(db, report_id).indicators):
        del indicator["target"]
        indicator.update(zip(("target_nature", "target_value", "target_unit"),
                             (row.target_nature, row.target_value, row.target_unit)))
    before = load_report(db, report_id)
    replace_tables(db, report_id, data)
    assert [i.target.text for i in load_report(db, report_id).indicators] == [i.target.text for i in before.indicators]
    assert fingerprint(load_report(db, report_id)) == SAMPLE_FINGERPRINT
    data["indicators"][0].update(target_nature="≥", target_value="80", target_unit="%")  # a changed target
    replace_tables(db, report_id, data)
    assert load_report(db, report_id).indicators[0].target.text == "≥80%"


def test_a_row_added_with_parts_of_the_target(sample):
    db, report_id = sample
    editor = ReportEditor(db, report_id)
    editor.rows("indicators")
    new = editor.add_row("indicators", values={"name": "新指标", "target_nature": "≤", "target_value": "3",
                                               "target_unit": "次"}).new_row
    assert editor.rows("indicators")[-1].target.text == "≤3次" == load_report(db, report_id).indicators[-1].target.text
    assert editor.rows("indicators")[-1].id == new
