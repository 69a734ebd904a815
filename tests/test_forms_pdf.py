"""The printed report in the mof and sichuan forms: every heading of the form as listed in issue 17,
the funding block, the target's parts, the 总分 row and the grade equal to score_report's, wide
tables on turned pages, an empty report in each form; Suzhou's unchanged (19 pages)."""
import re
import shutil
import subprocess

import pytest

from models import services
from models.forms import get_form
from models.money import format_amount, format_rate
from models.scoring import score_report
from models.services.funding import apply_funding_edits
from models.views import load_report
from reports.form_cells import format_score, format_weight
from reports.pdf import render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

MOF_HEADINGS = ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金", "年初预算数", "全年预算数（A）",
                "全年执行数（B）", "分值", "执行率（B/A）", "得分", "预期目标", "实际完成情况", "一级指标", "二级指标",
                "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "总分", "自评等级"]
SICHUAN_HEADINGS = ["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因", "总额",
                    "其中：财政资金", "财政专户管理资金", "单位资金", "其他资金", "一级指标", "二级指标", "三级指标",
                    "指标性质", "指标值", "度量单位", "完成值", "未完成原因分析", "合计", "评价结论", "存在问题",
                    "改进措施"]
HEADINGS = {"mof": MOF_HEADINGS, "sichuan": SICHUAN_HEADINGS}


