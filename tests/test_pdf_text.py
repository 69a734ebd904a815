"""Text blocks of the printed report: line breaking, indents and splitting across pages."""
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle

from reports.fonts import choose_fonts
from reports.pdf_text import TextBlock

FONTS = choose_fonts()
STYLE = ParagraphStyle("t", fontName=FONTS.names["body"], fontSize=10, leading=14, alignment=TA_JUSTIFY,
                       allowWidows=0, allowOrphans=0)
TEXT = "部门整体支出绩效自评，" * 12  # 132 characters: 11 lines of 12 at 120 points


def block(text=TEXT, style=STYLE):
    return TextBlock(FONTS.runs(text, "body", "测试"), style)


def line_texts(b):
    return [b.text[start:end] for start, end, _used, _hard in b.lines]


def test_lines_fill_the_width_and_follow_the_chinese_rules():
    b = block()
    width, height = b.wrap(120, 1000)
    lines = line_texts(b)
    assert width == 120 and height == len(lines) * 14 and "".join(lines) == TEXT
    assert all(used <= 120 + 1e-6 for _s, _e, used, _h in b.lines)
    assert not any(line.startswith("，") for line in lines)


def test_indents_narrow_the_lines():
    plain = block()
    plain.wrap(120, 1000)
    indented = block(style=ParagraphStyle("i", parent=STYLE, leftIndent=20, firstLineIndent=20))
    indented.wrap(120, 1000)
    first, second = line_texts(indented)[:2]
    assert len(first) == len(line_texts(plain)[0]) - 4 and len(second) == len(line_texts(plain)[1]) - 2


def test_hard_line_breaks_end_lines():
    b = block("第一行\n第二行")
    b.wrap(120, 1000)
    assert [line.strip("\n") for line in line_texts(b)] == ["第一行", "第二行"]


def test_split_keeps_every_character_and_no_line_alone():
    b = block()
    b.wrap(120, 1000)
    count = len(b.lines)
    assert b.split(120, 14 * count) == [b]                  # all fits
    assert b.split(120, 14 * 1.5) == []                      # one line alone at the foot of a page
    head, tail = b.split(120, 14 * 4)
    assert head.text + tail.text == TEXT
    head.wrap(120, 1000), tail.wrap(120, 1000)
    assert len(head.lines) == 4 and not head.ends_paragraph and tail.first_indent == 0
    head, tail = b.split(120, 14 * (count - 1))              # would leave one line alone on top
    head.wrap(120, 1000), tail.wrap(120, 1000)
    assert len(tail.lines) == 2 and head.text + tail.text == TEXT


def test_wan_yuan_is_never_split():
    """万元 — and a heading's （万元） — stay on one line at every width."""
    headings = ["上年度结转及当年预算追加追减数（万元）", "本年度预算资金（万元）", "年初预算数（万元）",
                "调整预算数（万元）", "金额共计 12.5 万元，其中 3 万元为追加", "实际支出数（元）"]
    for text in headings:
        for width in range(40, 200, 3):
            b = block(text, ParagraphStyle("h", parent=STYLE, alignment=0))
            b.wrap(width, 1000)
            lines = line_texts(b)
            assert "".join(lines) == text
            for line in lines:
                assert not line.endswith("万") and not line.endswith("（"), (width, lines)
                assert not line.startswith("元") and not line.startswith("）"), (width, lines)


def test_budget_headings_in_the_pdf_keep_wan_yuan_whole():
    from reportlab.lib.units import mm

    from reports.pdf_layout import styles
    style = styles(FONTS)["cell_head"]
    for text, width in (("上年度结转及当年预算追加追减数（万元）", 27 * mm), ("年初预算数（万元）", 21 * mm),
                        ("实际支出数（万元）", 21 * mm), ("本年度预算资金（万元）", 46 * mm)):
        b = block(text, style)
        b.wrap(width - 6, 1000)  # the column less its padding
        assert any("（万元）" in line for line in line_texts(b)), line_texts(b)


def test_no_line_starts_with_a_space():
    """“截至 2022 年”: a break beside the spaces around a number leaves them at the line's end (not
    drawn there), never at the start of the next line, where they would push it off the margin."""
    text = "截至 2022 年 12 月，全市共报送 1703.24 万件 " * 12
    for width in range(100, 181, 7):
        b = block(text)
        b.wrap(width, 10000)
        lines = line_texts(b)
        assert "".join(lines) == text
        assert not any(line.startswith(" ") for line in lines), (width, lines)
