"""Page layout of the printed report (GB/T 9704-2012): A4, margins, styles, and what every page
carries — the report's identity (cut with “…” to one line), its content fingerprint, the page number
and, for a draft, 草稿."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from reports.kinsoku import char_width

# GB/T 9704: top margin 37 mm, left 28 mm, text block 156 × 225 mm.
PORTRAIT_FRAME = (28 * mm, (297 - 37 - 225) * mm, 156 * mm, 225 * mm)
# Wide tables: A4 landscape with the same margins turned (text block 247 × 146 mm).
LANDSCAPE_FRAME = (25 * mm, 25 * mm, 247 * mm, 146 * mm)

BODY_SIZE, TITLE_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE = 16, 22, 10.5, 14


@dataclass(frozen=True)
class PageIdentity:
    department: str
    year: int
    fingerprint: str     # short form
    draft: bool
    version_label: str = ""  # e.g. 定稿 第 2 版


def styles(fonts) -> dict[str, ParagraphStyle]:
    body, heading, title = fonts.names["body"], fonts.names["heading"], fonts.names["title"]
    common = {"wordWrap": "CJK", "allowWidows": 0, "allowOrphans": 0}
    return {
        "title": ParagraphStyle("title", fontName=title, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.5,
                                alignment=TA_CENTER, spaceAfter=6, **common),
        "subtitle": ParagraphStyle("subtitle", fontName=body, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.8,
                                   alignment=TA_CENTER, spaceAfter=12, **common),
        "heading": ParagraphStyle("heading", fontName=heading, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.8,
                                  alignment=TA_LEFT, firstLineIndent=2 * BODY_SIZE, keepWithNext=1, **common),
        "body": ParagraphStyle("body", fontName=body, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.8,
                               alignment=TA_JUSTIFY, firstLineIndent=2 * BODY_SIZE, **common),
        "cell": ParagraphStyle("cell", fontName=body, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.35,
                               alignment=TA_LEFT, **common),
        "cell_center": ParagraphStyle("cell_center", fontName=body, fontSize=TABLE_SIZE,
                                      leading=TABLE_SIZE * 1.35, alignment=TA_CENTER, **common),
        "cell_number": ParagraphStyle("cell_number", fontName=body, fontSize=TABLE_SIZE,
                                      leading=TABLE_SIZE * 1.35, alignment=TA_RIGHT, **common),
        "cell_head": ParagraphStyle("cell_head", fontName=heading, fontSize=TABLE_SIZE,
                                    leading=TABLE_SIZE * 1.35, alignment=TA_CENTER, **common),
        "cell_head_right": ParagraphStyle("cell_head_right", fontName=heading, fontSize=TABLE_SIZE,
                                          leading=TABLE_SIZE * 1.35, alignment=TA_RIGHT, **common),
        "cell_head_left": ParagraphStyle("cell_head_left", fontName=heading, fontSize=TABLE_SIZE,
                                         leading=TABLE_SIZE * 1.35, alignment=TA_LEFT, **common),
        "signoff": ParagraphStyle("signoff", fontName=body, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.3,
                                  alignment=TA_LEFT, **common),
    }


class ReportDocument(BaseDocTemplate):
    """Portrait pages for text and narrow tables, landscape pages for wide tables."""

    def __init__(self, filename, identity: PageIdentity, fonts, **kwargs):
        super().__init__(filename, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                         bottomMargin=35 * mm, initialFontName=fonts.names["body"], **kwargs)
        self.identity = identity
        self.fonts = fonts
        self._left = f"{identity.department}　{identity.year} 年度整体支出绩效自评报告"
        self._fitted_texts: dict[tuple[float, float], str] = {}  # the header's left part, by width
        portrait = PageTemplate("portrait", [Frame(*PORTRAIT_FRAME, id="portrait", leftPadding=0,
                                                   rightPadding=0, topPadding=0, bottomPadding=0)],
                                pagesize=A4, onPage=self._decorate)
        wide = PageTemplate("landscape", [Frame(*LANDSCAPE_FRAME, id="landscape", leftPadding=0,
                                                rightPadding=0, topPadding=0, bottomPadding=0)],
                            pagesize=landscape(A4), onPage=self._decorate)
        self.addPageTemplates([portrait, wide])

    def _decorate(self, canvas, doc) -> None:
        width, height = canvas._pagesize
        identity = self.identity
        canvas.saveState()
        if identity.draft:
            canvas.setFillGray(0.85)
            canvas.setFont(self.fonts.names["heading"], 96)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, -30, "草 稿")
            canvas.rotate(-35)
            canvas.translate(-width / 2, -height / 2)
        # identity line above the text block, in small type
        canvas.setFillGray(0.35)
        status = "草稿" if identity.draft else identity.version_label
        right = f"{status + '　' if status else ''}内容指纹 {identity.fingerprint}"
        top = height - (14 * mm if width > height else 22 * mm)
        margin = 25 * mm if width > height else 28 * mm
        right_width = self._draw_mixed(canvas, width - margin, top, right, 9, align_right=True)
        room = width - 2 * margin - right_width - 2 * 9  # two characters between left and right
        self._draw_mixed(canvas, margin, top, self._left_part(9, room), 9)
        # page number — n — below the text block
        canvas.setFillGray(0)
        bottom = 12 * mm if width > height else 35 * mm - 10 * mm
        self._draw_mixed(canvas, width / 2, bottom, f"— {doc.page} —", 14, centred=True)
        canvas.restoreState()

    def _left_part(self, size: float, room: float) -> str:
        """The header's left part (department and year), or as much of it as fits in `room` points
        followed by “…”: the page header is one line whatever the length of the department's name.
        Measures only what fits, once per page width."""
        key, text = (size, room), self._left
        if key not in self._fitted_texts:
            ellipsis = char_width("…", self.fonts.font_for("…", "body") or self.fonts.names["body"], size)
            used, cut = 0.0, None
            for index, char in enumerate(text):
                used += char_width(char, self.fonts.font_for(char, "body") or self.fonts.names["body"], size)
                if cut is None and used > room - ellipsis:
                    cut = index  # where the “…” goes if the whole text does not fit
                if used > room:
                    break
            else:
                cut = None
            self._fitted_texts[key] = text if cut is None else text[:cut].rstrip() + "…"
        return self._fitted_texts[key]

    def _draw_mixed(self, canvas, x, y, text, size, align_right=False, centred=False) -> float:
        """Draw one line, each character in a font that has it (what it lacks is reported where the
        text stands in the report); returns its width."""
        runs = self.fonts.runs(text, "body")
        total = sum(canvas.stringWidth(chunk, name, size) for name, chunk in runs)
        start = x - total if align_right else (x - total / 2 if centred else x)
        for name, chunk in runs:
            canvas.setFont(name, size)
            canvas.drawString(start, y, chunk)
            start += canvas.stringWidth(chunk, name, size)
        return total
