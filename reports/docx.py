"""The whole report as an editable Word document (.docx) in the official layout (GB/T 9704): the
PDF's order and wording (the blocks of the report's form), named styles, real tables, a table wider
than the portrait text block (八 and 九 of the Suzhou form) in a landscape section.

    render_docx(report, "out.docx", draft=True) -> DocxResult(fingerprint)
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timezone

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT as ALIGN, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from models.fields import BUDGET, TASKS
from models.fingerprint import short_fingerprint
from reports import docx_labels as labels, docx_tables as tables
from reports.atomic import atomic_output
from reports.docx_ooxml import add_page_field, set_fonts, set_line_grid, xml_safe
from reports.form_cells import funding_texts, grade_line, is_wide, joined_category_heading, total_row
from reports.docx_package import RowsLater
from reports.docx_styles import (
    BODY_FONT, HEADER_SIZE, KAI_FONT, LATIN, LINE_PITCH, PAGE_NUMBER_SIZE, STYLE_NAMES, TITLE_SIZE, define_styles)

# (width, height, top, right, bottom, left, header distance, footer distance) in mm
PORTRAIT = (210, 297, 37, 26, 35, 28, 18, 23)   # GB/T 9704: text block 156 × 225 mm
LANDSCAPE = (297, 210, 39, 25, 25, 25, 10, 8)   # as the PDF's landscape pages: 247 × 146 mm
LANDSCAPE_SCALE = 247 / 225                     # a turned table's widths: the PDF's text block to Word's


@dataclass
class DocxResult:
    fingerprint: str


class _Writer:
    def __init__(self, report, draft: bool, version_label: str):
        from models.forms import form_of
        from models.scoring import score_report

        self.report = replace(report, title=xml_safe(report.title), department=xml_safe(report.department),
                              narrative={key: xml_safe(text) for key, text in report.narrative.items()},
                              form_texts={key: xml_safe(text or "") for key, text in report.form_texts.items()})
        self.form = form_of(report)
        self.scores = score_report(report, self.form)
        self.wide = False      # in a landscape section
        self.last = ""         # the kind of the block before
        self.new_page = False  # the block being written starts a page
        self.document = Document()
        self.rows = RowsLater()
        define_styles(self.document)
        self.document.settings.odd_and_even_pages_header_footer = True
        status = "草稿" if draft else version_label
        self.fingerprint = short_fingerprint(report)
        self.identity = (f"{self.report.department}　{report.year} 年度整体支出绩效自评报告",
                         f"{status + '　' if status else ''}内容指纹 {self.fingerprint}")

    # -- pages ---------------------------------------------------------------------------------
    def page_setup(self, section, geometry, new_header: bool) -> None:
        width, height, top, right, bottom, left, header, footer = geometry
        section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.right_margin = Mm(top), Mm(right)
        section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
        section.header_distance, section.footer_distance = Mm(header), Mm(footer)
        section.gutter = Mm(0)
        set_line_grid(section._sectPr, LINE_PITCH)
        if new_header:  # the header's right part sits at the text block's right edge, which differs
            for header in (section.header, section.even_page_header):
                header.is_linked_to_previous = False
                self.fill_header(header.paragraphs[0], width - left - right)

    def fill_header(self, paragraph, width_mm: float) -> None:
        paragraph.style = "Header"
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
        left, right = self.identity
        room = width_mm * 72 / 25.4 - _width(right, HEADER_SIZE) - 2 * HEADER_SIZE
        paragraph.add_run(_fit(left, HEADER_SIZE, room) + "\t" + right)

    def footers(self, section) -> None:
        """`— n —`, 四号: odd pages at the right, even pages at the left, one character in."""
        for footer, alignment in ((section.footer, ALIGN.RIGHT), (section.even_page_footer, ALIGN.LEFT)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = "Footer"
            paragraph.alignment = alignment
            form = paragraph.paragraph_format
            form.right_indent = Pt(PAGE_NUMBER_SIZE) if alignment == ALIGN.RIGHT else None
            form.left_indent = Pt(PAGE_NUMBER_SIZE) if alignment == ALIGN.LEFT else None
            add_page_field(paragraph)

    def new_section(self, geometry, new_header: bool):
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        # the paragraph that ends the previous section: as low as possible, so it never makes a page
        ending = Paragraph(self.document.element.body[-2], self.document._body)
        ending.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        ending.paragraph_format.line_spacing = Pt(1)
        self.page_setup(section, geometry, new_header)
        return section

    # -- text ----------------------------------------------------------------------------------
    def title(self) -> None:
        """The title in lines broken between words and balanced, as the PDF sets it (GB/T 9704-2012
        7.3.1): a line break (not a new paragraph) between them, so it stays one heading."""
        from reports.pdf_title import title_lines

        width, _height, _top, right, _bottom, left, _header, _footer = PORTRAIT
        room = (width - left - right) * 72 / 25.4 - 4  # a little under the text block: never wrapped again
        lines = title_lines(self.report.title, lambda text: _width(text, TITLE_SIZE), room, self.report.department)
        paragraph = self.document.add_paragraph(style="Title")
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            if number < len(lines) - 1:
                run.add_break()

    def heading(self, text: str, level: int = 1):
        return self.document.add_paragraph(text, f"Heading {level}")

    def paragraphs(self, text: str, lead: str = "") -> None:
        """Each line of a narrative field as its own paragraph; `lead` (如“1. 机构设置。”) run in, and
        a line's opening “（一）…。” in 楷体 as the PDF prints it (GB/T 9704 7.3.3, the PDF's rule)."""
        from reports.pdf import SUBHEADING, SUBHEADING_MAX

        lines = [line.strip() for line in text.split("\n") if line.strip()] or [""]
        for number, line in enumerate(lines):
            paragraph = self.document.add_paragraph(style="Normal")
            if number == 0 and lead:
                paragraph.add_run(lead, "段首标题")
            subheading = SUBHEADING.match(line)
            if subheading and len(subheading.group()) <= SUBHEADING_MAX:
                _fonts(paragraph.add_run(subheading.group()), KAI_FONT, KAI_FONT)
                line = line[subheading.end():]
            if line:
                paragraph.add_run(line)

    def table(self, table) -> None:
        self.document.element.body._insert_tbl(self.rows.table(*table))

    def build(self):
        r = self.report
        self.page_setup(self.document.sections[0], PORTRAIT, True)
        self.footers(self.document.sections[0])
        self.title()
        self.document.add_paragraph(f"（{r.year} 年度）", "Subtitle")
        for block in self.form.blocks:
            getattr(self, f"block_{block.kind}")(block)
            self.last = block.kind
        if self.wide:
            self.new_section(PORTRAIT, True)
            self.signoff()
        else:
            self.signoff(new_page=True)
        properties = self.document.core_properties
        properties.title, properties.author, properties.subject = r.title, r.department, f"{r.year} 年度"
        properties.comments, properties.last_modified_by, properties.revision = "", "绩效自评", 1
        changed = r.updated_at.astimezone(timezone.utc)  # stored as local time; the file keeps UTC
        properties.created = properties.modified = changed  # when the content last changed
        package = self.document.part.package
        for key, relation in list(package.rels.items()):
            if relation.reltype == RT.THUMBNAIL:  # python-docx's template's picture of another document
                del package.rels[key]
        return self.document

    # -- the blocks of a form (models/forms.py), as the PDF lays them out ------------------------
    def place(self, wide: bool) -> None:
        """Before a table: a landscape section for a table wider than the portrait text block (each
        on a page of its own, except a table after a funding block), back to portrait after one."""
        if wide and self.wide and self.last == "funding":
            return
        if wide:
            self.new_section(LANDSCAPE, not self.wide)
        elif self.wide:
            self.new_section(PORTRAIT, True)
        self.wide = wide

    def upright(self) -> None:
        if self.wide:
            self.new_section(PORTRAIT, True)
            self.wide = False

    def text_height(self) -> float:
        return _text_height(LANDSCAPE if self.wide else PORTRAIT)

    def widths(self, widths_mm, wide: bool) -> list[float]:
        """A table's widths in mm: as the form sets them on a portrait page; on a landscape page
        scaled from the PDF's turned text block (225 mm) to this one's (247 mm)."""
        widths = [float(width) for width in widths_mm]
        return [width * LANDSCAPE_SCALE for width in widths] if wide else widths

    def block_header(self, block) -> None:
        self.upright()
        for item in block.items:
            paragraph = self.heading(item.heading + "：")
            # the value in the body's 仿宋 as a run's own font: a character style alone leaves it in
            # the heading's 黑体 in some readers
            _fonts(paragraph.add_run(str(getattr(self.report, item.field, "")), "正文文字"), BODY_FONT, LATIN)

    def block_narrative(self, block) -> None:
        self.upright()
        texts = {**self.report.narrative, **self.report.form_texts}
        for item in block.items:
            if item.section:
                self.heading(item.section + ("：" if item.field in labels.WITH_COLON else ""))
            text = texts.get(item.field, "") or ""
            if item.lead and item.field in labels.RUN_IN:
                self.paragraphs(text, item.lead + labels.RUN_IN[item.field])
                continue
            if item.lead:
                self.heading(item.lead, 3)  # “1. 绩效自评结果拟应用”: the third level
            self.paragraphs(text)

    def table_heading(self, block) -> None:
        if block.heading:
            heading = self.heading(block.heading_for(self.report.amount_unit))
            if self.last in ("funding", "goal", "table") and not self.new_page:
                heading.paragraph_format.space_before = Mm(4)

    def block_funding(self, block) -> None:
        wide = is_wide(block)
        self.new_page = wide != self.wide or wide
        self.place(wide)
        self.table_heading(block)
        unit = self.report.amount_unit
        headers = [block.label_heading.replace("{unit}", unit)] + [c.heading_for(unit) for c in block.columns]
        widths = self.widths([block.label_width, *(c.width for c in block.columns)], wide)
        rows = funding_texts(self.report, self.form, block, self.scores)
        self.table(tables.funding_table(headers, rows, [c.field for c in block.columns], widths, self.text_height()))

    def block_goal(self, block) -> None:
        wide = is_wide(block)
        self.new_page = wide != self.wide or wide
        self.place(wide)
        self.table_heading(block)
        texts = {**self.report.narrative, **self.report.form_texts}
        headers = [c.heading_for(self.report.amount_unit) for c in block.columns]
        self.table(tables.goal_table(headers, [texts.get(c.field, "") or "" for c in block.columns],
                                     self.widths([c.width for c in block.columns], wide), self.text_height()))

    def block_table(self, block) -> None:
        wide = is_wide(block)
        self.new_page = (wide != self.wide or wide) and not (wide and self.wide and self.last == "funding")
        self.place(wide)
        self.table_heading(block)
        r, unit, columns = self.report, self.report.amount_unit, block.columns
        fields = [c.field for c in columns]
        headers = [c.heading_for(unit) for c in columns]
        widths = tables.WORD_WIDTHS.get((block.table, tuple(float(c.width) for c in columns)))
        widths = widths or self.widths([c.width for c in columns], wide)
        if block.table == BUDGET:
            self.table(tables.budget_table(r, headers, self.text_height(), widths, fields))
        elif block.table == TASKS:
            self.table(tables.tasks_table(r, headers, self.text_height(), widths, fields))
        else:
            joined = joined_category_heading(columns)
            if joined is not None:
                del headers[joined + 1]
            self.table(tables.indicators_table(r, headers, self.text_height(), widths, fields, joined, self.scores,
                                               total_row(self.form, columns, self.scores)))
            grade = grade_line(self.form, self.scores)
            if grade:  # 自评等级：优, under the 总分 row
                paragraph = self.document.add_paragraph(grade, style="Normal")
                paragraph.paragraph_format.space_before = Mm(2)

    def block_note(self, block) -> None:
        """A form's note (说明：…) in the tables' type, under what it explains."""
        paragraph = self.document.add_paragraph(xml_safe(block.text), style=STYLE_NAMES["TableText"])
        paragraph.paragraph_format.space_before = Mm(2)

    def signoff(self, new_page: bool = False) -> None:
        heading = self.heading(labels.SIGNOFF_HEADING)
        if new_page:
            heading.paragraph_format.page_break_before = True
        heading.paragraph_format.space_after = Mm(6)
        self.table(tables.signoff_table(labels.signoff_rows(self.report.signoff, self.form.signoff)))
        spacer = self.document.add_paragraph(style="Normal")
        spacer.paragraph_format.line_spacing = Mm(16)
        self.table(tables.seal_box(labels.SEAL))


def _fonts(run, east_asia: str, latin: str):
    """`run` set in these fonts whatever its paragraph's style."""
    set_fonts(run._r.get_or_add_rPr(), east_asia, latin)
    return run


def _text_height(geometry) -> float:
    """The height of a page's text block in mm."""
    return geometry[1] - geometry[2] - geometry[4]


def _width(text: str, size: float) -> float:
    return sum(size if ord(char) >= 0x2E80 else size * 0.55 for char in text)


def _fit(text: str, size: float, room: float) -> str:
    """`text`, or as much of it as fits in `room` points followed by “…”: the header stays one line
    whatever the length of the department's name."""
    if _width(text, size) <= room:
        return text
    used, cut = size, 0  # the “…” takes a character's width
    for cut, char in enumerate(text):
        used += _width(char, size)
        if used > room:
            break
    return text[:cut].rstrip() + "…"


def render_docx(report, target, draft: bool = False, version_label: str = "") -> DocxResult:
    """Write the report's Word document to `target` atomically."""
    writer = _Writer(report, draft, version_label)
    document = writer.build()
    with atomic_output(target) as temporary:
        writer.rows.save(document, temporary)
    return DocxResult(writer.fingerprint)
