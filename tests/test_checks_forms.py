"""Checks in the report's own form (issue 17 review): what the form does not show is not checked, what
it shows is (年度总体目标, 评价结论), places and messages use its headings, an empty 指标目标值 beside a
filled value is named, and a form not installed here is said. Each rule has its clean counter-case; the
Suzhou sample keeps exactly its findings."""
from collections import Counter
from dataclasses import replace
from decimal import Decimal as D

import pytest

from models.checks import ERROR, INFO, WARNING, run_checks
from models.checks.score_rules import scored_forms
from models.forms import get_form
from models.targets import parse_target
from tests.test_scoring_hand import score_sample_under_mof

FILLED_GOALS = {"goal_expected": "全年完成热线接听任务，群众满意度达到85%以上。",
                "goal_achieved": "全年受理来电，预算执行率97.28%。"}
SICHUAN_TEXTS = {"conclusion": "部门整体支出绩效良好。"}


@pytest.fixture
def mof(sample):  # (the sample's file is switched to mof: do not ask for `report` beside it)
    """The sample under mof, weights entered as the hand calculation says; 年度总体目标 filled in."""
    report = score_sample_under_mof(*sample)
    return replace(report, form_texts={**report.form_texts, **FILLED_GOALS})


@pytest.fixture
def sichuan(mof):
    return replace(mof, form="sichuan", form_texts={**mof.form_texts, **SICHUAN_TEXTS})


def lines(report):
    return [f.line() for f in run_checks(report)]


def changed(report, number, **values):
    rows = list(report.indicators)
    rows[number - 1] = replace(rows[number - 1], **values)
    return replace(report, indicators=rows)


def at_row(report, number):
    return [f for f in run_checks(report) if f.table == "indicators" and f.row_number == number]


# ---- 1. what the form does not show is not checked; what it shows is ----

def test_a_mof_report_without_key_tasks_is_not_blocked(mof):
    """A mof workbook has no 年度重点任务: read back, the report has none, and that is no error."""
    no_tasks = replace(mof, tasks=[])
    assert not [f for f in run_checks(no_tasks) if f.table == "tasks"], lines(no_tasks)
    assert not [f for f in run_checks(no_tasks) if f.level == ERROR], lines(no_tasks)
    # the Suzhou form prints 八、年度重点任务: there it is still required
    suzhou = [f for f in run_checks(replace(mof, form="suzhou", tasks=[])) if f.table == "tasks"]
    assert [(f.level, f.message) for f in suzhou] == [(ERROR, "年度重点任务一项也没有")]


def test_mof_does_not_comment_on_texts_or_tasks_it_does_not_print(mof):
    """The sample's 二–六 and tasks are kept under mof but not printed: no rule reads them (text figures,
    names spelled two ways, 存在问题, the ≤ rule asking for a 偏差情况 mof has no column for)."""
    found = run_checks(mof)
    assert not [f for f in found if f.table == "tasks"]
    assert not [f for f in found if f.table == "narrative" and f.column not in get_form("mof").text_fields()]
    texts = " ".join(f.message for f in found)
    for quoted in ("89.7%", "半只营", "测评规范", "存在问题和改进措施", "《市民手册》印刷数量", "没有对应的年度重点任务"):
        assert quoted not in texts, quoted
    # the Suzhou form prints them, and says all of these
    suzhou = " ".join(f.message for f in run_checks(replace(mof, form="suzhou")))
    for quoted in ("89.7%", "半只营", "测评规范", "存在问题和改进措施", "没有对应的年度重点任务"):
        assert quoted in suzhou, quoted


def test_the_texts_mof_shows_are_required(mof):
    empty = replace(mof, form_texts={**mof.form_texts, "goal_expected": "", "goal_achieved": "  "})
    found = [f for f in run_checks(empty) if f.table == "narrative"]
    assert [(f.level, f.place, f.message) for f in found] == [
        (ERROR, "报告正文 年度总体目标 预期目标", "未填写“年度总体目标 预期目标”"),
        (ERROR, "报告正文 年度总体目标 实际完成情况", "未填写“年度总体目标 实际完成情况”")]
    assert not [f for f in run_checks(mof) if f.table == "narrative"]   # filled in: nothing
    # the sample's empty 二–六 would be errors under suzhou; mof does not print them
    blank = replace(mof, narrative={key: "" for key in mof.narrative})
    assert not [f for f in run_checks(blank) if f.table == "narrative"]


