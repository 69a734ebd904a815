"""The printed report read back: every heading, figure and name; embedded fonts; page furniture."""
import re
import shutil
import subprocess
from dataclasses import replace

import pytest

from models.money import format_amount, format_rate
from models.views import load_report
from models.fingerprint import short_fingerprint
from reports.pdf import render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

HEADINGS = ["二、年度履职目标完成情况", "三、部门（单位）概况", "四、部门（单位）整体支出绩效实现情况",
            "五、部门（单位）整体支出绩效中存在问题及改进措施", "六、绩效自评结果拟应用和公开情况", "七、预算信息",
            "八、年度重点任务", "九、部门整体自评表"]
FORBIDDEN_LINE_START = "，。；：、）》”！？"


def text_of(path, layout=False) -> str:
    """The text in drawing order (each table cell whole) or, with `layout`, as the page shows it."""
    args = ["pdftotext", "-layout" if layout else "-raw", str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pages_of(path) -> list[str]:
    return text_of(path, layout=True).split("\f")[:-1]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def sample_pdf(sample, tmp_path):
    db, report_id = sample
    report = load_report(db, report_id)
    path = tmp_path / "sample.pdf"
    result = render_pdf(report, path)
    return report, path, result


def test_everything_is_in_the_text(sample_pdf):
    report, path, result = sample_pdf
    flat = squash(text_of(path))
    assert squash(report.title) in flat and "（2022年度）" in flat
    assert "一、预算部门名称：苏州市便民服务中心" in flat
    for heading in HEADINGS:
        assert squash(heading) in flat, heading
    layout = squash(text_of(path, layout=True))
    for row in report.budget:
        figures = [format_amount(v) for v in (row.initial, row.adjustment, row.adjusted, row.actual)]
        expected = squash(row.name) + "".join(figures) + format_rate(row.execution_rate)
        assert expected in layout or all(f in layout for f in figures), row.name
        assert squash(row.name)[:8] in flat
    for task in report.tasks:
        assert squash(task.name)[:10] in flat, task.name
    for indicator in report.indicators:
        assert squash(indicator.name)[:8] in flat, indicator.name
        assert squash(indicator.target.text + indicator.actual.text) in layout or (
            squash(indicator.target.text) in flat and squash(indicator.actual.text) in flat), indicator.name
    for label in ("填报人", "联系电话", "财务负责人（审核人）", "单位负责人", "填报日期", "单位盖章"):
        assert label in flat
    assert result.warnings == []


def test_budget_rows_read_as_in_the_seed(sample_pdf):
    _report, path, _result = sample_pdf
    lines = [re.sub(r"\s+", " ", line).strip() for line in text_of(path, layout=True).splitlines()]
    assert "预算总金额 2467.09 51.29 2518.38 2449.85 97.28%" in lines
    assert "项目支出 1758.28 -5.17 1753.11 1732.93 98.85%" in lines
    assert "党团活动费 3.20 0.00 3.20 2.41 75.31%" in lines


def test_all_fonts_embedded(sample_pdf):
    _report, path, _result = sample_pdf
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        columns = row.split()
        assert "TrueType" in row and columns[-5] == "yes" and columns[-4] == "yes", row  # emb, sub


def test_every_page_carries_identity_fingerprint_and_number(sample_pdf):
    report, path, result = sample_pdf
    pages = pages_of(path)
    assert len(pages) == result.pages >= 10
    short = short_fingerprint(report)
    assert result.fingerprint == short and len(short) == 12
    for number, page in enumerate(pages, 1):
        assert "苏州市便民服务中心" in page and "2022" in page
        assert f"内容指纹 {short}" in page
        assert f"—{number}—" in squash(page)
        assert "草稿" not in squash(page)


def test_draft_mark_on_every_page(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "draft.pdf"
    render_pdf(load_report(db, report_id), path, draft=True)
    assert all("草稿" in page for page in pages_of(path))


def test_no_line_starts_with_closing_punctuation(sample_pdf):
    _report, path, _result = sample_pdf
    starts = [line.strip()[0] for line in text_of(path, layout=True).splitlines() if line.strip()]
    assert [c for c in starts if c in FORBIDDEN_LINE_START] == []


def test_headers_repeat_and_groups_named_on_continuation_pages(sample_pdf):
    _report, path, _result = sample_pdf
    pages = pages_of(path)
    task_pages = [p for p in pages if "对应部门主要职责" in p]
    indicator_pages = [p for p in pages if "指标目标值" in p]
    assert len(task_pages) >= 2 and len(indicator_pages) >= 2
    for page in indicator_pages[1:]:
        assert "（续）" in squash(page)  # the merged 类别 is named again on the next page


def test_huge_report_and_huge_cell_render(sample, tmp_path):
    db, report_id = sample
    report = load_report(db, report_id)
    many = [replace(report.indicators[i % len(report.indicators)], id=i) for i in range(2000)]
    long_task = replace(report.tasks[3], completion="很长的完成情况，" * 625)  # 5,000 characters in one cell
    big = replace(report, indicators=many, tasks=[long_task] + report.tasks[1:])
    path = tmp_path / "big.pdf"
    result = render_pdf(big, path)
    assert result.pages > 60
    ordinary = render_pdf(replace(big, tasks=report.tasks), tmp_path / "ordinary.pdf")
    assert ordinary.pages < result.pages
    extra = squash(text_of(path)).count("很") - squash(text_of(tmp_path / "ordinary.pdf")).count("很")
    assert extra == 625  # not one character of the 5,000 lost across its page breaks


def line_boxes(path, page: int) -> list[tuple[float, float, str]]:
    """(left, right, text) of each line of text on a page, as poppler finds them."""
    layout = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
    boxes = []
    for line in re.findall(r'<line xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>(.*?)</line>', layout, re.S):
        words = "".join(re.findall(r">([^<]*)</word>", line[2]))
        boxes.append((float(line[0]), float(line[1]), words))
    return boxes


def test_narrative_lines_are_justified(sample_pdf):
    _report, path, _result = sample_pdf
    left, right = 28 / 25.4 * 72, (28 + 156) / 25.4 * 72   # the text block of GB/T 9704
    indent = 2 * 16  # a paragraph's first line stands in two characters
    lines = [box for box in line_boxes(path, 1) if min(abs(box[0] - left), abs(box[0] - left - indent)) < 0.5]
    full = [box for box in lines if box[1] > right - 20]
    assert len(full) >= 10
    for box in full:  # every full line ends with its last character on the right margin (两端对齐)
        assert abs(box[1] - right) < 0.5, box


def test_budget_names_stand_in_by_level(sample_pdf):
    report, path, _result = sample_pdf
    page = next(n for n in range(1, 12) if "预算总金额" in squash(text_of(path, layout=True).split("\f")[n - 1]))
    x = {}
    for number in (page, page + 1):
        for left, _right, words in line_boxes(path, number):
            x.setdefault(words.split(" ")[0], left)
    child = next(row.name for row in report.budget if row.depth == 2 and len(row.name) <= 8)
    assert x["预算总金额"] < x["基本支出"] < x[child]


def test_every_row_of_a_long_table_printed_once_in_order(sample, tmp_path):
    db, report_id = sample
    report = load_report(db, report_id)
    many = [replace(report.indicators[i % len(report.indicators)], id=i, name=f"指标{i:04d}号")
            for i in range(1500)]
    path = tmp_path / "long.pdf"
    result = render_pdf(replace(report, indicators=many), path)
    assert result.pages > 50
    found = re.findall(r"指标(\d{4})号", squash(text_of(path)))
    assert found == [f"{i:04d}" for i in range(1500)]


def test_rare_characters_print_or_warn(sample, tmp_path):
    db, report_id = sample
    report = load_report(db, report_id)
    rare = replace(report, department="喆堃\U0002A6A5单位")  # U+2A6A5 is in no shipped font
    path = tmp_path / "rare.pdf"
    result = render_pdf(rare, path)
    flat = squash(text_of(path))
    assert "喆堃" in flat  # printed from an embedded font
    assert any("U+2A6A5" in w and "预算部门名称" in w for w in result.warnings)


def test_write_is_atomic_and_failure_leaves_old_file(sample, tmp_path, monkeypatch):
    from reports import pdf as pdf_module
    from reports.atomic import OutputError
    db, report_id = sample
    report = load_report(db, report_id)
    path = tmp_path / "out.pdf"
    path.write_bytes(b"old")

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(pdf_module.ReportDocument, "build", broken)
    with pytest.raises(OutputError, match="磁盘空间不足"):
        render_pdf(report, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"] or all(not p.name.endswith(".part") for p in tmp_path.iterdir())


def test_same_content_same_fingerprint_any_change_changes_it(sample):
    db, report_id = sample
    report = load_report(db, report_id)
    again = load_report(db, report_id)
    assert short_fingerprint(report) == short_fingerprint(again)
    assert short_fingerprint(replace(report, department="别的单位")) != short_fingerprint(report)
    changed_row = replace(report.budget[4], actual=report.budget[4].actual + 1)
    assert short_fingerprint(replace(report, budget=report.budget[:4] + [changed_row] + report.budget[5:])) \
        != short_fingerprint(report)


def _long_table(rows_text):
    """A one-column LongTable of the given cell texts, in the report's fonts and styles."""
    from reports.fonts import choose_fonts
    from reports.pdf_layout import styles
    from reports.pdf_tables import _table, cell
    fonts = choose_fonts()
    style = styles(fonts)["cell"]
    header = [cell(fonts, "完成情况", "heading", "表头", style)]
    rows = [[cell(fonts, text, "body", "测试", style)] for text in rows_text]
    return _table(header, rows, [200], 400, fonts)


def test_a_row_is_moved_whole_rather_than_leave_its_tail_alone_on_a_page():
    tall = "完成情况" * 100          # about 22 lines: fits a page, not the room left on this one
    table = _long_table(["短行"] * 5 + [tall])
    head, following = table.split(200, 300)
    head_rows = len(head._cellvalues) - 1
    assert head_rows == 5                                   # the tall row went to the next page whole
    assert following.start == 5 and following.first_row is None
    following.wrap(200, 400)
    from reports.pdf_long_table import _text_of
    assert _text_of(following._window._cellvalues[1][0]) == tall


def test_a_row_is_still_split_to_fill_the_page_when_the_table_goes_on():
    tall = "完成情况" * 100
    table = _long_table(["短行"] * 5 + [tall] + ["后续行"] * 40)
    head, following = table.split(200, 300)
    assert len(head._cellvalues) - 1 == 6                   # the tall row begun on this page
    assert following.start == 5 and following.first_row is not None


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_no_table_page_holds_only_the_tail_of_a_row(sample_pdf):
    """In the sample the last key task used to leave a page of its last three lines."""
    _report, path, _result = sample_pdf
    for page in pages_of(path):
        if "对应部门主要职责" in page and "九、部门整体自评表" not in page:
            body = page.split("完成情况", 1)[1]
            assert len([line for line in body.splitlines() if line.strip()]) > 8, page
