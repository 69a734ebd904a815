"""The printed report as a PDF: the seed's order and wording, GB/T 9704 layout, embedded fonts.
Two copies: the signed copy for the file (存档签字版: sign-off block, identity and fingerprint in
the footer, 草稿 while the checks find errors) and the public copy for the website (公开版: no
sign-off block, names or telephone numbers, no identity or fingerprint; refused while the checks
find errors).

    render_pdf(report, "out.pdf", draft=True) -> PdfResult(pages, warnings, fingerprint)
    render_pdf(report, "public.pdf", public=True)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, Spacer, Table, TableStyle
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.errors import DomainError
from models.fields import REPORT_FIELDS, SIGNOFF_FIELDS
from models.fingerprint import short_fingerprint
from reports.atomic import atomic_output
from reports.fonts import FontSet, choose_fonts
from reports.pdf_long_table import WithTail
from reports.pdf_layout import LANDSCAPE_FRAME, PORTRAIT_FRAME, PageIdentity, ReportDocument, styles as make_styles
from reports import docx_labels as labels
from reports.form_cells import grade_line, is_wide
from reports.pdf_tables import budget_table, funding_table, goal_table, indicators_table, tasks_table
from reports.pdf_text import TextBlock
from reports.pdf_title import title_lines

SIGNOFF_VALUE_WIDTH = 43 * mm
MIN_SIGNOFF_SIZE = 9
SIGNOFF_LABELS = [(f.key, f.label) for f in SIGNOFF_FIELDS]
# A narrative line that opens with a second-level heading: “（一）工作目标。” — up to its first full stop.
SUBHEADING = re.compile(r"（[一二三四五六七八九十]+）[^。！？；]*[。！？；]?")
SUBHEADING_MAX = 40  # longer than this, the “heading” is a whole paragraph: printed as body text


@dataclass
class PdfResult:
    pages: int
    fingerprint: str
    warnings: list[str] = field(default_factory=list)


class _Writer:
    """Builds the story of one report."""

    def __init__(self, report, fonts: FontSet, public: bool = False):
        from models.forms import form_of
        from models.scoring import score_report

        self.report = report
        self.form = form_of(report)
        self.scores = score_report(report, self.form)
        self.wide = False  # on a turned (landscape) page
        self.last = ""     # the kind of the block before
        self.public = public
        self.fonts = fonts
        self.styles = make_styles(fonts)
        self.story = []

    def text(self, text: str, role: str, place: str, style: str) -> TextBlock:
        return TextBlock(self.fonts.runs(text, role, place), self.styles[style])

    def para(self, text: str, style: str, role: str = "body", place: str = "") -> None:
        self.story.append(self.text(text, role, place or style, style))

    def heading(self, text: str) -> None:
        """A heading on the page of its text's first two lines: a new page only when fewer fit (keeping
        it with the whole next paragraph left most of a page empty before a long one)."""
        self.story.append(CondPageBreak(3 * self.styles["heading"].leading + 1))
        self.para(text, "heading", "heading", text)

    def paragraphs(self, text: str, place: str, lead: str = "") -> None:
        """Each line of a narrative field as its own paragraph; `lead` (如“1. 机构设置。”) runs into the first."""
        lines = [line.strip() for line in text.split("\n") if line.strip()] or [""]
        for number, line in enumerate(lines):
            subheading = SUBHEADING.match(line)
            if subheading and len(subheading.group()) <= SUBHEADING_MAX:  # （一） headings in 楷体 (GB/T 9704 7.3.3)
                runs = (self.fonts.runs(subheading.group(), "kai", place)
                        + self.fonts.runs(line[subheading.end():], "body", place))
            else:
                runs = self.fonts.runs(line, "body", place)
            if number == 0 and lead:  # “1. 机构设置。”: the third level, in 仿宋 as the text (GB/T 9704 7.3.3)
                runs = self.fonts.runs(lead, "body", place) + runs
            self.story.append(TextBlock(runs, self.styles["body"]))

    def build(self) -> list:
        """The title, then the form's blocks in its order, then the sign-off (signed copy only)."""
        r = self.report
        self.title()
        self.para(f"（{r.year} 年度）", "subtitle")
        for block in self.form.blocks:
            getattr(self, f"block_{block.kind}")(block)
            self.last = block.kind
        if not self.public:  # names, telephone numbers and signatures are for the file, not the website
            self.story += [NextPageTemplate("portrait"), PageBreak()] if self.wide else [PageBreak()]
            self.wide = False
            self.signoff()
        return self.story

    # -- the blocks of a form (models/forms.py) --------------------------------------------------
    def place(self, wide: bool) -> None:
        """Before a table: a turned page for a table wider than the portrait text block (each on a
        page of its own), back to an upright page after one; an upright table on the page it
        follows when a fair part of it fits. A table after a funding block on a turned page goes on
        that page too (Sichuan prints 预算执行情况 and 绩效指标 as one sheet)."""
        follows_table = self.last in ("funding", "goal", "table")
        if wide and self.wide and self.last == "funding":
            self.story.append(CondPageBreak(60 * mm))
        elif wide:
            self.story += [NextPageTemplate("landscape"), PageBreak()] if not self.wide else [PageBreak()]
            follows_table = False
        elif self.wide:
            self.story += [NextPageTemplate("portrait"), PageBreak()]
            follows_table = False
        else:
            self.story.append(CondPageBreak(60 * mm))
        if follows_table:  # a little room between a table and the heading of the next
            self.story.append(Spacer(1, 4 * mm))
        self.wide = wide

    def upright(self) -> None:
        """Text after a turned table starts an upright page."""
        if self.wide:
            self.story += [NextPageTemplate("portrait"), PageBreak()]
            self.wide = False

    def frame_height(self) -> float:
        return (LANDSCAPE_FRAME if self.wide else PORTRAIT_FRAME)[3]

    def table_heading(self, block) -> None:
        if block.heading:
            self.heading(block.heading_for(self.report.amount_unit))
        self.story.append(Spacer(1, 2 * mm))

    def block_header(self, block) -> None:
        """一、预算部门名称：苏州市便民服务中心 — the label as a heading, the value in the body's face."""
        self.upright()
        for item in block.items:
            value = getattr(self.report, item.field, "")
            label = REPORT_FIELDS[item.field].label if item.field in REPORT_FIELDS else item.field
            self.story.append(TextBlock(self.fonts.runs(item.heading + "：", "heading", item.heading.split("、")[0])
                                        + self.fonts.runs(str(value), "body", label), self.styles["body"]))

    def block_narrative(self, block) -> None:
        """Section headings, then each text with its lead run in (1. 机构设置。) or on a line of its own."""
        self.upright()
        texts = {**self.report.narrative, **self.report.form_texts}
        for item in block.items:
            label = REPORT_FIELDS[item.field].label
            if item.section:
                self.heading(item.section + ("：" if item.field in labels.WITH_COLON else ""))
            if item.lead and item.field in labels.RUN_IN:
                self.paragraphs(texts.get(item.field, ""), label, item.lead + labels.RUN_IN[item.field])
                continue
            if item.lead:
                self.para(item.lead, "body", "body", label[:3])
            self.paragraphs(texts.get(item.field, ""), label)

    def block_funding(self, block) -> None:
        self.place(is_wide(block))
        self.table_heading(block)
        self.story.append(funding_table(self.report, self.form, block, self.fonts, self.styles, self.frame_height(),
                                        self.scores))

    def block_goal(self, block) -> None:
        self.place(is_wide(block))
        self.table_heading(block)
        self.story.append(goal_table(self.report, block, self.fonts, self.styles, self.frame_height()))

    def block_table(self, block) -> None:
        self.place(is_wide(block))
        self.table_heading(block)
        r, height = self.report, self.frame_height()
        if block.table == "budget":
            self.story.append(budget_table(r, self.fonts, self.styles, height, block.columns))
        elif block.table == "tasks":
            self.story.append(tasks_table(r, self.fonts, self.styles, height, block.columns))
        else:
            table = indicators_table(r, self.fonts, self.styles, height, block.columns, self.form)
            grade = grade_line(self.form, self.scores)
            if grade:  # 自评等级：优, under the 总分 row and on its page
                table = WithTail(table, [Spacer(1, 2 * mm), self.text(grade, "body", "自评等级", "body")])
            self.story.append(table)

    def block_note(self, block) -> None:
        """A form's note (说明：…) in the tables' type, under what it explains."""
        note = [Spacer(1, 2 * mm), self.text(block.text, "body", "说明", "cell")]
        if self.story and isinstance(self.story[-1], WithTail):
            self.story[-1].tail += note  # under the table it explains, on its page
        else:
            self.story += note

    def title(self) -> None:
        """The title in lines broken between words and balanced (GB/T 9704-2012 7.3.1)."""
        size = self.styles["title"].fontSize

        def width_of(text: str) -> float:
            return sum(stringWidth(part, font, size) for font, part in self.fonts.runs(text, "title"))
        lines = title_lines(self.report.title, width_of, PORTRAIT_FRAME[2], self.report.department)
        self.para("\n".join(lines), "title", "title", "报告标题")

    def fitting_text(self, text: str, width: float) -> TextBlock:
        """A sign-off value on one line: a name, a telephone number or a date that is wider than its
        space is set smaller (down to 9 pt) instead of breaking between its digits."""
        runs = self.fonts.runs(text, "body", "签字栏")
        style = self.styles["signoff"]
        wide = sum(stringWidth(part, font, style.fontSize) for font, part in runs)
        if wide > width:
            size = max(MIN_SIGNOFF_SIZE, style.fontSize * width / wide)
            style = ParagraphStyle(f"signoff_{size:.2f}", parent=style, fontSize=size, leading=size * 1.3)
        return TextBlock(runs, style)

    def signoff(self) -> None:
        """The sign-off block: each field with room for a handwritten signature, and a space for the seal."""
        self.heading("填报及审核")
        self.story.append(Spacer(1, 6 * mm))
        rows, lines = [], []
        labels_of = dict(SIGNOFF_LABELS)
        shown = [(key, labels_of[key]) for key in self.form.signoff if key in labels_of]  # as the form lists them
        for number, (field_name, label) in enumerate(shown):
            value = self.report.signoff.get(field_name, "")
            signature = field_name in ("preparer", "finance_head", "unit_head")
            rows.append([self.text(label + "：", "body", "签字栏", "signoff"),
                         self.fitting_text(value, SIGNOFF_VALUE_WIDTH - 4),
                         self.text("签字：" if signature else "", "body", "签字栏", "signoff"),
                         ""])
            lines.append(("LINEBELOW", (1, number), (1, number), 0.5, "black"))
            if signature:
                lines.append(("LINEBELOW", (3, number), (3, number), 0.5, "black"))
        # rows 17 mm apart for the handwriting; a value too long for its line still wraps and its row grows
        line_height = self.styles["signoff"].leading
        table = Table(rows, colWidths=[64 * mm, SIGNOFF_VALUE_WIDTH, 20 * mm, 29 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 17 * mm - line_height - 3),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                   ("FONTNAME", (0, 0), (-1, -1), self.fonts.names["body"]),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                                   *lines]))
        self.story.append(table)
        self.story.append(Spacer(1, 16 * mm))
        seal = Table([[self.text("（单位盖章）", "body", "签字栏", "cell_center")]],
                     colWidths=[50 * mm], rowHeights=[45 * mm])
        seal.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, "grey"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("FONTNAME", (0, 0), (-1, -1), self.fonts.names["body"])]))
        seal.hAlign = "RIGHT"
        self.story.append(seal)


