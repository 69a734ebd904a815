"""The Word export's named styles (GB/T 9704): a reviewer restyles the whole document by changing one.

Word's own styles are used where they exist — Normal, Title, Subtitle, heading 1/2/3, header, footer
show as 正文, 标题, 副标题, 标题 1, 标题 2, 标题 3, 页眉, 页脚 in a Chinese Word or WPS, and headings keep
their place in the navigation pane; the table and sign-off styles are the report's own (表格文字…).
The levels as GB/T 9704 sets them: 一、 黑体 (标题 1), （一） 楷体 (标题 2), 1. 仿宋 (标题 3).
"""
from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT as ALIGN
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from reports.docx_ooxml import (
    clear_properties, declare_fallbacks, no_hanging_punctuation, off_grid, set_fonts, set_language, set_outline_level)

BODY_FONT, HEADING_FONT, KAI_FONT, TITLE_FONT = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"
NUMBER_FONT = "宋体"          # page numbers: 四号半角宋体
LATIN = "Times New Roman"     # digits and Latin letters of the body and tables
BODY_SIZE, TITLE_SIZE, TABLE_SIZE, HEADER_SIZE, PAGE_NUMBER_SIZE = 16, 22, 10.5, 9, 14
LINE_PITCH = 579              # twips: 22 lines in the 225 mm text block
TABLE_LEADING = Pt(TABLE_SIZE * 1.35)

# id → (name shown, kind, based on, font, latin font, size, alignment)
_OWN = {
    "TableText": ("表格文字", WD_STYLE_TYPE.PARAGRAPH, None, BODY_FONT, LATIN, TABLE_SIZE, ALIGN.LEFT),
    "TableTextCentered": ("表格文字居中", WD_STYLE_TYPE.PARAGRAPH, "TableText", None, None, None, ALIGN.CENTER),
    "TableNumber": ("表格数字", WD_STYLE_TYPE.PARAGRAPH, "TableText", None, None, None, ALIGN.RIGHT),
    "TableHead": ("表格表头", WD_STYLE_TYPE.PARAGRAPH, "TableText", HEADING_FONT, HEADING_FONT, None, ALIGN.CENTER),
    "TableSum": ("表格汇总行", WD_STYLE_TYPE.PARAGRAPH, "TableText", HEADING_FONT, HEADING_FONT, None, None),
    "SignOff": ("签字栏", WD_STYLE_TYPE.PARAGRAPH, None, BODY_FONT, LATIN, BODY_SIZE, ALIGN.LEFT),
    "RunInHead": ("段首标题", WD_STYLE_TYPE.CHARACTER, None, BODY_FONT, LATIN, None, None),  # “1.” level: 仿宋
    "BodyRun": ("正文文字", WD_STYLE_TYPE.CHARACTER, None, BODY_FONT, LATIN, None, None),
}
STYLE_NAMES = {key: value[0] for key, value in _OWN.items()}


def _fonts(style, east_asia: str, latin: str) -> None:
    set_fonts(style.element.get_or_add_rPr(), east_asia, latin)


def _paragraph(style, size, alignment, line: Pt | None, first_line: Pt | None = None, before=0, after=0,
               keep_with_next=False) -> None:
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    form = style.paragraph_format
    form.alignment = alignment
    if line is not None:
        form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        form.line_spacing = line
    form.first_line_indent = first_line
    form.left_indent = Pt(0)
    form.space_before, form.space_after = Pt(before), Pt(after)
    form.widow_control = False  # lines stay on the grid: no line is moved to make a page shorter
    form.keep_with_next = keep_with_next


def define_styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(run_defaults, BODY_FONT, LATIN)
    set_language(run_defaults)
    paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    no_hanging_punctuation(paragraph_defaults)
    spacing = paragraph_defaults.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    pitch = Twips(LINE_PITCH)
    built_in = {  # style: (font, latin, size, alignment, exact line, first-line indent, after, keep, outline)
        "Normal": (BODY_FONT, LATIN, BODY_SIZE, ALIGN.JUSTIFY, pitch, Pt(2 * BODY_SIZE), 0, False, None),
        "Title": (TITLE_FONT, TITLE_FONT, TITLE_SIZE, ALIGN.CENTER, Pt(TITLE_SIZE * 1.5), Pt(0), 6, True, None),
        "Subtitle": (BODY_FONT, LATIN, BODY_SIZE, ALIGN.CENTER, pitch, Pt(0), 12, True, None),
        "Heading 1": (HEADING_FONT, HEADING_FONT, BODY_SIZE, ALIGN.LEFT, pitch, Pt(2 * BODY_SIZE), 0, True, 0),
        "Heading 2": (KAI_FONT, KAI_FONT, BODY_SIZE, ALIGN.LEFT, pitch, Pt(2 * BODY_SIZE), 0, True, 1),
        "Heading 3": (BODY_FONT, LATIN, BODY_SIZE, ALIGN.LEFT, pitch, Pt(2 * BODY_SIZE), 0, True, 2),
        "Header": (BODY_FONT, LATIN, HEADER_SIZE, ALIGN.LEFT, Pt(HEADER_SIZE * 1.3), Pt(0), 0, False, None),
        "Footer": (NUMBER_FONT, NUMBER_FONT, PAGE_NUMBER_SIZE, ALIGN.RIGHT, Pt(PAGE_NUMBER_SIZE * 1.3), Pt(0), 0, False, None),
    }
    for name, (font, latin, size, alignment, line, first, after, keep, outline) in built_in.items():
        style = styles[name]
        clear_properties(style)
        if name != "Normal":
            style.base_style = styles["Normal"]
        _fonts(style, font, latin)
        _paragraph(style, size, alignment, line, first, after=after, keep_with_next=keep)
        if name == "Normal":  # Writer reads this from the style, not from the document's defaults
            no_hanging_punctuation(style.element.get_or_add_pPr())
        if name in ("Title", "Header", "Footer"):
            off_grid(style.element.get_or_add_pPr())
        if outline is not None:
            set_outline_level(style.element.get_or_add_pPr(), outline)
            style.next_paragraph_style = styles["Normal"]
    styles["Header"].font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    for style_id, (name, kind, base, font, latin, size, alignment) in _OWN.items():
        style = styles.add_style(name, kind)
        style.element.set(qn("w:styleId"), style_id)  # plain ids; the name is what Word shows
        style.base_style = styles[_OWN[base][0]] if base else (
            styles["Normal"] if kind == WD_STYLE_TYPE.PARAGRAPH else None)
        style.quick_style = True
        if font:
            _fonts(style, font, latin)
        if size:
            style.font.size = Pt(size)
        if kind == WD_STYLE_TYPE.PARAGRAPH and base is None:
            leading = TABLE_LEADING if size == TABLE_SIZE else Pt(size * 1.3)
            _paragraph(style, size, alignment, leading, Pt(0))
            off_grid(style.element.get_or_add_pPr())
        elif alignment is not None:
            style.paragraph_format.alignment = alignment
    declare_fallbacks(_font_table(document), (BODY_FONT, HEADING_FONT, KAI_FONT, TITLE_FONT, NUMBER_FONT))


def _font_table(document):
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            return rel.target_part
    raise LookupError("word/fontTable.xml")
