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
