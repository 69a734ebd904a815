"""Blocks of text in the printed report — narrative paragraphs, headings and table cells — broken
into lines by the Chinese rules of `kinsoku` and drawn straight onto the page, each character in a
font that has it.

reportlab's Paragraph parses markup and makes an object of every character before it can break a
line; a report of a hundred times the sample has a million characters in its tables, so the blocks
here keep the text as a string with its font runs and lay it out in one pass.

A block split across pages is a view of the same text: the parts share the text, the character
widths and the lines already broken, so a paragraph of any length is measured and broken once —
the time of a long paragraph grows with its length, not with its length times its pages.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.platypus.flowables import Flowable

from reports.kinsoku import break_lines, char_width

FUZZ = 1e-6
_WORD = re.compile(r"[!-~]+")  # a run of Latin letters, digits and their marks: 2,449.85 · 7*24 · ISO-9001


class _Source:
    """The text of a block and of every part split from it, with its font runs; the widths of its
    characters are measured once, when first asked for."""

    def __init__(self, runs: list[tuple[str, str]], size: float):
        self.text = "".join(text for _font, text in runs)
        self.size = size
        self.run_starts, self.run_fonts, position = [], [], 0
        for font, text in runs:
            if text:
                self.run_starts.append(position)
                self.run_fonts.append(font)
                position += len(text)
        self._widths: list[float] | None = None
        self.measured = 0  # characters measured: the test of linear time counts them

    def widths(self) -> list[float]:
        if self._widths is None:
            widths, size = [], self.size
            for font, piece in self.pieces(0, len(self.text)):
                known = {}  # one look-up per distinct character of a run
                for char in piece:
                    width = known.get(char)
                    if width is None:
                        width = known[char] = 0.0 if char == "\n" else char_width(char, font, size)
                    widths.append(width)
            self.measured += len(widths)
            self._widths = widths
        return self._widths

    def font_at(self, index: int) -> str:
        return self.run_fonts[max(bisect_right(self.run_starts, index) - 1, 0)]

    def pieces(self, start: int, end: int):
        """(font, text) of the characters start..end."""
        run = max(bisect_right(self.run_starts, start) - 1, 0)
        while start < end and run < len(self.run_starts):
            run_end = self.run_starts[run + 1] if run + 1 < len(self.run_starts) else len(self.text)
            yield self.run_fonts[run], self.text[start:min(end, run_end)]
            start, run = run_end, run + 1


class TextBlock(Flowable):
    """Text in runs of (font name, text) set in a ParagraphStyle's size, leading, alignment, left
    and first-line indent, spacing and keep-with-next. A line break is "\\n"."""

    def __init__(self, runs: list[tuple[str, str]], style, first_indent: float | None = None,
                 ends_paragraph: bool = True, *, _view=None):
        super().__init__()
        if _view is None:
            self.source = _Source(runs, style.fontSize)
            self.start, self.end = 0, len(self.source.text)
        else:
            self.source, self.start, self.end = _view
        self.style = style
        self.first_indent = style.firstLineIndent if first_indent is None else first_indent
        self.ends_paragraph = ends_paragraph  # False for the first part of a split: its last line is full
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        # The lines of the last wrap: _all[_low:_high] of (start, end, width used, ends with "\n"),
        # positions in the source's text; a split part shares the list of the block it came from.
        self._all: list[tuple[int, int, float, bool]] = []
        self._low = self._high = 0
        self._wrapped_for = None
        self.width = self.height = 0

    @property
    def text(self) -> str:
        return self.source.text[self.start:self.end]

    @property
    def lines(self) -> list[tuple[int, int, float, bool]]:
        """The lines of the last wrap, positions in this block's text."""
        return [(start - self.start, end - self.start, used, hard)
                for start, end, used, hard in self._all[self._low:self._high]]

    # -- what reportlab asks of a flowable ---------------------------------------------------
    def getPlainText(self) -> str:
        return self.text

    def minWidth(self) -> float:
        widths = self.source.widths()
        return (max(widths[self.start:self.end], default=0) + self.first_indent
                + self.style.leftIndent)

    def wrap(self, availWidth, availHeight):
        if self._wrapped_for != availWidth:
            room = availWidth - self.style.leftIndent
            lines = break_lines(self.source.text, self.source.widths(), [room - self.first_indent, room],
                                self.start, self.end)
            self._all = [(start, end, used, hard) for start, end, used, _extra, hard in lines]
            self._low, self._high = 0, len(self._all)
            self._wrapped_for = availWidth
        self.width = availWidth
        self.height = (self._high - self._low) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """[the lines that fit, the rest], [self] when all fit, or [] — in the order of reportlab's
        Paragraph.split, whose callers (frames, table cells split inside a row) rely on it. Like
        Paragraph, it splits the lines of the last wrap: a table splitting a cell passes the column's
        width here, but wrapped the text to the width inside the cell's padding."""
        if self._wrapped_for is None:
            self.wrap(availWidth, availHeight)
        fit, count = int((availHeight + FUZZ) // self.style.leading), self._high - self._low
        if fit <= 0 or (fit == 1 and not self.style.allowOrphans):
            return []  # no room, or one line alone at the foot of a page
        if count <= fit:
            return [self]
        if count == fit + 1 and not self.style.allowWidows:
            if count > 3 or (count == 3 and self.style.allowOrphans):
                fit -= 1  # never one line alone at the top of the next page
            else:
                return []
        middle = self._low + fit
        cut = self._all[middle][0]
        head = self._part(self.start, cut, self.first_indent, False, self._low, middle)
        # The rest's lines are those already broken: after the first line they had the full width,
        # and the rest has no first-line indent.
        tail = self._part(cut, self.end, 0, self.ends_paragraph, middle, self._high)
        head.spaceAfter = tail.spaceBefore = 0
        return [head, tail]

    def draw(self):
        if self._high == self._low:
            return
        style, size = self.style, self.style.fontSize
        text = self.canv.beginText()
        text.setFillColor(style.textColor)
        y = self.height - size  # the first baseline where reportlab's Paragraph puts it
        font_now, spacing_now, last = None, 0.0, self._high - self._low - 1
        for number, (start, end, used, hard) in enumerate(self._all[self._low:self._high]):
            end, used = self._without_trailing_space(start, end, used)
            x = self.style.leftIndent + (self.first_indent if number == 0 else 0.0)
            room = self.width - x
            pieces = None
            if style.alignment == TA_CENTER:
                x += (room - used) / 2
            elif style.alignment == TA_RIGHT:
                x += room - used
            elif style.alignment == TA_JUSTIFY and not hard and (number < last or not self.ends_paragraph):
                pieces = self._justified(start, end, room - used)  # 两端对齐
            text.setTextOrigin(x, y)
            for font, piece, spacing in pieces or ((f, p, 0.0) for f, p in self._segments(start, end)):
                if spacing != spacing_now:
                    text.setCharSpace(spacing)
                    spacing_now = spacing
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
        text = self.source.text
        while end > start and text[end - 1] in " \n\u3000":
            end -= 1
            char = text[end]
            if char != "\n":
                used -= char_width(char, self.source.font_at(end), self.style.fontSize)
        return end, used

    def _justified(self, start: int, end: int, extra: float) -> list[tuple[str, str, float]]:
        """(font, text, space after each character) of a justified line: the extra space goes into
        the gaps between Chinese characters and punctuation only, never inside a number or a Latin
        word (“2,449.85”, “7*24”) nor between one and its neighbours; a line without such a gap
        spreads its words apart instead, and a line of one word is not spread."""
        text = self.source.text[start:end].replace("\n", "")
        if len(text) < 2:
            return []
        # gap i lies after character i; it stays closed when either side belongs to a word
        closed = bytearray(len(text))
        closed[-1] = 1
        for word in _WORD.finditer(text):
            closed[max(word.start() - 1, 0):word.end()] = b"\1" * (word.end() - max(word.start() - 1, 0))
        open_gaps = closed.count(0)
        if not open_gaps:  # only words and the spaces between them: spread at the spaces
            closed = bytearray(0 if char == " " or (i + 1 < len(text) and text[i + 1] == " ") else 1
                               for i, char in enumerate(text))
            closed[-1] = 1
            open_gaps = closed.count(0)
            if not open_gaps:
                return []
        spacing = extra / open_gaps
        result, position = [], 0
        for font, piece in self._segments(start, end):
            begin = position
            position += len(piece)
            run_start = begin
            for index in range(begin + 1, position):
                if closed[index] != closed[index - 1]:
                    result.append((font, text[run_start:index], 0.0 if closed[index - 1] else spacing))
                    run_start = index
            result.append((font, text[run_start:position], 0.0 if closed[position - 1] else spacing))
        return result

    def _segments(self, start: int, end: int):
        """(font, text) of the characters start..end as drawn: without line breaks."""
        for font, piece in self.source.pieces(start, end):
            piece = piece.replace("\n", "")
            if piece:
                yield font, piece

    def _part(self, start: int, end: int, first_indent: float, ends_paragraph: bool,
              low: int, high: int) -> TextBlock:
        part = TextBlock([], self.style, first_indent, ends_paragraph, _view=(self.source, start, end))
        part._all, part._low, part._high, part._wrapped_for = self._all, low, high, self._wrapped_for
        return part
