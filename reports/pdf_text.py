"""Blocks of text in the printed report — narrative paragraphs, headings and table cells — broken
into lines by the Chinese rules of `kinsoku` and drawn straight onto the page, each character in a
font that has it.

reportlab's Paragraph parses markup and makes an object of every character before it can break a
line; a report of a hundred times the sample has a million characters in its tables, so the blocks
here keep the text as a string with its font runs and lay it out in one pass.
"""
from __future__ import annotations

from bisect import bisect_right

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.platypus.flowables import Flowable

from reports.kinsoku import break_lines, char_width

FUZZ = 1e-6


class TextBlock(Flowable):
    """Text in runs of (font name, text) set in a ParagraphStyle's size, leading, alignment, left
    and first-line indent, spacing and keep-with-next. A line break is "\\n"."""

    def __init__(self, runs: list[tuple[str, str]], style, first_indent: float | None = None,
                 ends_paragraph: bool = True):
        super().__init__()
        self.text = "".join(text for _font, text in runs)
        self.run_starts, self.run_fonts, position = [], [], 0
        for font, text in runs:
            if text:
                self.run_starts.append(position)
                self.run_fonts.append(font)
                position += len(text)
        self.style = style
        self.first_indent = style.firstLineIndent if first_indent is None else first_indent
        self.ends_paragraph = ends_paragraph  # False for the first part of a split: its last line is full
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.lines: list[tuple[int, int, float, bool]] = []  # start, end, width used, ends with "\n"
        self._wrapped_for = None
        self.width = self.height = 0

    # -- what reportlab asks of a flowable ---------------------------------------------------
    def getPlainText(self) -> str:
        return self.text

    def minWidth(self) -> float:
        return max(self._widths(), default=0) + self.first_indent + self.style.leftIndent

    def wrap(self, availWidth, availHeight):
        if self._wrapped_for != availWidth:
            breaks = {n for n, char in enumerate(self.text) if char == "\n"}
            room = availWidth - self.style.leftIndent
            lines = break_lines(self.text, self._widths(), [room - self.first_indent, room], breaks)
            self.lines = [(start, end, used, hard) for start, end, used, _extra, hard in lines]
            self._wrapped_for = availWidth
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """[the lines that fit, the rest], [self] when all fit, or [] — in the order of reportlab's
        Paragraph.split, whose callers (frames, table cells split inside a row) rely on it. Like
        Paragraph, it splits the lines of the last wrap: a table splitting a cell passes the column's
        width here, but wrapped the text to the width inside the cell's padding."""
        if self._wrapped_for is None:
            self.wrap(availWidth, availHeight)
        fit, count = int((availHeight + FUZZ) // self.style.leading), len(self.lines)
        if fit <= 0 or (fit == 1 and not self.style.allowOrphans):
            return []  # no room, or one line alone at the foot of a page
        if count <= fit:
            return [self]
        if count == fit + 1 and not self.style.allowWidows:
            if count > 3 or (count == 3 and self.style.allowOrphans):
                fit -= 1  # never one line alone at the top of the next page
            else:
                return []
        cut = self.lines[fit][0]
        head = self._part(0, cut, self.first_indent, ends_paragraph=False)
        tail = self._part(cut, len(self.text), 0, ends_paragraph=self.ends_paragraph)
        head.spaceAfter = tail.spaceBefore = 0
        return [head, tail]

    def draw(self):
        if not self.lines:
            return
        style, size = self.style, self.style.fontSize
        text = self.canv.beginText()
        text.setFillColor(style.textColor)
        y = self.height - size  # the first baseline where reportlab's Paragraph puts it
        font_now, spacing_now, last = None, 0.0, len(self.lines) - 1
        for number, (start, end, used, hard) in enumerate(self.lines):
            end, used = self._without_trailing_space(start, end, used)
            x = self.style.leftIndent + (self.first_indent if number == 0 else 0.0)
            room = self.width - x
            spacing = 0.0
            if style.alignment == TA_CENTER:
                x += (room - used) / 2
            elif style.alignment == TA_RIGHT:
                x += room - used
            elif style.alignment == TA_JUSTIFY and not hard and (number < last or not self.ends_paragraph):
                drawn = end - start
                spacing = (room - used) / (drawn - 1) if drawn > 1 else 0.0  # 两端对齐: even gaps
            text.setTextOrigin(x, y)
            if spacing != spacing_now:
                text.setCharSpace(spacing)
                spacing_now = spacing
            for font, piece in self._segments(start, end):
                if font != font_now:
                    text.setFont(font, size)
                    font_now = font
                text.textOut(piece)
            y -= style.leading
        self.canv.drawText(text)

    # -- inside ------------------------------------------------------------------------------
    def _without_trailing_space(self, start: int, end: int, used: float) -> tuple[int, float]:
        """A line's end and width without the spaces and break it ends with: they are not drawn, so
        a justified or right-aligned line ends with its last character at the margin."""
        while end > start and self.text[end - 1] in " \n\u3000":
            end -= 1
            char = self.text[end]
            if char != "\n":
                used -= char_width(char, self._font_at(end), self.style.fontSize)
        return end, used

    def _font_at(self, index: int) -> str:
        return self.run_fonts[max(bisect_right(self.run_starts, index) - 1, 0)]

    def _widths(self) -> list[float]:
        size, widths = self.style.fontSize, []
        for font, piece in self._pieces(0, len(self.text)):
            widths.extend(0.0 if char == "\n" else char_width(char, font, size) for char in piece)
        return widths

    def _segments(self, start: int, end: int):
        """(font, text) of the characters start..end as drawn: without line breaks."""
        for font, piece in self._pieces(start, end):
            piece = piece.replace("\n", "")
            if piece:
                yield font, piece

    def _pieces(self, start: int, end: int):
        """(font, text) of the characters start..end."""
        run = max(bisect_right(self.run_starts, start) - 1, 0)
        while start < end and run < len(self.run_starts):
            run_end = self.run_starts[run + 1] if run + 1 < len(self.run_starts) else len(self.text)
            yield self.run_fonts[run], self.text[start:min(end, run_end)]
            start, run = run_end, run + 1

    def _part(self, start: int, end: int, first_indent: float, ends_paragraph: bool) -> TextBlock:
        return TextBlock(list(self._pieces(start, end)), self.style, first_indent, ends_paragraph)