def test_the_texts_sichuan_shows_are_required(sichuan):
    found = [f for f in run_checks(replace(sichuan, form_texts={**sichuan.form_texts, "conclusion": ""}))
             if f.level == ERROR and f.table == "narrative"]
    assert [(f.place, f.message) for f in found] == [("报告正文 评价结论", "未填写“评价结论”")]
    no_problems = replace(sichuan, narrative={**sichuan.narrative, "problems": ""})
    found = [f for f in run_checks(no_problems) if f.level == ERROR and f.table == "narrative"]
    assert [(f.place, f.message) for f in found] == [("报告正文 存在问题", "未填写“存在问题”")]
    assert not [f for f in run_checks(sichuan) if f.level == ERROR and f.table == "narrative"]
    blank_others = replace(sichuan, narrative={key: ("" if key not in ("problems", "improvements") else text)
                                               for key, text in sichuan.narrative.items()})
    assert not [f for f in run_checks(blank_others) if f.table == "narrative" and f.level == ERROR]


def test_figures_are_checked_in_the_texts_a_form_shows_that_report_results(mof):
    quote = "全年受理来电，全市群众满意度89.7%。"
    achieved = replace(mof, form_texts={**mof.form_texts, "goal_achieved": quote})
    found = [f for f in run_checks(achieved) if "89.7%" in f.message and f.level == WARNING]
    assert [f.place for f in found] == ["报告正文 年度总体目标 实际完成情况"]
    assert "部门整体自评表 第34行「群众满意度」 实际完成值为 97.21%" in found[0].message
    # a plan (预期目标) quotes targets, not results: not compared
    planned = replace(mof, form_texts={**mof.form_texts, "goal_expected": quote})
    assert not [f for f in run_checks(planned) if "89.7%" in f.message]


def test_sichuan_problems_section_is_read_in_its_own_words(sichuan):
    found = [f for f in run_checks(sichuan) if "存在问题和改进措施中都没有提到" in f.message]
    assert [(f.level, f.place) for f in found] == [(INFO, "报告正文 存在问题")]
    assert "第70行「市级 12345 平台热线接通率」" in found[0].message
    named = replace(sichuan, narrative={**sichuan.narrative, "problems": "热线接通率未达目标；《市民手册》制作费、"
                                                                         "党团活动费执行率偏低。"})
    assert not [f for f in run_checks(named) if "都没有提到" in f.message]


def test_the_suzhou_sample_keeps_exactly_its_findings(report):
    found = run_checks(report)
    counts = Counter(f.level for f in found)
    assert (counts[ERROR], counts[WARNING], counts[INFO]) == (0, 12, 6)
    assert all(f.form == "" for f in found)
    assert "报告正文 五、1. 存在问题" in {f.place for f in found}


# ---- 2. an empty 指标目标值 beside a filled value ----

def test_suzhou_an_empty_target_beside_a_completion_value_is_a_warning(report):
    row = changed(report, 36, target=parse_target(""))          # 第36行: =1个 / 1个
    found = at_row(row, 36)
    assert [(f.level, f.place, f.message) for f in found] == [
        (WARNING, "部门整体自评表 第36行「" + report.indicators[35].name + "」 指标目标值", "指标目标值未填写")]
    assert at_row(report, 36) == []                              # filled: nothing
    # the seed's entirely empty row 41 keeps its one finding, and the sample its counts
    assert len(at_row(report, 41)) == 1
    counts = Counter(f.level for f in run_checks(report))
    assert (counts[ERROR], counts[WARNING], counts[INFO]) == (0, 12, 6)


def test_scored_an_empty_target_or_value_cannot_be_scored(mof):
    no_target = [f for f in at_row(changed(mof, 36, target=parse_target("")), 36) if f.level == ERROR]
    assert [(f.place.split("」 ")[1], f.message) for f in no_target] == [("年度指标值", "无法计分：未填年度指标值")]
    assert not [f for f in at_row(changed(mof, 36, target=parse_target("")), 36) if f.level == WARNING]
    no_value = at_row(changed(mof, 36, actual=parse_target("")), 36)
    assert [(f.level, f.message) for f in no_value if f.level == ERROR] == [(ERROR, "无法计分：未填实际完成值")]
    assert at_row(mof, 36) == []
    # an empty target with no weight either: both said
    both = [f.message for f in at_row(changed(mof, 36, target=parse_target(""), weight=None), 36)]
    assert both == ["无法计分：未填年度指标值", "未填分值"]
    # the seed's empty row 41 (a weight, no values): only its existing finding, no score error
    assert list(scored_forms(mof)) == []
    assert [f.level for f in at_row(mof, 41)] == [WARNING]
    # a qualitative target without a completion value is scored by its completion wording: no error
    assert not [f for f in at_row(changed(mof, 1, actual=parse_target("")), 1) if f.level == ERROR]


def test_sichuan_names_the_empty_target_in_its_column(sichuan):
    found = [f for f in at_row(changed(sichuan, 36, target=parse_target("")), 36) if f.level == ERROR]
    assert len(found) == 1 and found[0].message == "无法计分：未填指标值"
    assert found[0].column == "target_value" and found[0].place.endswith("」 指标值")


