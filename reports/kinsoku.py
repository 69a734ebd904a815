"""Chinese line breaking for reportlab: no line starts with closing punctuation (，。；：、）》”！？ …),
no line ends with opening punctuation (（《“ …), and a number is not cut in two.

reportlab's own CJK splitters know only a few of these marks and let one hang past the margin.
`install()` replaces both (the one for paragraphs of one font and the one for mixed fonts) with the
same rules, applied by moving characters to the next line so the text block is never exceeded.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.rl_config import _FUZZ

CANNOT_START = set("，。；：、）》〉」』】〕］｝”’！？％…—·,.;:!?)]}>%‰")
CANNOT_END = set("（《〈「『【〔［｛“‘([{<")
MAX_MOVED = 16  # a longer run of Latin letters or digits may be cut


def _in_word(text: str) -> bool:
    return len(text) == 1 and text.isascii() and (text.isalnum() or text in ".,%-/")


def break_lines(chars: list[str], widths: list[float], max_widths: list[float], hard_breaks=frozenset()):
    """(start, end, width used, extra space, hard break) of each line."""
    lines = []
    i = used = start = 0
    max_width = max_widths[0]
    while i < len(chars):
        width = widths[i]
        i += 1
        used += width
        hard = (i - 1) in hard_breaks
        if not ((used > max_width + _FUZZ and used > 0) or hard):
            continue
        if not hard and i > start + 1:
            i -= 1                      # the overflowing character starts the next line ...
            used -= width
            moved = 0                   # ... with whatever must not be parted from it
            while i > start + 1 and moved < MAX_MOVED and (
                    chars[i] in CANNOT_START or chars[i - 1] in CANNOT_END
                    or (_in_word(chars[i - 1]) and _in_word(chars[i]))):
                i -= 1
                moved += 1
                used -= widths[i]
        lines.append((start, i, used, max_width - used, hard))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start, used = i, 0
    if start < len(chars):
        lines.append((start, len(chars), used, max_width - used, False))
    return lines


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """Replacement of reportlab.platypus.paragraph.cjkFragSplit (paragraphs of several fonts)."""
    chars = []
    for frag in frags:
        text = frag.text.decode(encoding) if isinstance(frag.text, bytes) else frag.text
        if text:
            chars.extend(rl_paragraph.cjkU(t, frag, encoding) for t in text)
        else:
            chars.append(rl_paragraph.cjkU(text, frag, encoding))
    widths = []
    for char in chars:
        width = char.width
        if hasattr(width, "normalizedValue"):
            width._normalizer = maxWidths[0]
            width = width.normalizedValue(maxWidths[0])
        widths.append(width)
    breaks = {n for n, char in enumerate(chars) if hasattr(char.frag, "lineBreak")}
    lines = [rl_paragraph.makeCJKParaLine(chars[start:end], maxWidths[min(n, len(maxWidths) - 1)], used, extra,
                                          hard, calcBounds)
             for n, (start, end, used, extra, hard) in enumerate(
                 break_lines([str(c) for c in chars], widths, maxWidths, breaks))]
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
    """Replacement of reportlab.lib.textsplit.wordSplit as paragraph.py uses it (one font)."""
    if isinstance(word, bytes):
        word = word.decode(encoding)
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    chars = list(word)
    widths = [_char_width(char, fontName, fontSize) for char in chars]
    return [(extra, word[start:end]) for start, end, _used, extra, _hard in break_lines(chars, widths, maxWidths)]


@lru_cache(maxsize=65536)
def _char_width(char: str, font_name: str, font_size: float) -> float:
    return stringWidth(char, font_name, font_size)


def install() -> None:
    rl_paragraph.cjkFragSplit = cjk_frag_split
    rl_paragraph.wordSplit = word_split
