"""The printed copy a reviewer accepts (issue 15, items 8–12), read back from the PDF: the title
broken between words and balanced, landscape pages turned for binding with the page number where
portrait pages have it, the signed and the public copy, merged cells without rules through them,
（续） as a label of its own, and justified lines that never letter-space a number."""
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from PIL import Image

from models.checks import ERROR, run_checks
from models.errors import DomainError
from models.fingerprint import short_fingerprint
from models.views import load_report
from reports.fonts import choose_fonts
from reports.pdf import render_pdf
from reports.pdf_title import title_lines, tokens

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                reason="poppler-utils not installed")

PAGE_W, PAGE_H = 595.2756, 841.8898  # every page is shown as a portrait A4 sheet
MM = 72 / 25.4
SIGNOFF = {"preparer": "王晓明", "phone": "0512-68887766", "finance_head": "李卫东", "unit_head": "赵建国",
           "fill_date": "2023年3月15日"}


def words(path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(left, top, right, bottom, text) of each word poppler finds on a page, as the page is shown."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)]


def page_count(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def rotations(path) -> list[int]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(page_count(path)), str(path)], capture_output=True,
                          text=True, check=True).stdout
    return [int(r) for r in re.findall(r"rot:\s+(\d+)", info)]


def plain(path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def report(sample):
    db, report_id = sample
    report = load_report(db, report_id)
    assert not [f for f in run_checks(report) if f.level == ERROR], "the sample is expected to have no error"
    return replace(report, signoff={**report.signoff, **SIGNOFF})


@pytest.fixture
def signed(report, tmp_path):
    path = tmp_path / "signed.pdf"
    return path, render_pdf(report, path)


@pytest.fixture
def public(report, tmp_path):
    path = tmp_path / "public.pdf"
    return path, render_pdf(report, path, public=True)


# -- 8. the title --------------------------------------------------------------------------------
def test_the_title_breaks_between_words_upper_line_no_shorter(signed):
    path, _result = signed
    title = [w for w in words(path, 1) if w[3] - w[1] > 20]  # 22 pt type
    lines = {}
    for left, top, right, _bottom, text in title:
        lines.setdefault(round(top), []).append((left, right, text))
    rows = [sorted(parts) for _top, parts in sorted(lines.items())]
    texts = ["".join(t for _l, _r, t in row) for row in rows]
    assert texts == ["苏州市市级预算部门（单位）", "整体支出预算绩效自评报告"]  # not “…预算绩 / 效自评报告”
    widths = [row[-1][1] - row[0][0] for row in rows]
    assert widths[0] >= widths[1] and widths[0] - widths[1] < 2 * 22  # 梯形, balanced
    centres = [(row[0][0] + row[-1][1]) / 2 for row in rows]
    assert abs(centres[0] - centres[1]) < 1 and abs(centres[0] - (28 + 78) * MM) < 1


def test_title_lines_keep_words_whole_and_balance():
    def width(text):
        return 22.0 * len(text)
    title = "苏州市市级预算部门（单位）整体支出预算绩效自评报告"
    assert title_lines(title, width, 442, "苏州市便民服务中心") == ["苏州市市级预算部门（单位）", "整体支出预算绩效自评报告"]
    assert title_lines("部门整体支出绩效自评报告", width, 442) == ["部门整体支出绩效自评报告"]  # fits: one line
    # a name the word list does not know is not cut: it stays with itself
    long = "苏州市姑苏区某某某某街道办事处2022年度部门整体支出预算绩效自评报告"
    lines = title_lines(long, width, 442, "苏州市姑苏区某某某某街道办事处")
    assert "".join(lines) == long and len(lines) == 2
    assert all(width(line) <= 442 for line in lines)
    for word in ("2022年度", "预算", "绩效", "自评", "报告", "街道办事处"):
        assert any(word in line for line in lines), (word, lines)
    assert "（单位）" in tokens(title)
    assert "某市数据处理" in tokens("某市数据处理中心整体支出绩效自评报告")  # 处 is a word, but not in 处理
    # three lines: never an hourglass (a middle line shorter than both others)
    three = "某某某某市某某某某区某某某某某某某某某某局关于二〇二二年度部门整体支出预算绩效自评工作情况的报告"
    lines = title_lines(three, width, 442)
    assert "".join(lines) == three and len(lines) == 3
    assert not (len(lines[1]) < len(lines[0]) and len(lines[1]) < len(lines[2]))


# -- 9. landscape pages ------------------------------------------------------------------------
def page_number_box(path, page):
    found = [w for w in words(path, page) if w[4] == str(page) and w[3] - w[1] > 12]
    assert found, page
    return found[-1]


@pytest.mark.parametrize("copy", ["signed", "public"])
def test_page_numbers_at_the_outer_edge_below_the_text_block_on_every_page(copy, request):
    path, result = request.getfixturevalue(copy)
    turned = rotations(path)
    assert turned.count(270) >= 4 and set(turned) == {0, 270}  # 八 and 九 turned, the rest upright
    for page in range(1, result.pages + 1):
        left, top, right, bottom, _text = page_number_box(path, page)
        assert PAGE_H - 35 * MM < top and bottom < PAGE_H - 20 * MM, page  # 7 mm below the text block
        if page % 2:
            assert right > (28 + 156 - 20) * MM, page  # odd: at the right
        else:
            assert left < (28 + 20) * MM, page  # even: at the left


def test_landscape_tables_have_their_head_toward_the_binding_edge(signed):
    path, result = signed
    turned = [n for n, r in enumerate(rotations(path), 1) if r == 270]
    assert len(turned) >= 4
    for page in turned:
        heads = [w for w in words(path, page) if w[4] in ("指标名称", "任务名称")]
        assert heads, page
        for left, top, right, bottom, _text in heads:
            assert right < PAGE_W / 3, page      # the head row stands at the sheet's left edge
            assert bottom - top > right - left   # read when the sheet is turned


# -- 10. the signed copy and the public copy -------------------------------------------------------
def test_signed_copy_identity_and_fingerprint_in_the_footer_not_at_the_top(signed, report):
    path, result = signed
    short = short_fingerprint(report)
    for page in range(1, result.pages + 1):
        found = words(path, page)
        fingerprint = [w for w in found if w[4] == short]
        assert fingerprint and fingerprint[0][1] > PAGE_H - 35 * MM, page
        assert fingerprint[0][3] - fingerprint[0][1] < 10  # small type
        assert not [w for w in found if w[3] < 30 * MM], page  # no running header
    text = plain(path)
    for label in ("填报人", "联系电话", "单位负责人", "单位盖章"):
        assert label in text


def test_public_copy_has_no_sign_off_names_phones_or_fingerprint(public, signed, report):
    path, result = public
    text = re.sub(r"\s+", "", plain(path))
    for label in ("填报及审核", "填报人", "联系电话", "财务负责人", "单位负责人", "填报日期", "单位盖章", "签字",
                  "内容指纹", "草稿"):
        assert label not in text, label
    signed_text = re.sub(r"\s+", "", plain(signed[0]))
    for value in SIGNOFF.values():
        assert value in signed_text and value not in text, value  # names and telephone on the signed copy only
    assert short_fingerprint(report) not in text
    for page in range(1, result.pages + 1):
        assert [w[4] for w in words(path, page) if w[1] > PAGE_H - 35 * MM] == ["—", str(page), "—"]
    assert result.pages < signed[1].pages  # the sign-off page is left out
    assert "九、部门整体自评表" in text and report.indicators[-1].name[:6] in text


def test_public_copy_refused_while_the_checks_find_errors(report, tmp_path):
    broken = replace(report, narrative={**report.narrative, "goals": ""})
    assert [f for f in run_checks(broken) if f.level == ERROR]
    target = tmp_path / "public.pdf"
    with pytest.raises(DomainError) as refused:
        render_pdf(broken, target, public=True)
    assert "不能导出公开版" in refused.value.message and not target.exists()
    render_pdf(broken, tmp_path / "signed.pdf", draft=True)  # the signed copy is still made, as a draft


# -- 11. merged cells ----------------------------------------------------------------------------
def _centre(word) -> tuple[float, float]:
    return (word[0] + word[2]) / 2, (word[1] + word[3]) / 2


class _Sampler:
    """Pixels of a rendered page in grey, looked up by points."""

    def __init__(self, image, dpi: int):
        self.image, self.scale = image.convert("L"), dpi / 72

    def at(self, x: float, y: float) -> int:
        return self.image.getpixel((round(x * self.scale), round(y * self.scale)))

    def darkest(self, start, end, skip: float) -> int:
        """The darkest pixel on the line start → end, leaving out `skip` of its length at each end."""
        (x0, y0), (x1, y1) = start, end
        return min(self.at(x0 + (x1 - x0) * t / 400, y0 + (y1 - y0) * t / 400)
                   for t in range(int(400 * skip), int(400 * (1 - skip)) + 1))


def _renderings(path, page: int, folder) -> list[tuple[str, _Sampler]]:
    """The page as poppler draws it at 70 dpi and as pdfium (the editor's preview) draws it at 70 and 96."""
    import pypdfium2

    subprocess.run(["pdftoppm", "-r", "70", "-gray", "-f", str(page), "-l", str(page), "-png", str(path),
                    str(folder / "page")], check=True)
    result = [("pdftoppm 70 dpi", _Sampler(Image.open(next(folder.glob("page*.png"))), 70))]
    document = pypdfium2.PdfDocument(str(path))
    try:
        for dpi in (70, 96):
            result.append((f"pdfium {dpi} dpi", _Sampler(document[page - 1].render(scale=dpi / 72).to_pil(), dpi)))
    finally:
        document.close()
    return result


def test_merged_category_cells_are_drawn_by_the_borders_that_exist(signed, report, tmp_path):
    path, _result = signed
    page = next(n for n in range(1, page_count(path) + 1) if any(w[4] == "决策" for w in words(path, n)))
    found = words(path, page)
    decision_box = next(w for w in found if w[4] == "决策")
    decision = _centre(decision_box)                                       # 决策: a cell merged over 6 rows
    process = _centre(next(w for w in found if w[4] == "过程"))            # the next group's first row
    name = _centre(next(w for w in found if w[4].startswith(report.indicators[0].name[:4])))  # same row, 指标名称
    length = ((process[0] - decision[0]) ** 2 + (process[1] - decision[1]) ** 2) ** 0.5
    along = ((process[0] - decision[0]) / length, (process[1] - decision[1]) / length)
    across = (-along[1], along[0])
    if (name[0] - decision[0]) * across[0] + (name[1] - decision[1]) * across[1] < 0:
        across = (-across[0], -across[1])
    for renderer, pixels in _renderings(path, page, tmp_path):
        # inside the merged cell, from 决策 towards 过程: no rule between its rows shows through
        assert pixels.darkest(decision, process, 0.12) > 235, renderer
        # its border with the 指标名称 column is one unbroken black rule (no white line cuts into it)
        step = 1 + (abs(across[0]) * (decision_box[2] - decision_box[0])
                    + abs(across[1]) * (decision_box[3] - decision_box[1])) / 2  # past 决策's own strokes
        while pixels.at(decision[0] + across[0] * step, decision[1] + across[1] * step) > 128:
            step += 0.25
            assert step < 60, f"no border found beside 决策 ({renderer})"
        border = (decision[0] + across[0] * step, decision[1] + across[1] * step)
        for t in range(0, int(length * 0.9)):
            point = (border[0] + along[0] * t, border[1] + along[1] * t)
            darkest = min(pixels.at(point[0] + across[0] * d, point[1] + across[1] * d) for d in (-1, -0.5, 0, 0.5, 1))
            assert darkest < 160, f"the border is broken {t} pt from 决策 ({renderer})"


def test_continuation_label_is_separate_and_smaller(signed):
    path, result = signed
    labels = []
    for page in range(1, result.pages + 1):
        for left, top, right, bottom, text in words(path, page):
            if "（续" in text or "续）" in text:
                assert text == "（续）", text  # never glued to the cell's text
                labels.append(min(right - left, bottom - top))
    assert len(labels) >= 4
    assert all(size < 9 for size in labels)  # smaller than the cells' 10.5 pt


def test_a_task_split_across_pages_repeats_its_name_and_content(report, tmp_path):
    task = replace(report.tasks[1], name="热线整合", content="归并热线",
                   completion="很长的完成情况，" * 400)
    long = replace(report, tasks=[report.tasks[0], task] + report.tasks[2:])
    path = tmp_path / "long.pdf"
    result = render_pdf(long, path)
    pages_with_tail = [n for n in range(1, result.pages + 1)
                       if any("很长的完成情况" in w[4] for w in words(path, n))]
    assert len(pages_with_tail) >= 2
    for page in pages_with_tail:
        on_page = "".join(w[4] for w in words(path, page))
        assert "热线整合" in on_page and "归并热线" in on_page, page


# -- 12. justified lines ---------------------------------------------------------------------------
def test_justified_lines_never_letter_space_numbers_or_latin_words(signed):
    path, _result = signed
    fonts = choose_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    checked = 0
    for page in range(1, 9):  # the narrative pages
        for left, top, right, bottom, text in words(path, page):
            if bottom - top < 15.5 or not re.fullmatch(r"[!-~]{3,}", text):
                continue  # body type (16 pt) only
            natural = sum(stringWidth(part, font, 16) for font, part in fonts.runs(text, "body"))
            assert abs((right - left) - natural) < 0.5, (page, text, right - left, natural)
            checked += 1
    assert checked >= 20


def test_no_narrative_page_left_mostly_empty_before_a_heading(signed):
    """A heading goes to the next page only with fewer than two lines of room (it once took the whole
    next paragraph along and left three quarters of a page empty)."""
    path, _result = signed
    bottom_of_block = (297 - 35) * MM
    page = 1
    while True:
        body = [w for w in words(path, page) if w[3] - w[1] > 15 and w[3] < bottom_of_block + 1]
        following = words(path, page + 1)
        if any(w[4].startswith("七、") for w in following):
            break  # 七 and its table go to a new page when less than 60 mm is left (a table of its own)
        heads = [w for w in following if re.match(r"^[二三四五六]、", w[4])]
        if heads and min(w[1] for w in heads) < 40 * MM:  # the next page begins with a heading
            assert max(w[3] for w in body) > bottom_of_block - 3 * 28.8, page
        page += 1
