"""The raw OOXML the Word export needs where python-docx has no API: East Asian fonts and their
fall-backs, the PAGE field, the section's line grid, a table row's repeat-header and keep-together
flags, and the escaping of text for XML written by hand."""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

# Font name → what Word and WPS take when the machine lacks it (fontTable's w:altName), its panose
# and charset 86 (GB2312), so the substitute is a Chinese face of the same kind.
FALLBACKS = {
    "仿宋_GB2312": ("仿宋", "02010609030101010101"),
    "楷体_GB2312": ("楷体", "02010609030101010101"),
    "方正小标宋简体": ("黑体", "02000000000000000000"),
    "仿宋": ("FangSong", "02010609060101010101"),
    "楷体": ("KaiTi", "02010609060101010101"),
    "黑体": ("SimHei", "02010609060101010101"),
    "宋体": ("SimSun", "02010600030101010101"),
}

_NOT_XML = re.compile("[^\u0009\u000a\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAB = "\t"


def set_fonts(rpr, east_asia: str, latin: str) -> None:
    """Chinese text in `east_asia`, digits and Latin letters in `latin`; quotes and other characters
    Word could take either way count as Chinese (w:hint). Replaces theme fonts. `rpr` is a style's or
    a run's (there after the run's w:rStyle, as the schema orders them)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" '
                      f'w:cs="{latin}" w:hint="eastAsia"/>')
    run_style = rpr.find(qn("w:rStyle"))
    if run_style is not None:
        run_style.addnext(fonts)
    else:
        rpr.insert(0, fonts)


def set_language(rpr) -> None:
    """Chinese as the East Asian language (Word then lays out “”《》 as Chinese punctuation)."""
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))


def declare_fallbacks(font_table_part, names) -> None:
    """Add each font of `names` to word/fontTable.xml with its fall-back (w:altName), unless there."""
    from lxml import etree

    root = etree.fromstring(font_table_part.blob)
    present = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
    for name in names:
        if name in present or name not in FALLBACKS:
            continue
        alternative, panose = FALLBACKS[name]
        root.append(etree.fromstring(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
            f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/><w:family w:val="modern"/>'
            f'<w:pitch w:val="fixed"/></w:font>'))
    font_table_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_page_field(paragraph) -> None:
    """`— n —` with n Word's PAGE field (computed by the reader, so every page shows its own number)."""
    p = paragraph._p
    p.append(run_xml("— "))
    for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r {ns}><w:t>1</w:t></w:r>',
                '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
        p.append(parse_xml(xml.format(ns=nsdecls("w"))))
    p.append(run_xml(" —"))


def run_xml(text: str):
    return parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>')


def set_line_grid(sect_pr, pitch_twips: int) -> None:
    """The section's document grid: lines `pitch_twips` apart (GB/T 9704: 22 lines a page)."""
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    sect_pr.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" w:linePitch="{pitch_twips}"/>'))


def set_outline_level(ppr, level: int) -> None:
    """A heading's level in Word's navigation pane (0 for 标题 1)."""
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    ppr.insert_element_before(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>'),
                              "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def off_grid(ppr) -> None:
    """Lines at the paragraph's own spacing, not snapped to the section's line grid (tables, title,
    page header and footer: LibreOffice would put every table line on a 28.95 pt grid line)."""
    if ppr.find(qn("w:snapToGrid")) is None:
        ppr.insert_element_before(parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'),
                                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                                  "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                                  "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                                  "w:sectPr", "w:pPrChange")


def no_hanging_punctuation(ppr) -> None:
    """Punctuation stays inside the text block (Word and Writer would let “，。” hang in the right
    margin); a line that cannot end in it is broken before, as the PDF breaks it."""
    if ppr.find(qn("w:overflowPunct")) is None:
        ppr.insert_element_before(parse_xml(f'<w:overflowPunct {nsdecls("w")} w:val="0"/>'),
                                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                                  "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                                  "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                                  "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                                  "w:sectPr", "w:pPrChange")


def clear_properties(style) -> None:
    """Drop a built-in style's paragraph and run properties (theme fonts, colours, borders), so the
    report's own are the only ones."""
    for tag in ("w:pPr", "w:rPr"):
        for old in style.element.findall(qn(tag)):
            style.element.remove(old)


def xml_safe(text: str) -> str:
    """The text without characters XML cannot hold (a hand-edited file may have kept some)."""
    return _NOT_XML.sub("", text)


def xml_text(text: str) -> str:
    """Text for a w:t element: escaped, without characters XML cannot hold."""
    return escape(_NOT_XML.sub("", text))


def runs_xml(text: str, run_properties: str = "") -> str:
    """One line of text as w:r elements (a tab as w:tab)."""
    rpr = f"<w:rPr>{run_properties}</w:rPr>" if run_properties else ""
    if _TAB not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>' if text else ""
    parts = text.split("\t")
    inner = '<w:tab/>'.join(f'<w:t xml:space="preserve">{xml_text(part)}</w:t>' if part else "" for part in parts)
    return f"<w:r>{rpr}{inner}</w:r>"


ROW_HEADER = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"   # repeated at the top of every page
ROW_WHOLE = "<w:trPr><w:cantSplit/></w:trPr>"                   # moved to the next page whole