# ---- 3. places and messages in the form's headings ----

def test_mof_places_use_its_column_headings(mof):
    found = at_row(changed(mof, 3, category2=""), 3)
    assert [f.place.split("」 ")[1] for f in found] == ["二级指标"] and found[0].message == "未填写二级指标"
    suzhou = at_row(changed(replace(mof, form="suzhou"), 3, category2=""), 3)
    assert [f.place.split("」 ")[1] for f in suzhou] == ["二级类别"] and suzhou[0].message == "未填写二级类别"
    carry = [f for f in run_checks(mof) if f.row_name == "结转结余率"]
    assert carry[0].place == "部门整体自评表 第29行「结转结余率」 实际完成值"
    assert "请在偏差原因分析及改进措施中说明" in carry[0].message


def test_sichuan_funding_and_weights_use_its_headings(sichuan, mof):
    off = replace(sichuan, funding={**sichuan.funding, "total": replace(sichuan.funding_row("total"),
                                                                       adjusted=D("2500"))})
    found = [f for f in run_checks(off) if f.table == "funding" and f.column == "adjusted"]
    assert [f.place for f in found] == ["资金情况 第1行「总额」 调整后预算数"]
    assert "调整后预算数 2500.00" in found[0].message
    mof_off = replace(mof, funding={**mof.funding, "total": replace(mof.funding_row("total"), adjusted=D("2500"))})
    assert [f.place for f in run_checks(mof_off) if f.table == "funding"] == ["资金情况 第1行「年度资金总额」 全年预算数（A）"]
    heavy = [f for f in run_checks(changed(sichuan, 34, weight=D(5))) if f.column == "weight"]
    assert [(f.place, f.message.split(" ")[0]) for f in heavy] == [("部门整体自评表 权重", "权重合计")]
    unweighted = [f for f in run_checks(changed(sichuan, 34, weight=None)) if f.row_number == 34]
    assert [(f.place.split("」 ")[1], f.message) for f in unweighted] == [("权重", "未填权重")]


# ---- 4. a form not installed here ----

def test_a_form_not_installed_is_said_with_the_forms_folder(report, tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_FORMS_DIR", str(tmp_path / "bureau_forms"))
    found = [f for f in run_checks(replace(report, form="hubei")) if f.column == "form"]
    assert [(f.level, f.place, f.message) for f in found] == [
        (WARNING, "基本信息 表式", "表式“hubei”未在本机安装，按“苏州市”表式检查和输出；请将该表式文件放入表式文件夹")]
    assert str(tmp_path / "bureau_forms") in found[0].suggestion
    # checked as Suzhou's otherwise: its places and findings are the sample's, plus this one
    counts = Counter(f.level for f in run_checks(replace(report, form="hubei")))
    assert (counts[ERROR], counts[WARNING], counts[INFO]) == (0, 13, 6)
    for key in ("suzhou", "mof", "sichuan"):
        assert not [f for f in run_checks(replace(report, form=key)) if f.column == "form"], key


def test_the_forms_folder_defaults_to_the_data_folder(report, monkeypatch):
    from models.forms import user_forms_dir
    monkeypatch.delenv("JIXIAO_FORMS_DIR", raising=False)
    found = [f for f in run_checks(replace(report, form="hubei")) if f.column == "form"]
    assert found[0].suggestion == f"表式文件夹：{user_forms_dir()}"


def test_a_mof_workbook_read_back_can_be_finalised_as_far_as_the_checks_go(sample, tmp_path):
    """The reviewer's case: export a mof report, import the workbook (no 年度重点任务 in it), check."""
    from models.editor import ReportEditor
    from models.services.bulk import create_report_from_data
    from models.views import load_report
    from reports.xlsx_export import export_workbook
    from reports.xlsx_import import read_workbook

    db, report_id = sample
    score_sample_under_mof(db, report_id)
    editor = ReportEditor(db, report_id)
    for field, text in FILLED_GOALS.items():
        editor.set_field(field, text)
    for field in ("preparer", "unit_head", "fill_date"):
        editor.set_field(field, "2023-03-15" if field == "fill_date" else "张三")
    path = tmp_path / "mof.xlsx"
    export_workbook(load_report(db, report_id), path)
    again = load_report(db, create_report_from_data(db, read_workbook(path)))
    assert again.form == "mof" and again.tasks == []
    found = run_checks(again)
    assert not [f for f in found if f.level == ERROR], [f.line() for f in found if f.level == ERROR]
    assert not [f for f in found if f.table == "tasks"]
    # the same report in the Suzhou form would want its key tasks
    assert "年度重点任务一项也没有" in [f.message for f in run_checks(replace(again, form="suzhou"))]
