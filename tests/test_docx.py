"""The Word export read back with python-docx: the text in the printed order and wording, every table
cell against the report, the page layout, styles, fonts, header and page numbers."""
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import timezone
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT as ALIGN
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from models.money import format_amount, format_rate
from models.views import TaskRow, load_report
from reports.docx import render_docx

ROOT = Path(__file__).resolve().parent.parent
HEADINGS = ["一、预算部门名称：苏州市便民服务中心", "二、年度履职目标完成情况：", "三、部门（单位）概况",
            "四、部门（单位）整体支出绩效实现情况", "五、部门（单位）整体支出绩效中存在问题及改进措施",
            "六、绩效自评结果拟应用和公开情况", "七、预算信息", "八、年度重点任务", "九、部门整体自评表", "填报及审核"]
LEADS = {"org_setup": "1. 机构设置。", "duties": "2. 职责任务。", "operation": "3. 运行方式。",
         "problems": "1. 存在问题：", "improvements": "2. 改进措施："}
ORDER = ["goals", "org_setup", "duties", "operation", "performance", "problems", "improvements",
         "result_application", "result_disclosure"]


@pytest.fixture
def exported(report, tmp_path):
    path = tmp_path / "报告.docx"
    result = render_docx(report, path, draft=True)
    document = docx.Document(str(path))
    document.path = path
    return report, document, result


def body_lines(report) -> list[str]:
    """What the body paragraphs of the narrative must say, in order."""
    out = []
    for key in ORDER:
        lines = [line.strip() for line in report.narrative[key].split("\n") if line.strip()] or [""]
        lines[0] = LEADS.get(key, "") + lines[0]
        out += lines
    return out


def test_text_in_the_printed_order_and_wording_with_named_styles(exported):
    report, document, _result = exported
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    # the title broken between words and balanced, by a line break inside its one paragraph
    assert paragraphs[0] == ("Title", "苏州市市级预算部门（单位）\n整体支出预算绩效自评报告")
    assert paragraphs[0][1].replace("\n", "") == report.title
    assert paragraphs[1] == ("Subtitle", "（2022 年度）")
    assert [text for style, text in paragraphs if style == "Heading 1"] == HEADINGS
    assert [text for style, text in paragraphs if style == "Heading 3"] == ["1. 绩效自评结果拟应用", "2. 绩效自评结果公开情况"]
    body = [text for style, text in paragraphs if style == "Normal" and text]
    assert body == body_lines(report)
    # the run-in lead of 三、1 is its own character style, the department its own
    org = next(p for p in document.paragraphs if p.text.startswith("1. 机构设置。"))
    assert org.runs[0].style.name == "段首标题" and org.runs[0].text == "1. 机构设置。"
    assert document.paragraphs[2].runs[-1].style.name == "正文文字"
    names = {style.name for style in document.styles}
    assert {"表格文字", "表格数字", "表格表头", "签字栏"} <= names


def test_every_table_cell_as_the_report_has_it(exported):
    report, document, _result = exported
    budget, tasks, indicators, signoff, seal = document.tables
    rows = [[c.text for c in row.cells] for row in budget.rows]
    assert rows[0] == ["本年度预算资金（万元）", "年初预算数（万元）", "上年度结转及当年预算追加追减数（万元）",
                       "调整预算数（万元）", "实际支出数（万元）", "执行率（%）"]
    assert rows[1:] == [[r.name, format_amount(r.initial), format_amount(r.adjustment), format_amount(r.adjusted),
                         format_amount(r.actual), format_rate(r.execution_rate)] for r in report.budget]
    assert rows[1] == ["预算总金额", "2467.09", "51.29", "2518.38", "2449.85", "97.28%"]
    amount = budget.rows[1].cells[1].paragraphs[0]
    assert amount.style.name == "表格数字" and amount.style.paragraph_format.alignment == ALIGN.RIGHT

    rows = [[c.text for c in row.cells] for row in tasks.rows]
    assert rows[0] == ["对应部门主要职责", "任务名称", "主要内容", "完成情况"]
    assert rows[1:] == [[t.duty, t.name, t.content, t.completion] for t in report.tasks]

    rows = [[c.text for c in row.cells] for row in indicators.rows]
    assert rows[0] == ["类别", "类别", "指标名称", "指标目标值", "指标完成值", "完成值来源", "偏差情况", "原因分析"]
    assert rows[1:] == [[i.category1, i.category2, i.name, i.target.text, i.actual.text, i.source, i.deviation or "",
                         i.reason] for i in report.indicators]
    assert indicators.rows[0]._tr.tc_lst[0].grid_span == 2  # 类别 heads both category columns

    assert [[c.text for c in row.cells][::2] for row in signoff.rows] == [
        ["填报人：", "签字："], ["联系电话：", ""], ["财务负责人（审核人）：", "签字："], ["单位负责人：", "签字："],
        ["填报日期：", ""]]
    assert seal.rows[0].cells[0].text == "（单位盖章）"


