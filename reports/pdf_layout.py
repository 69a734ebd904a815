"""Page layout of the printed report (GB/T 9704-2012): A4, margins, styles, landscape pages turned
for binding, and what every page carries — the page number at the outer edge and, on the signed
copy, a small footer line with the report's identity (cut with “…” to one line) and its content
fingerprint, and 草稿 on a draft. The public copy (公开版) carries the page number alone."""
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
# Wide tables: the portrait sheet turned a quarter to the right (its head toward the binding edge of
# an odd page), with the same margins and the same text block, 225 × 156 mm.
LANDSCAPE_FRAME = (35 * mm, 26 * mm, 225 * mm, 156 * mm)
FOOTER_BASELINE = (35 - 7) * mm - 5  # the page number's dashes 7 mm below the text block

BODY_SIZE, TITLE_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE = 16, 22, 10.5, 14
NOTE_SIZE = 8  # （续） under a cell named again, the footer's identity line


@dataclass(frozen=True)
class PageIdentity:
    department: str
    year: int
    fingerprint: str     # short form
    draft: bool
    version_label: str = ""  # e.g. 定稿 第 2 版
    public: bool = False     # 公开版: no identity, fingerprint or sign-off, only the page number


def styles(fonts) -> dict[str, ParagraphStyle]:
    body, heading, title = fonts.names["body"], fonts.names["heading"], fonts.names["title"]
    common = {"wordWrap": "CJK", "allowWidows": 0, "allowOrphans": 0}
    return {
        "title": ParagraphStyle("title", fontName=title, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.5,
                                alignment=TA_CENTER, spaceAfter=6, **common),
        "subtitle": ParagraphStyle("subtitle", fontName=body, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.8,
                                   alignment=TA_CENTER, spaceAfter=12, **common),
        "heading": ParagraphStyle("heading", fontName=heading, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.8,
                                  alignment=TA_LEFT, firstLineIndent=2 * BODY_SIZE, **common),
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
        "cell_note": ParagraphStyle("cell_note", fontName=body, fontSize=NOTE_SIZE, leading=NOTE_SIZE * 1.4,
                                    alignment=TA_LEFT, spaceBefore=1, **common),
        "cell_note_center": ParagraphStyle("cell_note_center", fontName=body, fontSize=NOTE_SIZE,
                                           leading=NOTE_SIZE * 1.4, alignment=TA_CENTER, spaceBefore=1, **common),
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
        self._left = identity.department
        self._year_part = f"　{identity.year} 年度整体支出绩效自评报告"
        self._fitted_texts: dict[tuple[float, float], str] = {}  # the header's left part, by width
        portrait = PageTemplate("portrait", [Frame(*PORTRAIT_FRAME, id="portrait", leftPadding=0,
                                                   rightPadding=0, topPadding=0, bottomPadding=0)],
                                pagesize=A4, onPage=self._decorate)
        wide = PageTemplate("landscape", [Frame(*LANDSCAPE_FRAME, id="landscape", leftPadding=0,
                                                rightPadding=0, topPadding=0, bottomPadding=0)],
                            pagesize=A4, onPage=self._decorate)
        # A landscape MediaBox shown turned (reportlab swaps the sizes it is given when it writes a
        # page with /Rotate 270): the page is a portrait sheet whose table's head is at its left edge.
        wide.rotation = 270
        self.addPageTemplates([portrait, wide])

    def _decorate(self, canvas, doc) -> None:
        wide = doc.pageTemplate.id == "landscape"
        width, height = landscape(A4) if wide else A4
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
        if wide:
            # A table turned on a portrait sheet (GB/T 9704-2012 10.1): its head toward the binding
            # edge of an odd page (the cut edge of an even one), the page shown that way, and the
            # footer drawn where a portrait page has it, in the sheet's own directions.
            canvas.translate(0, height)
            canvas.rotate(-90)
            width, height = height, width
        self._footer(canvas, doc.page, width)
        canvas.restoreState()

    def _footer(self, canvas, page: int, width: float) -> None:
        """The page number `— n —` in 四号 at the outer edge, one character in from the text block
        (right on odd pages, left on even ones) 7 mm below it; on the signed copy the report's identity
        and content fingerprint in small type on the same line, toward the binding."""
        identity = self.identity
        left, right = PORTRAIT_FRAME[0], PORTRAIT_FRAME[0] + PORTRAIT_FRAME[2]
        odd = page % 2 == 1
        canvas.setFillGray(0)
        number = f"— {page} —"
        if odd:
            number_width = self._draw_mixed(canvas, right - PAGE_NUMBER_SIZE, FOOTER_BASELINE, number,
                                            PAGE_NUMBER_SIZE, align_right=True)
        else:
            number_width = self._draw_mixed(canvas, left + PAGE_NUMBER_SIZE, FOOTER_BASELINE, number,
                                            PAGE_NUMBER_SIZE)
        if identity.public:
            return
        canvas.setFillGray(0.35)
        status = "草稿" if identity.draft else identity.version_label
        tail = f"{self._year_part}　{status + '　' if status else ''}内容指纹 {identity.fingerprint}"
        size = NOTE_SIZE
        room = PORTRAIT_FRAME[2] - PAGE_NUMBER_SIZE - number_width - 2 * PAGE_NUMBER_SIZE
        tail_width = sum(canvas.stringWidth(chunk, name, size) for name, chunk in self.fonts.runs(tail, "body"))
        line = self._left_part(size, room - tail_width) + tail
        if odd:
            self._draw_mixed(canvas, left, FOOTER_BASELINE, line, size)
        else:
            self._draw_mixed(canvas, right, FOOTER_BASELINE, line, size, align_right=True)

    def _left_part(self, size: float, room: float) -> str:
        """The department's name, or as much of it as fits in `room` points followed by “…”: the
        footer line is one line whatever the length of the name, and keeps the year and fingerprint.
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
