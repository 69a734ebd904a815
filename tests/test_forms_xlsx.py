"""Excel in the mof and sichuan forms: the sheets and headings as each form prints them, 总分 and grade,
the funding block, and export → import giving back every stored value."""
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import update

from models.editor import ReportEditor
from models.fields import COMPLETION_LEVELS
from models.scoring import score_report
from models.services.bulk import create_report_from_data
from models.tables import reports
from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import WorkbookError, describe, read_workbook

MOF_INDICATORS = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
SICHUAN_INDICATORS = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分",
                      "未完成原因分析"]
MOF_FUNDING = ["资金", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
MOF_FUNDING_ROWS = ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金"]
SICHUAN_FUNDING = ["资金", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"]
SICHUAN_FUNDING_ROWS = ["总额", "其中：财政资金", "财政专户管理资金", "单位资金", "其他资金"]


def scored_report(db, report_id, form):
    """The sample under `form`: weights on every indicator (75 × 1.20 = 90, 预算执行率 10), typed
    qualitative scores with their completion, an override with its reason, funding rows, form texts."""
    with db.transaction() as session:  # the sample itself cannot be edited: make it an ordinary report
        session.execute(update(reports).where(reports.c.id == report_id).values(is_sample=False))
    editor = ReportEditor(db, report_id)
    editor.set_form(form)
    report = load_report(db, report_id)
    edits = [(item.id, "weight", "1.20") for item in report.indicators]
    qualitative = [item for item in report.indicators if not item.target.is_quantitative]
    quantitative = [item for item in report.indicators if item.target.is_quantitative]
    edits += [(qualitative[0].id, "completion", COMPLETION_LEVELS[0]), (qualitative[0].id, "score_override", "1.00"),
              (qualitative[1].id, "completion", COMPLETION_LEVELS[1]),
              (qualitative[2].id, "completion", COMPLETION_LEVELS[2]), (qualitative[2].id, "score_override", "0.30"),
              (qualitative[3].id, "completion", COMPLETION_LEVELS[0]), (qualitative[3].id, "score_override", "1.20"),
              (quantitative[0].id, "score_override", "0.50"), (quantitative[0].id, "reason", "按实际情况调整"),
              (quantitative[1].id, "deviation_override", "略有偏差")]
    editor.edit_cells("indicators", edits)
    other_form = {"mof": ("unit", "单位资金"), "sichuan": ("carryover", "上年结转资金")}[form]
    funding = [(other_form[0], "initial", "12.5"),  # a row of the other form: kept in a hidden row
               ("total", "initial", "2467.09"), ("total", "adjusted", "2518.38"), ("total", "actual", "2449.85"),
               ("fiscal", "initial", "2000"), ("fiscal", "adjusted", "2100.5"), ("fiscal", "actual", "2050"),
               ("other", "initial", "467.09"), ("other", "reason", "其他资金到位较晚")]
    editor.edit_cells("funding", funding)
    editor.set_field("goal_expected", "全年受理群众诉求 100 万件以上。\n办结率不低于 95%。")
    editor.set_field("goal_achieved", "受理 123 万件，办结率 98.5%。")
    editor.set_field("conclusion", "整体完成年度目标，评价为优。")
    return load_report(db, report_id)


@pytest.fixture(params=["mof", "sichuan"])
def form_report(request, sample):
    db, report_id = sample
    return db, scored_report(db, report_id, request.param)


def stored(report, with_tasks=True):
    """Every stored value of a report (ids and dates left out), for comparing two reports."""
    return {
        "header": (report.title, report.year, report.department, report.amount_unit, report.form),
        "narrative": report.narrative, "signoff": report.signoff, "form_texts": report.form_texts,
        "budget": [(b.depth, b.name, b.initial, b.adjustment, b.actual) for b in report.budget],
        "tasks": [(t.duty, t.name, t.content, t.completion) for t in report.tasks] if with_tasks else None,
        "indicators": [(i.category1, i.category2, i.name, i.target.text, i.actual.text, i.source,
                        i.deviation_override, i.reason, i.weight, i.score_override, i.completion)
                       for i in report.indicators],
        "funding": {key: (row.initial, row.adjusted, row.actual, row.weight, row.score_override, row.reason)
                    for key, row in report.funding.items()
                    if any(v not in (None, "") for v in (row.initial, row.adjusted, row.actual, row.weight,
                                                         row.score_override, row.reason))},
    }


def test_round_trip_gives_back_every_stored_value(form_report, tmp_path):
    db, report = form_report
    path = tmp_path / "form.xlsx"
    export_workbook(report, path)
    data = read_workbook(path)
    assert data["notices"] == []
    new_id = create_report_from_data(db, data)
    again = load_report(db, new_id)
    before, after = stored(report, with_tasks=False), stored(again, with_tasks=False)
    for key in before:
        assert after[key] == before[key], key
    assert again.tasks == []  # the form shows no 年度重点任务: the workbook has none
    first, then = score_report(report), score_report(again)
    assert [(r.weight, r.computed, r.score, r.overridden) for r in then.rows] == \
        [(r.weight, r.computed, r.score, r.overridden) for r in first.rows]
    assert (then.weight_total, then.total, then.grade) == (first.weight_total, first.total, first.grade)
    assert any(r.overridden for r in first.rows) and any(r.qualitative and r.score for r in first.rows)
    # and the workbook of the imported report is the same workbook
    second = tmp_path / "again.xlsx"
    export_workbook(again, second)
    first_book, second_book = openpyxl.load_workbook(path), openpyxl.load_workbook(second)
    for name in first_book.sheetnames:
        assert [list(r) for r in first_book[name].iter_rows(values_only=True)] == \
            [list(r) for r in second_book[name].iter_rows(values_only=True)], name


def test_mof_headings_scores_and_total(sample, tmp_path):
    db, report_id = sample
    report = scored_report(db, report_id, "mof")
    scores = score_report(report)
    path = tmp_path / "mof.xlsx"
    export_workbook(report, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["基本信息", "资金情况", "部门整体自评表", "预算信息"]
    sheet = book["部门整体自评表"]
    assert [c.value for c in sheet[1]][:8] == MOF_INDICATORS
    assert all(sheet.column_dimensions[letter].hidden for letter in "IJKL")
    n = len(report.indicators)
    first = report.indicators[0]
    assert sheet.cell(2, 6).value == 1.2 and sheet.cell(2, 6).number_format == "0.00"
    assert Decimal(str(sheet.cell(2, 7).value)) == scores.of(first.id).score
    for row, item in enumerate(report.indicators, 2):
        value = sheet.cell(row, 7).value
        expected = scores.of(item.id).score
        assert (value is None and expected is None) or Decimal(str(value)) == expected, item.name
    total_row = n + 2
    assert sheet.cell(total_row, 1).value == "总分"
    assert Decimal(str(sheet.cell(total_row, 6).value)) == scores.weight_total == 100
    assert Decimal(str(sheet.cell(total_row, 7).value)) == scores.total
    assert sheet.cell(total_row + 1, 1).value == "自评等级" and sheet.cell(total_row + 1, 6).value == scores.grade
    assert sheet.cell(total_row + 2, 1).value.startswith("说明：产出指标 50 分")  # the form's note
    assert f"A{total_row + 2}:H{total_row + 2}" in {str(r) for r in sheet.merged_cells.ranges}
    funding = book["资金情况"]
    assert funding["A1"].value == "年度资金情况（万元）"
    assert [c.value for c in funding[2]][:7] == MOF_FUNDING
    assert [funding.cell(row, 1).value for row in range(3, 7)] == MOF_FUNDING_ROWS
    assert funding.cell(7, 1).value == "单位资金" and funding.row_dimensions[7].hidden  # entered under sichuan
    assert funding["B3"].value == 2467.09 and funding["B3"].number_format == "#,##0.00"
    assert funding["E3"].value == 10  # 分值 of 预算执行率, fixed by the form
    assert funding["F3"].value == 0.9728 and funding["F3"].number_format == "0.00%"
    assert Decimal(str(funding["G3"].value)) == scores.execution.score == Decimal("9.73")
    info = {row[0]: row[1] for row in book["基本信息"].iter_rows(min_row=2, values_only=True)}
    assert info["表式"] == "mof · 财政部（财预〔2020〕10号）"
    assert info["年度总体目标 预期目标"].startswith("全年受理群众诉求")
    assert info["年度总体目标 实际完成情况"] == "受理 123 万件，办结率 98.5%。"
    assert info["评价结论"] == "整体完成年度目标，评价为优。"  # not shown by mof, but kept


def test_sichuan_headings_parts_and_total(sample, tmp_path):
    db, report_id = sample
    report = scored_report(db, report_id, "sichuan")
    scores = score_report(report)
    path = tmp_path / "sichuan.xlsx"
    export_workbook(report, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["基本信息", "资金情况", "部门整体自评表", "预算信息"]
    sheet = book["部门整体自评表"]
    assert [c.value for c in sheet[1]][:10] == SICHUAN_INDICATORS
    rows = {sheet.cell(r, 3).value: r for r in range(2, sheet.max_row + 1)}
    row = rows["培训考试通过率"]  # >=95%
    assert (sheet.cell(row, 4).value, sheet.cell(row, 5).value, sheet.cell(row, 6).value) == ("≥", 95, "%")
    row = rows["绩效指标明确性"]
    assert (sheet.cell(row, 4).value, sheet.cell(row, 5).value) == ("定性", "明确")
    total_row = len(report.indicators) + 2
    assert sheet.cell(total_row, 1).value == "合计"
    assert Decimal(str(sheet.cell(total_row, 8).value)) == scores.weight_total
    assert Decimal(str(sheet.cell(total_row, 9).value)) == scores.total
    assert sheet.cell(total_row + 1, 1).value == "评价等级" and sheet.cell(total_row + 1, 8).value == scores.grade
    funding = book["资金情况"]
    assert funding["A1"].value == "预算执行情况（10分）（万元）"
    assert [c.value for c in funding[2]][:8] == SICHUAN_FUNDING
    assert [funding.cell(row, 1).value for row in range(3, 8)] == SICHUAN_FUNDING_ROWS
    assert funding["H7"].value == "其他资金到位较晚"
    info = {row[0]: row[1] for row in book["基本信息"].iter_rows(min_row=2, values_only=True)}
    assert info["表式"] == "sichuan · 四川省" and info["评价结论"] == "整体完成年度目标，评价为优。"
    assert "存在问题" in info and "改进措施" in info


@pytest.mark.parametrize("form", ["mof", "sichuan"])
def test_an_empty_report_exports_and_imports(db, tmp_path, form):
    from models.services.reports import create_report
    report_id = create_report(db, 2024, "某局", form=form)
    report = load_report(db, report_id)
    path = tmp_path / "empty.xlsx"
    export_workbook(report, path)
    data = read_workbook(path)
    assert data["form"] == form and data["indicators"] == [] and data["notices"] == []
    again = load_report(db, create_report_from_data(db, data))
    before, after = stored(report), stored(again)
    assert before == after


def test_a_form_workbook_without_its_info_form_row_is_found_by_its_headings(form_report, tmp_path):
    db, report = form_report
    path = tmp_path / "form.xlsx"
    export_workbook(report, path)
    book = openpyxl.load_workbook(path)
    info = book["基本信息"]
    for row in range(2, info.max_row + 1):
        if info.cell(row, 1).value == "表式":
            info.delete_rows(row)
            break
    book.save(path)
    data = read_workbook(path)
    assert data["form"] == report.form
    assert stored(load_report(db, create_report_from_data(db, data)), False)["indicators"] == \
        stored(report, False)["indicators"]


def test_a_hand_made_mof_workbook(db, tmp_path):
    """Typed from the bureau's template: 基本信息, the funding block and the indicators, nothing hidden;
    scores typed as the program computes them are no overrides, a wrong 总分 is a notice."""
    book = openpyxl.Workbook()
    info = book.active
    info.title = "基本信息"
    info.append(["项目", "内容"])
    info.append(["年度", 2024])
    info.append(["预算部门名称", "某局"])
    funding = book.create_sheet("Sheet2")
    funding.append(MOF_FUNDING)
    funding.append(["年度资金总额", 100, 100, 90, 10, 0.9, 9])
    sheet = book.create_sheet("绩效")
    sheet.append(MOF_INDICATORS)
    sheet.append(["产出指标", "数量指标", "培训人次", ">=100人次", "80人次", 50, 40, "疫情影响"])
    sheet.append(["效益指标", "社会效益", "群众满意", "满意", "基本满意", 30, 20, ""])
    sheet.append(["满意度指标", "服务对象满意度", "满意度", ">=90%", 0.95, 10, 9, ""])
    sheet.append(["总分", None, None, None, None, 100, 95])
    sheet.append(["自评等级", None, None, None, None, "优"])
    path = tmp_path / "hand.xlsx"
    book.save(path)
    data = read_workbook(path)
    assert data["form"] == "mof"
    rows = data["indicators"]
    assert rows[0]["score_override"] is None  # 80 ÷ 100 × 50 = 40: computed, not typed
    assert rows[1]["score_override"] == Decimal(20) and rows[1]["completion"] == COMPLETION_LEVELS[1]
    assert rows[2]["score_override"] == Decimal(9)  # computed would be 10: typed, an override
    assert data["funding"]["total"]["weight"] is None  # the form's own 10
    assert data["funding"]["total"]["score_override"] is None  # 90 % of 10
    assert any("总分由程序计算" in notice and "应为 78.00" in notice for notice in data["notices"])
    assert any("等级由程序按总分 78.00 评定" in notice for notice in data["notices"])
    report = load_report(db, create_report_from_data(db, data))
    scores = score_report(report)
    assert report.form == "mof" and scores.total == Decimal("78.00") and scores.grade == "中"
    assert "表式：财政部（财预〔2020〕10号）" in describe(data)


def test_a_malformed_form_workbook_changes_nothing(form_report, tmp_path):
    db, report = form_report
    path = tmp_path / "form.xlsx"
    export_workbook(report, path)
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    column = 6 if report.form == "mof" else 8  # 分值 / 权重
    sheet.cell(2, column).value = "很多"
    book["资金情况"]["A4"].value = "其中：不明资金"
    book.save(path)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    messages = [p.message() for p in caught.value.problems]
    assert any("部门整体自评表" in m and "第2行" in m and "很多" in m for m in messages), messages
    assert any("资金情况" in m and "不明资金" in m for m in messages), messages


def test_a_typed_total_is_a_notice(form_report, tmp_path):
    db, report = form_report
    path = tmp_path / "form.xlsx"
    export_workbook(report, path)
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    total_row = len(report.indicators) + 2
    score_column = 7 if report.form == "mof" else 9
    sheet.cell(total_row, score_column).value = 99
    book.save(path)
    data = read_workbook(path)
    total = score_report(report).total
    assert len(data["notices"]) == 1 and f"应为 {total}" in data["notices"][0] and "99" in data["notices"][0]


def test_a_score_changed_in_the_workbook_is_typed(sample, tmp_path):
    """A computed 得分 changed in Excel is an override; a target changed leaves the score computed."""
    db, report_id = sample
    report = scored_report(db, report_id, "mof")
    path = tmp_path / "mof.xlsx"
    export_workbook(report, path)
    book = openpyxl.load_workbook(path)
    sheet = book["部门整体自评表"]
    rows = {sheet.cell(r, 3).value: r for r in range(2, len(report.indicators) + 2)}
    sheet.cell(rows["全年开展考核次数"], 7).value = 1.1       # =4 次, 4 次: computed 1.20
    sheet.cell(rows["在职人员控制率"], 5).value = "50%"      # =100% missed by half: 0.60
    book.save(path)
    again = load_report(db, create_report_from_data(db, read_workbook(path)))
    by_name = {item.name: item for item in again.indicators}
    assert by_name["全年开展考核次数"].score_override == Decimal("1.10")
    assert by_name["在职人员控制率"].score_override is None
    assert score_report(again).of(by_name["在职人员控制率"].id).score == Decimal("0.60")


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler-utils not installed")
def test_libreoffice_opens_the_mof_workbook(sample, tmp_path):
    db, report_id = sample
    report = scored_report(db, report_id, "mof")
    scores = score_report(report)
    path = tmp_path / "mof.xlsx"
    export_workbook(report, path)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180, check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "mof.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(text.split())
    for word in ("年度资金总额", "全年预算数（A）", "执行率（B/A）", "偏差原因分析及改进措施", "总分", "自评等级"):
        assert word in flat, word
    assert f"{scores.total}" in flat and "2,467.09" in flat and "97.28%" in flat and "9.73" in flat


def test_a_hand_made_sichuan_workbook_joins_the_target_parts(db, tmp_path):
    book = openpyxl.Workbook()
    info = book.active
    info.title = "基本信息"
    info.append(["项目", "内容"])
    info.append(["年度", "2024年"])
    sheet = book.create_sheet("部门整体自评表")
    sheet.append(SICHUAN_INDICATORS)
    sheet.append(["产出指标", "数量指标", "培训人次", "≥", 100, "人次", "120人次", 45, 45, ""])
    sheet.append([None, "质量指标", "合格率", "≤", "5", "%", "7.5%", 45, None, "返工"])
    sheet.append(["满意度指标", "满意度", "群众评价", "定性", "好", None, "较好", None, None, ""])
    sheet.append(["合计", None, None, None, None, None, None, 90, 67.5])
    path = tmp_path / "hand.xlsx"
    book.save(path)
    data = read_workbook(path)
    assert data["form"] == "sichuan" and "funding" not in data and "budget" not in data
    assert [row["target"] for row in data["indicators"]] == ["≥100人次", "≤5%", "好"]
    assert data["indicators"][1]["category1"] == "产出指标"  # filled down: the merge was not kept
    report = load_report(db, create_report_from_data(db, data))
    scores = score_report(report)
    assert [r.score for r in scores.rows[:2]] == [Decimal(45), Decimal("22.50")]  # (1 − 2.5 ÷ 5) × 45
    # 合计 counts 预算执行率's 10 too: the 90 typed is said to be 100, the scores' 67.50 is right
    totals = [notice for notice in data["notices"] if "合计由程序计算" in notice]
    assert len(totals) == 1 and "H列" in totals[0] and "应为 100.00" in totals[0], data["notices"]


def test_import_over_a_report_takes_the_form_funding_and_texts_and_undoes(sample, tmp_path):
    db, report_id = sample
    report = scored_report(db, report_id, "mof")
    path = tmp_path / "mof.xlsx"
    export_workbook(report, path)
    from models.services.reports import create_report
    target_id = create_report(db, 2022, "另一单位")
    editor = ReportEditor(db, target_id)
    editor.replace_tables(read_workbook(path))
    again = load_report(db, target_id)
    assert again.form == "mof" and again.form_texts == report.form_texts
    for key in ("indicators", "funding", "budget"):
        assert stored(again, False)[key] == stored(report, False)[key], key
    editor.undo()
    undone = load_report(db, target_id)
    assert undone.form == "suzhou" and undone.indicators == [] and undone.funding == {}


def test_import_over_a_report_keeps_its_tasks(sample, tmp_path):
    db, report_id = sample
    report = scored_report(db, report_id, "mof")
    path = tmp_path / "mof.xlsx"
    export_workbook(report, path)
    ReportEditor(db, report_id).replace_tables(read_workbook(path))
    assert load_report(db, report_id).tasks == report.tasks or \
        [t.name for t in load_report(db, report_id).tasks] == [t.name for t in report.tasks]


def test_a_bureau_form_on_one_sheet(db, tmp_path):
    """The mof table as a bureau hands it out, typed by hand on one sheet: title with the year, the
    unit's name, the funding block with 分值 and 得分 merged down it, 年度总体目标, the indicators,
    总分 and 自评等级 — no 基本信息, nothing hidden."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    sheet.append(["2023年度部门整体支出绩效自评表"])
    sheet.append(["部门（单位）名称", "某市某局", None, None, None, None, "单位：万元"])
    sheet.append(MOF_FUNDING)
    sheet.append(["年度资金总额", 100, 100, 90, 10, 0.9, 9])
    sheet.append(["其中：本年财政拨款", 80, 80, 72])
    sheet.append(["上年结转资金", 20, 20, 18])
    sheet.append(["其他资金"])
    sheet.append(["年度总体目标", "预期目标", None, None, "实际完成情况"])
    sheet.append([None, "完成培训 100 人次", None, None, "完成培训 80 人次"])
    sheet.append(MOF_INDICATORS)
    sheet.append(["产出指标", "数量指标", "培训人次", ">=100人次", "80人次", 50, 40, "疫情影响"])
    sheet.append([None, "质量指标", "合格率", ">=95%", "96%", 30, 30, ""])
    sheet.append(["满意度指标", "服务对象满意度", "满意度", ">=90%", "95%", 10, 10, ""])
    sheet.append(["总分", None, None, None, None, 100, 89])
    sheet.append(["自评等级", None, None, None, None, "良"])
    sheet["F4"].number_format = "0%"  # 90% typed in Excel
    for merged in ("A1:H1", "E4:E7", "G4:G7", "B8:D8", "E8:H8", "B9:D9", "E9:H9", "A8:A9", "A11:A12",
                   "A14:E14", "A15:E15", "F15:H15"):
        sheet.merge_cells(merged)
    path = tmp_path / "bureau.xlsx"
    book.save(path)
    data = read_workbook(path)
    assert (data["year"], data["department"], data["form"], data["amount_unit"]) == (2023, "某市某局", "mof", "万元")
    assert data["title"] == "2023年度部门整体支出绩效自评表"
    assert data["form_texts"] == {"goal_expected": "完成培训 100 人次", "goal_achieved": "完成培训 80 人次"}
    assert set(data["funding"]) == {"total", "fiscal", "carryover"}
    assert data["funding"]["fiscal"].get("weight") is None and data["funding"]["total"]["score_override"] is None
    assert [row["name"] for row in data["indicators"]] == ["培训人次", "合格率", "满意度"]
    assert data["indicators"][1]["category1"] == "产出指标"
    assert data["notices"] == []  # 40 + 30 + 10 + 9 = 89, 良: as typed
    report = load_report(db, create_report_from_data(db, data))
    scores = score_report(report)
    assert (scores.total, scores.grade) == (Decimal("89.00"), "良")
    assert report.funding["carryover"].actual == Decimal(18)


def test_a_form_workbook_without_a_year_is_refused(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(MOF_INDICATORS)
    sheet.append(["产出指标", "数量指标", "培训人次", ">=100人次", "80人次", 50, 40, ""])
    path = tmp_path / "no-year.xlsx"
    book.save(path)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    assert "没有写明年度" in str(caught.value)