def _runs(keys):
    """Lengths of the runs of equal, non-empty neighbouring keys."""
    out, count = [], 1
    for before, key in zip(keys, keys[1:] + [None]):
        if key == before and key:
            count += 1
        else:
            out.append(count) if before else None
            count = 1
    return out


def test_header_rows_repeat_rows_stay_whole_and_groups_are_vertical_merges(exported):
    report, document, _result = exported
    for table in document.tables[:3]:
        trs = table._tbl.tr_lst
        assert trs[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        assert all(tr.find(qn("w:trPr")) is None or tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is None
                   for tr in trs[1:])
        assert all(tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for tr in trs[1:])
    tasks, indicators = document.tables[1], document.tables[2]

    def merges(table, column):
        values = []
        for tr in table._tbl.tr_lst[1:]:
            merge = tr.tc_lst[column].tcPr.find(qn("w:vMerge"))
            values.append(None if merge is None else merge.get(qn("w:val"), "continue"))
        return values
    duty_runs = [n for n in _runs([t.duty for t in report.tasks]) if n > 1]
    assert merges(tasks, 0).count("restart") == len(duty_runs) > 0
    assert merges(tasks, 0).count("continue") == sum(duty_runs) - len(duty_runs)
    first_runs = [n for n in _runs([i.category1 for i in report.indicators]) if n > 1]
    assert merges(indicators, 0).count("restart") == len(first_runs) > 0
    second = [(i.category1, i.category2) if i.category2 else "" for i in report.indicators]
    assert merges(indicators, 1).count("restart") == len([n for n in _runs(second) if n > 1])
    # a continued cell is empty in the file: merged, not the text repeated
    continued = next(tr.tc_lst[0] for tr in tasks._tbl.tr_lst[1:]
                     if tr.tc_lst[0].tcPr.find(qn("w:vMerge")) is not None
                     and tr.tc_lst[0].tcPr.find(qn("w:vMerge")).get(qn("w:val")) is None)
    assert _text(continued) == ""


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _mm(length) -> float:
    return round(length / Mm(1), 1)


def test_pages_gbt_9704_with_8_and_9_in_landscape_sections(exported):
    _report, document, _result = exported
    sections = document.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.LANDSCAPE,
                                                 WD_ORIENT.PORTRAIT]
    first = sections[0]
    assert (_mm(first.page_width), _mm(first.page_height)) == (210, 297)
    assert [_mm(m) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        37, 35, 28, 26]
    assert (_mm(sections[1].page_width), _mm(sections[1].page_height)) == (297, 210)
    headings = [[p.text for p in s.iter_inner_content() if getattr(p, "style", None) is not None
                 and p.style.name == "Heading 1"] for s in sections]
    assert headings[1] == ["八、年度重点任务"] and headings[2] == ["九、部门整体自评表"]
    assert headings[3] == ["填报及审核"] and "七、预算信息" in headings[0]
    for section in sections:  # no table wider than its section's text block
        usable = section.page_width - section.left_margin - section.right_margin
        for table in (t for t in section.iter_inner_content() if isinstance(t, docx.table.Table)):
            width = sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol")))
            assert width * 635 <= usable + 635, (width, usable)  # twips → EMU, one twip of rounding
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    text_block = first.page_height - first.top_margin - first.bottom_margin
    assert round(text_block / Pt(579 / 20)) == 22  # 22 lines a page