def text_of(path, layout=False) -> str:
    args = ["pdftotext", "-layout" if layout else "-raw", str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def rotations(path) -> list[int]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [int(found) for found in re.findall(r"Page\s+\d+\s+rot:\s+(\d+)", out)]


def scored_sample(db, report_id, form: str):
    """The sample in `form`, with a weight on every indicator, one qualitative score typed in its
    band, one computed score overridden, and the funding block's total row entered."""
    services.set_report_field(db, report_id, "form", form)
    report = load_report(db, report_id)
    ids = [row.id for row in report.indicators]
    services.apply_edits(db, "indicators", [(row_id, "weight", "1") for row_id in ids])
    services.apply_edits(db, "indicators", [(ids[0], "weight", "5"), (ids[0], "completion", "达成年度指标"),
                                            (ids[0], "score_override", "4.5")])
    quantitative = next(row for row in report.indicators if row.target.is_quantitative)
    services.apply_edits(db, "indicators", [(quantitative.id, "score_override", "0.5")])
    top = report.budget[0]
    apply_funding_edits(db, report_id, [("total", "initial", top.initial), ("total", "adjusted", top.adjusted),
                                        ("total", "actual", top.actual), ("fiscal", "adjusted", top.adjusted),
                                        ("total", "reason", "部分项目年底未支付")])
    return load_report(db, report_id)


@pytest.fixture(params=["mof", "sichuan"])
def form_pdf(request, sample, tmp_path):
    db, report_id = sample
    report = scored_sample(db, report_id, request.param)
    path = tmp_path / f"{request.param}.pdf"
    result = render_pdf(report, path)
    return request.param, report, path, result


def test_every_heading_of_the_form_is_printed(form_pdf):
    form, report, path, result = form_pdf
    flat = squash(text_of(path))
    for heading in HEADINGS[form]:
        assert squash(heading) in flat, heading
    assert "一、预算部门名称" not in flat and "九、部门整体自评表" not in flat  # Suzhou's numbered headings
    assert "部门（单位）名称：苏州市便民服务中心" in flat
    if form == "mof":
        assert "八、年度重点任务" not in flat and "年度重点任务" not in flat  # the mof form has no tasks
        assert "说明：产出指标50分" in flat
    assert result.pages > 3


def test_total_and_grade_are_score_reports(form_pdf):
    form, report, path, _result = form_pdf
    scores = score_report(report)
    scoring = get_form(form).scoring
    assert scores.total > 0 and scores.weight_total == len(report.indicators) + 4 + 10
    flat = squash(text_of(path))
    # the total row: its label, then the weight total in 分值 and the score total in 得分
    assert squash(f"{scoring.total_label} {format_weight(scores.weight_total)} {format_score(scores.total)}") in flat
    assert f"{scoring.grade_label}：{scores.grade}" in flat
    # the grade stands under the table's last rows, never alone on a page
    pages = [squash(page) for page in text_of(path, layout=True).split("\f")[:-1]]
    page = next(page for page in pages if f"{scoring.grade_label}：" in page)
    assert "三级指标" in page and scoring.total_label in page
    if form == "mof":
        assert "说明：产出指标50分" in page  # the note under it too


def test_scores_of_rows_as_scored(form_pdf):
    """The typed qualitative score, the override and the execution score stand in their rows."""
    _form, report, path, _result = form_pdf
    scores = score_report(report)
    lines = text_of(path, layout=True).splitlines()
    first = report.indicators[0]
    assert any(first.name in line and " 4.50" in line for line in lines), first.name
    overridden = next(row for row in scores.rows if row.overridden)
    name = next(row.name for row in report.indicators if row.id == overridden.row_id)
    assert any(name[:8] in line and " 0.50" in line for line in lines), name
    execution = scores.execution
    total_line = next(line for line in lines if "年度资金总额" in line or re.match(r"\s*总额\s", line))
    top = report.budget[0]
    for figure in (format_amount(top.initial), format_amount(top.adjusted), format_amount(top.actual),
                   format_rate(top.execution_rate), "10.00", format_score(execution.score)):
        assert figure in total_line, (figure, total_line)


def test_sichuan_prints_the_target_in_three_parts(sample, tmp_path):
    db, report_id = sample
    report = scored_sample(db, report_id, "sichuan")
    path = tmp_path / "sichuan.pdf"
    render_pdf(report, path)
    lines = text_of(path, layout=True).splitlines()
    row = next(r for r in report.indicators if r.target.text == ">=85%")  # 群众满意度
    line = next(line for line in lines if row.name in line)
    assert re.search(r"≥\s+85\s+%\s+97\.21%", line), line
    qualitative = next(r for r in report.indicators if r.name == "工作计划制定健全性")  # 健全
    line = next(line for line in lines if qualitative.name in line)
    assert re.search(r"定性\s+健全\s+健全", line), line
    flat = squash(text_of(path))
    assert "部分项目年底未支付" in flat  # 原因 of the funding block


def test_wide_tables_are_turned_and_the_rest_upright(form_pdf):
    form, _report, path, _result = form_pdf
    turned = rotations(path)
    pages = text_of(path, layout=True).split("\f")[:-1]
    assert len(turned) == len(pages)
    indicators = next(n for n, page in enumerate(pages) if "三级指标" in page)
    budget = next(n for n, page in enumerate(pages) if "本年度预算资金" in page)
    assert turned[0] == 0 and turned[indicators] == 270 and turned[budget] == 0
    assert turned[-1] == 0 and "填报及审核" in pages[-1]
    funding = next(n for n, page in enumerate(pages) if "年初预算" in page)
    # both funding blocks are 156 mm wide: upright, on the title page under the department
    assert turned[funding] == 0 and funding == 0


def test_headers_repeat_on_every_page_of_the_indicators(form_pdf):
    form, report, path, _result = form_pdf
    pages = text_of(path, layout=True).split("\f")[:-1]
    name_heading = "三级指标"
    with_rows = [page for page, turn in zip(pages, rotations(path))  # (预算信息 names 《市民手册》 too)
                 if turn == 270 and any(row.name[:6] in page for row in report.indicators[1:])]
    assert len(with_rows) >= 3
    assert all(name_heading in page for page in with_rows)
    assert any("（续）" in page for page in with_rows)


def test_empty_new_report_in_each_form_exports(db, tmp_path):
    for key in ("suzhou", "mof", "sichuan"):
        report_id = services.create_report(db, 2024, f"测试单位{key}", form=key)
        report = load_report(db, report_id)
        result = render_pdf(report, tmp_path / f"{key}.pdf", draft=True)
        assert result.pages >= 2
        flat = squash(text_of(tmp_path / f"{key}.pdf"))
        if key != "suzhou":
            scoring = get_form(key).scoring
            assert f"{scoring.grade_label}：差" in flat and squash(f"{scoring.total_label} 10.00 0.00") in flat
        else:
            assert "自评等级" not in flat and "九、部门整体自评表" in flat


def test_suzhou_sample_unchanged(sample, tmp_path):
    db, report_id = sample
    result = render_pdf(load_report(db, report_id), tmp_path / "suzhou.pdf")
    assert result.pages == 19
    flat = squash(text_of(tmp_path / "suzhou.pdf"))
    assert "自评等级" not in flat and "一级指标" not in flat and "九、部门整体自评表" in flat


def test_column_headings_break_evenly(sample):
    """指标性质 in 14 mm reads 指标 / 性质 (not 指标性 / 质), 执行率（B/A） in 16 mm 执行率 / （B/A）."""
    from reportlab.lib.units import mm

    from reports.fonts import choose_fonts
    from reports.pdf_layout import styles as make_styles
    from reports.pdf_tables import head_cell

    fonts = choose_fonts(None)
    style = make_styles(fonts)["cell_head"]

    def lines(text, width):
        block = head_cell(fonts, text, "test", style, width * mm)
        block.wrap(width * mm - 6, 1000)
        return [block.text[start:end].strip() for start, end, _used, _hard in block.lines]
    assert lines("指标性质", 14) == ["指标", "性质"]
    assert lines("度量单位", 14) == ["度量", "单位"]
    assert lines("执行率（B/A）", 16) == ["执行率", "（B/A）"]
    assert lines("预算执行率", 18) == ["预算", "执行率"]
    assert lines("年初预算数（万元）", 21) == ["年初预算数", "（万元）"]  # as the rules break it, unchanged


def test_sign_off_fields_as_the_form_lists_them(sample, tmp_path, monkeypatch):
    """A bureau's form listing fewer sign-off fields, in its own order: the PDF and the Word export
    print those only."""
    import docx

    from models.forms import SHIPPED_DIR, reload_forms
    from reports.docx import render_docx

    folder = tmp_path / "forms"
    folder.mkdir()
    text = (SHIPPED_DIR / "mof.toml").read_text(encoding="utf-8")
    text = text.replace('key = "mof"', 'key = "bureau"').replace(
        'signoff = ["preparer", "phone", "finance_head", "unit_head", "fill_date"]', 'signoff = ["fill_date", "preparer"]')
    (folder / "bureau.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_FORMS_DIR", str(folder))
    reload_forms()
    try:
        db, report_id = sample
        services.set_report_field(db, report_id, "form", "bureau")
        report = load_report(db, report_id)
        render_pdf(report, tmp_path / "bureau.pdf")
        last = squash(text_of(tmp_path / "bureau.pdf", layout=True).split("\f")[-2])
        assert "填报及审核" in last and last.index("填报日期") < last.index("填报人")
        assert "联系电话" not in last and "财务负责人" not in last and "单位负责人" not in last
        render_docx(report, tmp_path / "bureau.docx")
        table = docx.Document(str(tmp_path / "bureau.docx")).tables[-2]  # the sign-off, then the seal
        assert [row.cells[0].text for row in table.rows] == ["填报日期：", "填报人："]
    finally:
        monkeypatch.delenv("JIXIAO_FORMS_DIR")
        reload_forms()
