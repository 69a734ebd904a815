"""The Word export in the mof and sichuan forms read back with python-docx: the form's headings, the
funding and goal tables, the target's parts, the 总分 row spanning to 分值 and the grade equal to
score_report's, repeated header rows, merged categories, landscape sections for wide tables, an empty
report in each form."""
import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from models import services
from models.forms import get_form
from models.money import format_amount, format_rate
from models.scoring import score_report
from models.views import load_report
from reports.docx import render_docx
from reports.form_cells import format_score, format_weight
from tests.test_forms_pdf import HEADINGS, scored_sample

TWIPS_PER_MM = 1440 / 25.4
BLOCK_HEADINGS = {
    "mof": ["部门（单位）名称：苏州市便民服务中心", "年度资金情况（万元）", "年度总体目标", "绩效指标", "附：预算信息",
            "填报及审核"],
    "sichuan": ["部门（单位）名称：苏州市便民服务中心", "预算执行情况（10分）（万元）", "绩效指标（90分）", "评价结论",
                "存在问题", "改进措施", "附：预算信息", "填报及审核"],
}


@pytest.fixture(params=["mof", "sichuan"])
def form_docx(request, sample, tmp_path):
    db, report_id = sample
    report = scored_sample(db, report_id, request.param)
    path = tmp_path / f"{request.param}.docx"
    render_docx(report, path)
    return request.param, report, docx.Document(str(path))


def cells_of(table) -> list[list[str]]:
    """Each row's cells as the grid has them (a merged cell once per row it covers)."""
    out = []
    for row in table._tbl.tr_lst:
        out.append(["\n".join(p.text for p in cell.paragraphs) for cell in _cells(row, table)])
    return out


def _cells(row, table):
    from docx.table import _Cell
    return [_Cell(tc, table) for tc in row.tc_lst]


def table_with(document, text: str):
    return next(t for t in document.tables if any(text in cell.replace("\n", "") for cell in cells_of(t)[0]))


def fields_of(block) -> list[str]:
    return [c.field for c in block.columns]


def test_every_heading_of_the_form(form_docx):
    form, report, document = form_docx
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == BLOCK_HEADINGS[form]
    texts = {p.text for p in document.paragraphs}
    for table in document.tables:
        texts |= {cell.replace("\n", "") for row in cells_of(table) for cell in row}
    flat = "\n".join(texts)
    for heading in HEADINGS[form]:
        assert heading in flat, heading
    assert not any("类别" in text or "九、" in text for text in texts)