def test_styles_sizes_and_east_asian_fonts(exported):
    _report, document, _result = exported
    styles = document.styles

    def east_asia(name):
        return styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert east_asia("Normal") == "仿宋_GB2312"
    assert east_asia("Heading 1") == "黑体"
    assert east_asia("Heading 2") == "楷体_GB2312"
    assert east_asia("Heading 3") == "仿宋_GB2312" and east_asia("段首标题") == "仿宋_GB2312"
    assert east_asia("Title") == "方正小标宋简体"
    assert east_asia("表格文字") == "仿宋_GB2312" and east_asia("表格表头") == "黑体"
    assert styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None
    body = styles["Normal"]
    assert body.font.size == Pt(16) and body.paragraph_format.first_line_indent == Pt(32)
    assert body.paragraph_format.line_spacing == Pt(579 / 20)
    assert styles["Title"].font.size == Pt(22) and styles["Title"].paragraph_format.alignment == ALIGN.CENTER
    assert body.element.pPr.find(qn("w:overflowPunct")).get(qn("w:val")) == "0"  # no “，” hanging in the margin
    for name, level in (("Heading 1", "0"), ("Heading 2", "1"), ("Heading 3", "2")):  # Word's navigation pane
        assert styles[name].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
    fonts = zipfile.ZipFile(document.path).read("word/fontTable.xml").decode("utf-8")
    for name, fallback in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "黑体")):
        assert f'<w:font w:name="{name}"><w:altName w:val="{fallback}"/>' in fonts  # what Word and WPS take instead


def _run_east_asia(run):
    """The East Asian font set on the run itself (None: its style's)."""
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_department_after_its_heiti_lead_is_a_fangsong_run(exported):
    _report, document, _result = exported
    heading = document.paragraphs[2]
    lead, department = heading.runs
    assert heading.style.name == "Heading 1" and lead.text == "一、预算部门名称："
    assert _run_east_asia(lead) is None  # the heading's 黑体
    assert department.text == "苏州市便民服务中心" and _run_east_asia(department) == "仿宋_GB2312"
    rpr = department._r.rPr  # the run's own style first, then its fonts, as the schema orders them
    assert [child.tag for child in rpr][:2] == [qn("w:rStyle"), qn("w:rFonts")]


def test_levels_as_gbt_9704_sets_them(report, tmp_path):
    """一、 黑体 (标题 1), （一） 楷体, 1. 仿宋 (标题 3 in the navigation pane, a run-in lead in 仿宋)."""
    long = "（三）" + "很长的一句话" * 8 + "。后文"
    narrative = {**report.narrative, "performance": "（一）预算执行情况。全年执行率较高。\n（十）其他；后文\n" + long,
                 "org_setup": "（二）机构。正文"}
    render_docx(replace(report, narrative=narrative), tmp_path / "levels.docx")
    document = docx.Document(str(tmp_path / "levels.docx"))
    styles = document.styles
    third = styles["Heading 3"]
    assert third.font.size == Pt(16) and not third.font.bold
    assert third.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 3"] == [
        "1. 绩效自评结果拟应用", "2. 绩效自评结果公开情况"]
    assert not [p for p in document.paragraphs if p.style.name == "Heading 2"]

    def runs(start):
        paragraph = next(p for p in document.paragraphs if p.text.startswith(start))
        assert paragraph.style.name == "Normal"
        return [(run.text, run.style.name, _run_east_asia(run)) for run in paragraph.runs]
    default = "Default Paragraph Font"
    assert runs("（一）") == [("（一）预算执行情况。", default, "楷体_GB2312"), ("全年执行率较高。", default, None)]
    assert runs("（十）") == [("（十）其他；", default, "楷体_GB2312"), ("后文", default, None)]
    assert runs("（三）") == [(long, default, None)]  # over 40 characters: a paragraph, not a heading
    assert runs("1. 机构设置。") == [("1. 机构设置。", "段首标题", None), ("（二）机构。", default, "楷体_GB2312"),
                                 ("正文", default, None)]