def public_refusal(report) -> str | None:
    """Why the public copy cannot be made now (the checks find errors), or None."""
    from models.checks import ERROR, run_checks

    errors = [f for f in run_checks(report) if f.level == ERROR]
    if errors:
        return f"报告中有 {len(errors)} 处错误，不能导出公开版：公开的报告必须先改正全部错误"
    return None


def render_pdf(report, target: str | Path, draft: bool = False, chosen_fonts: dict | None = None,
               version_label: str = "", on_page=None, public: bool = False) -> PdfResult:
    """Write the report's PDF to `target` atomically; returns the page count and font warnings.
    `on_page(n)` is called as each page is laid out (for a progress display). `public`: the 公开版,
    refused (DomainError, nothing written) while the checks find errors."""
    if public:
        refusal = public_refusal(report)
        if refusal:
            raise DomainError(refusal)
        draft, version_label = False, ""
    fonts = choose_fonts(chosen_fonts)
    short = short_fingerprint(report)
    identity = PageIdentity(report.department, report.year, short, draft, version_label, public)
    story = _Writer(report, fonts, public).build()
    with atomic_output(target) as temporary:
        document = ReportDocument(str(temporary), identity, fonts, title=report.title,
                                  author=report.department, subject=f"{report.year} 年度", creator="绩效自评")
        if on_page is not None:
            document.setProgressCallBack(lambda kind, value: on_page(value) if kind == "PAGE" else None)
        document.build(story)
    return PdfResult(document.page, short, [w.message() for w in fonts.warnings])