def test_indicators_table_columns_total_row_and_grade(form_docx):
    form, report, document = form_docx
    block = get_form(form).table_block("indicators")
    table = table_with(document, "三级指标")
    rows = cells_of(table)
    # every column its own heading, as the form sets it (a narrow one in even lines: 指标 / 性质)
    assert [text.replace("\n", "") for text in rows[0]] == [c.heading for c in block.columns]
    if form == "sichuan":
        assert rows[0][fields_of(block).index("target_nature")] == "指标\n性质"
        assert rows[0][fields_of(block).index("target_unit")] == "度量\n单位"
    assert table._tbl.tr_lst[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeated on each page
    scores = score_report(report)
    fields = [c.field for c in block.columns]
    weight, score = fields.index("weight"), fields.index("score_override")
    last = table._tbl.tr_lst[-1]
    span = last.tc_lst[0].tcPr.find(qn("w:gridSpan"))
    assert span is not None and int(span.get(qn("w:val"))) == weight  # the label spans up to 分值
    total = rows[-1]
    assert total[0] == get_form(form).scoring.total_label
    assert total[1] == format_weight(scores.weight_total) and total[1 + score - weight] == format_score(scores.total)
    assert len(rows) == len(report.indicators) + 2
    for row, cells in zip(report.indicators, rows[1:]):
        found = scores.of(row.id)
        assert cells[fields.index("name")] == row.name
        assert cells[weight] == format_weight(row.weight)
        assert cells[score] == format_score(found.score)
    paragraphs = [p.text for p in document.paragraphs]
    grade = f"{get_form(form).scoring.grade_label}：{scores.grade}"
    assert grade in paragraphs
    # the category columns merged down their rows
    merges = table._tbl.xpath(".//w:vMerge")
    assert len(merges) > len(report.indicators) // 2


def test_funding_block_total_row(form_docx):
    form, report, document = form_docx
    block = get_form(form).funding
    table = table_with(document, block.label_heading)
    rows = cells_of(table)
    assert [text.replace("\n", "") for text in rows[0]] == [block.label_heading] + [c.heading_for("万元")
                                                                                  for c in block.columns]
    assert [row[0] for row in rows[1:]] == [line.label for line in block.rows]
    fields = [c.field for c in block.columns]
    total = dict(zip(fields, rows[1][1:]))
    top = report.budget[0]
    execution = score_report(report).execution
    assert total["initial"] == format_amount(top.initial) and total["adjusted"] == format_amount(top.adjusted)
    assert total["actual"] == format_amount(top.actual)
    assert total["execution_rate"] == format_rate(top.execution_rate)
    assert total["weight"] == "10.00" and total["score_override"] == format_score(execution.score)
    if "reason" in total:
        assert total["reason"] == "部分项目年底未支付"
    # 分值 and 得分 on the total row only
    for row in rows[2:]:
        assert row[1 + fields.index("weight")] == "" and row[1 + fields.index("score_override")] == ""


def test_sichuan_target_in_three_columns(sample, tmp_path):
    db, report_id = sample
    report = scored_sample(db, report_id, "sichuan")
    path = tmp_path / "sichuan.docx"
    render_docx(report, path)
    document = docx.Document(str(path))
    rows = cells_of(table_with(document, "指标性质"))
    header = [text.replace("\n", "") for text in rows[0]]
    satisfied = next(row for row in rows if "群众满意度" in row)
    parts = [satisfied[header.index(h)] for h in ("指标性质", "指标值", "度量单位", "完成值")]
    assert parts == ["≥", "85", "%", "97.21%"]
    plan = next(row for row in rows if "工作计划制定健全性" in row)
    assert [plan[header.index(h)] for h in ("指标性质", "指标值", "度量单位")] == ["定性", "健全", ""]


def test_sections_turn_for_wide_tables(form_docx):
    form, _report, document = form_docx
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    indicators = table_with(document, "三级指标")
    width = sum(int(col.get(qn("w:w"))) for col in indicators._tbl.tblGrid.findall(qn("w:gridCol")))
    block = get_form(form).table_block("indicators")
    assert width == pytest.approx(float(block.width) * 247 / 225 * TWIPS_PER_MM, abs=len(block.columns))
    goal_or_budget = table_with(document, "本年度预算资金（万元）")
    width = sum(int(col.get(qn("w:w"))) for col in goal_or_budget._tbl.tblGrid.findall(qn("w:gridCol")))
    assert width == pytest.approx(156 * TWIPS_PER_MM, abs=6)  # upright: the portrait text block


def test_goal_block_holds_the_texts(sample, tmp_path):
    db, report_id = sample
    services.set_report_field(db, report_id, "form", "mof")
    services.set_report_field(db, report_id, "goal_expected", "完成热线接听\n群众满意度不低于 85%")
    services.set_report_field(db, report_id, "goal_achieved", "全部完成")
    path = tmp_path / "mof.docx"
    render_docx(load_report(db, report_id), path)
    rows = cells_of(table_with(docx.Document(str(path)), "预期目标"))
    assert rows == [["预期目标", "实际完成情况"], ["完成热线接听\n群众满意度不低于 85%", "全部完成"]]


def test_empty_new_report_in_each_form_exports(db, tmp_path):
    for key in ("suzhou", "mof", "sichuan"):
        report_id = services.create_report(db, 2024, f"测试单位{key}", form=key)
        path = tmp_path / f"{key}.docx"
        render_docx(load_report(db, report_id), path, draft=True)
        document = docx.Document(str(path))
        assert document.paragraphs[0].style.name == "Title"
        if key != "suzhou":
            scoring = get_form(key).scoring
            table = table_with(document, "三级指标")
            assert cells_of(table)[-1][:3] == [scoring.total_label, "10.00", "0.00"]
            assert f"{scoring.grade_label}：差" in [p.text for p in document.paragraphs]