def test_category_columns_hold_a_four_character_word_on_one_line(exported, report, tmp_path):
    _report, document, _result = exported
    section = document.sections[2]
    usable = round((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips

    def grid(table):
        return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    margins = 60 + 60  # the cells' left and right margins, twips
    four = 4 * 10.5 * 20 + margins  # 分解目标 at 10.5 pt
    widths = grid(document.tables[2])
    assert widths[0] >= four and widths[1] >= four, widths
    assert usable - 1 <= sum(widths) <= usable  # the text block's width (page and margins in whole twips)
    assert widths[2] < round(55 * 1440 / 25.4)  # the room came from 指标名称, the widest text column
    assert widths[3:7] == [round(w * 1440 / 25.4) for w in (30, 30, 27, 20)]
    cells = [tr.tc_lst[0].tcPr.find(qn("w:tcW")).get(qn("w:w")) for tr in document.tables[2]._tbl.tr_lst[1:]]
    assert set(cells) == {str(widths[0])}
    # a longer word gets its width (up to six characters)
    items = [replace(item, category2="社会效益指标") for item in report.indicators]
    render_docx(replace(report, indicators=items), tmp_path / "wide.docx")
    wide = grid(docx.Document(str(tmp_path / "wide.docx")).tables[2])
    assert wide[1] >= 6 * 10.5 * 20 + margins and wide[0] == widths[0] and sum(wide) == sum(widths)


def test_header_and_page_numbers(exported):
    report, document, result = exported
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    for section in (document.sections[0], document.sections[1], document.sections[3]):
        for header in (section.header, section.even_page_header):
            text = header.paragraphs[0].text
            assert text.startswith("苏州市便民服务中心　2022 年度整体支出绩效自评报告\t")
            assert text.endswith(f"草稿　内容指纹 {result.fingerprint}") and len(result.fingerprint) == 12
    odd, even = document.sections[0].footer.paragraphs[0], document.sections[0].even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        instructions = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        assert [f.get(qn("w:fldCharType")) for f in paragraph._p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        assert paragraph.text == "— 1 —"  # the field's result until the reader computes it
    assert odd.alignment == ALIGN.RIGHT and even.alignment == ALIGN.LEFT
    assert document.sections[1].footer.is_linked_to_previous  # numbering runs on through every section


def test_document_properties_name_the_report(exported):
    report, document, _result = exported
    properties = document.core_properties
    assert (properties.title, properties.author, properties.subject) == (report.title, report.department, "2022 年度")
    assert properties.modified == report.updated_at.astimezone(timezone.utc).replace(microsecond=0)
    names = zipfile.ZipFile(document.path).namelist()
    assert not [name for name in names if "thumbnail" in name]  # no picture of python-docx's own template


def test_final_version_and_a_long_department_in_the_header(report, tmp_path):
    long = replace(report, department="很长的部门名称" * 20)
    render_docx(long, tmp_path / "f.docx", version_label="定稿 第 2 版")
    header = docx.Document(str(tmp_path / "f.docx")).sections[0].header.paragraphs[0].text
    left, right = header.split("\t")
    assert right.startswith("定稿 第 2 版　内容指纹 ") and "草稿" not in header
    assert left.endswith("…") and len(left) < 45  # one line: cut, never wrapped


def test_a_brand_new_report_exports(db, tmp_path):
    from models.services.reports import create_report

    report = load_report(db, create_report(db, 2024, "新建单位"))
    render_docx(report, tmp_path / "new.docx")
    document = docx.Document(str(tmp_path / "new.docx"))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == "一、预算部门名称：新建单位"
    assert [len(t.rows) for t in document.tables] == [1, 1, 1, 5, 1]  # each table its header alone
    assert "草稿" not in document.sections[0].header.paragraphs[0].text


def test_tabs_markup_characters_line_breaks_and_a_row_taller_than_a_page(report, tmp_path):
    odd = "A&B <c> \"引号\"\t制表\n第二行"
    tall = "很长的完成情况。" * 600
    tasks = [TaskRow(1, "职责", "任务", odd, "完成"), TaskRow(2, "职责", "任务二", "内容", tall)]
    text = replace(report, tasks=tasks, narrative={**report.narrative, "goals": odd + "\n\n　\n第三段"})
    render_docx(text, tmp_path / "odd.docx")
    document = docx.Document(str(tmp_path / "odd.docx"))
    table = document.tables[1]
    assert table.rows[1].cells[2].text == odd  # a line break is a new paragraph of the cell, a tab a tab
    assert [len(row.cells[2].paragraphs) for row in table.rows[1:]] == [2, 1]
    assert table.rows[2].cells[0].text == "职责"  # merged with the row above
    trs = table._tbl.tr_lst
    assert trs[1].find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
    assert trs[2].find(qn("w:trPr")) is None  # taller than a page: may split
    body = [p.text for p in document.paragraphs if p.style.name == "Normal" and p.text]
    assert body[:3] == ["A&B <c> \"引号\"\t制表", "第二行", "第三段"]


def test_characters_xml_cannot_hold_are_left_out(report, tmp_path):
    """A hand-edited file may still hold control characters the program's own input removes."""
    odd = replace(report, title="标题\x00\x0b甲", department="部门\ufffe乙",
                  narrative={**report.narrative, "goals": "正文\x01丙"},
                  tasks=[TaskRow(1, "职责\x1f", "任务", "内容", "完成")])
    result = render_docx(odd, tmp_path / "odd.docx")
    document = docx.Document(str(tmp_path / "odd.docx"))
    assert document.paragraphs[0].text == "标题甲" and document.paragraphs[2].text.endswith("部门乙")
    assert "正文丙" in [p.text for p in document.paragraphs]
    assert document.tables[1].rows[1].cells[0].text == "职责"
    assert result.fingerprint == render_docx(odd, tmp_path / "again.docx").fingerprint  # of the stored content


def test_100_times_the_sample(db, tmp_path):
    from bench.scale import scaled_data
    from models.services.bulk import create_report_from_data

    report = load_report(db, create_report_from_data(db, scaled_data(100)))
    render_docx(report, tmp_path / "big.docx", draft=True)
    document = docx.Document(str(tmp_path / "big.docx"))
    budget, tasks, indicators = document.tables[:3]
    assert [len(t._tbl.tr_lst) for t in (budget, tasks, indicators)] == [1801, 1401, 7501]
    last = indicators._tbl.tr_lst[-1]
    texts = [_text(tc) for tc in last.tc_lst]
    item = report.indicators[-1]
    assert texts[2:] == [item.name, item.target.text, item.actual.text, item.source, item.deviation or "", item.reason]


def cli(*args):
    return subprocess.run([sys.executable, "main.py", *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_command_line_writes_word_with_pdf_and_excel(tmp_path):
    db = tmp_path / "r.db"
    assert cli("demo", "--db", db).returncode == 0
    out = [tmp_path / "r.docx", tmp_path / "r.pdf", tmp_path / "r.xlsx"]
    result = cli("export", "--db", db, "--docx", out[0], "--pdf", out[1], "--xlsx", out[2])
    assert result.returncode == 0, result.stderr
    printed = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert sorted(printed) == sorted(map(str, out)) and all(path.exists() for path in out)
    assert f"{out[0]}\t内容指纹 " in result.stdout
    document = docx.Document(str(out[0]))
    assert document.paragraphs[0].text.replace("\n", "") == "苏州市市级预算部门（单位）整体支出预算绩效自评报告"
    assert "草稿" not in document.sections[0].header.paragraphs[0].text  # the sample has no error


def test_command_line_marks_a_report_with_errors_as_draft(tmp_path):
    from models.database import open_database
    from models.services.reports import create_report

    db = open_database(tmp_path / "r.db")
    report_id = create_report(db, 2024, "新建单位")  # empty sections and tables are errors
    db.close()
    result = cli("export", "--db", tmp_path / "r.db", "--report", report_id, "--docx", tmp_path / "new.docx")
    assert result.returncode == 0 and "Word 文档已标为“草稿”" in result.stderr
    assert "草稿　内容指纹" in docx.Document(str(tmp_path / "new.docx")).sections[0].header.paragraphs[0].text


def test_command_line_refuses_the_data_file_and_one_path_twice(tmp_path):
    db = tmp_path / "r.db"
    assert cli("demo", "--db", db).returncode == 0
    before = db.read_bytes()
    refused = cli("export", "--db", db, "--docx", db)
    assert refused.returncode == 1 and "不能写入" in refused.stderr and "Traceback" not in refused.stderr
    assert db.read_bytes() == before
    twice = cli("export", "--db", db, "--docx", tmp_path / "x", "--pdf", tmp_path / "." / "x")
    assert twice.returncode == 2 and "同一个文件" in twice.stderr and not (tmp_path / "x").exists()
    missing = cli("export", "--db", db, "--docx", tmp_path / "无此文件夹" / "x.docx")
    assert missing.returncode == 1 and "文件夹不存在" in missing.stderr
