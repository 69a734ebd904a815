"""Chinese line breaking for reportlab: no line starts with closing punctuation (，。；：、）》”！？ …) or a space,
no line ends with opening punctuation (（《“ …), a number is not cut in two, and neither is a unit
such as 万元 (so a heading's “（万元）” stays whole).

reportlab's own CJK splitters know only a few of these marks and let one hang past the margin; the
rules here move characters to the next line instead, so the text block is never exceeded. Used by
`reports.pdf_text`, which lays out every text of the printed report.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.rl_config import _FUZZ

CANNOT_START = set("，。；：、）》〉」』】〕］｝”’！？％…—·,.;:!?)]}>%‰")
CANNOT_END = set("（《〈「『【〔［｛“‘([{<")
MAX_MOVED = 16  # a longer run of Latin letters or digits is cut at the margin
UNBREAKABLE = {("万", "元"), ("千", "元"), ("亿", "元")}  # pairs never parted by a line break


def _in_word(text: str) -> bool:
    return len(text) == 1 and text.isascii() and (text.isalnum() or text in ".,%-/")


def _held(chars, i: int) -> bool:
    """Whether chars[i - 1] and chars[i] must stay on one line."""
    return (chars[i] in CANNOT_START or chars[i - 1] in CANNOT_END or (chars[i - 1], chars[i]) in UNBREAKABLE
            or (_in_word(chars[i - 1]) and _in_word(chars[i])))


def break_lines(chars: str | list[str], widths: list[float], max_widths: list[float], start: int = 0,
                end: int | None = None):
    """(start, end, width used, extra space, hard break) of each line of chars[start:end], positions
    in `chars`: the first line is at most max_widths[0] wide, the second max_widths[1] …, a line
    break ("\\n") ends a line after itself. Each character is looked at a bounded number of times
    (a line gives back at most MAX_MOVED), so the time grows with the length of the text."""
    end = len(chars) if end is None else end
    lines = []
    i, used = start, 0
    max_width = max_widths[0]
    while i < end:
        width = widths[i]
        i += 1
        used += width
        hard = chars[i - 1] == "\n"
        if not ((used > max_width + _FUZZ and used > 0) or hard):
            continue
        if not hard and i > start + 1:
            i -= 1                      # the overflowing character starts the next line ...
            used -= width
            overflow, overflow_used = i, used
            moved = 0                   # ... with whatever must not be parted from it
            while i > start + 1 and moved < MAX_MOVED and _held(chars, i):
                i -= 1
                moved += 1
                used -= widths[i]
            if _held(chars, i):
                # no allowed break within reach (a number or word longer than the line): cut it at the
                # margin, never one character a line
                i, used = overflow, overflow_used
            while i < end and chars[i] == " ":  # spaces at a break end the line (not drawn there), so
                used += widths[i]                # the next line never starts with one
                i += 1
        lines.append((start, i, used, max_width - used, hard))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start, used = i, 0
    if start < end:
        lines.append((start, end, used, max_width - used, False))
    return lines


@lru_cache(maxsize=65536)
def char_width(char: str, font_name: str, font_size: float) -> float:
    return stringWidth(char, font_name, font_size)
