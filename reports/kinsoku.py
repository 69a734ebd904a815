"""Chinese line breaking for reportlab: no line starts with closing punctuation (，。；：、）》”！？ …)
and no line ends with opening punctuation (（《“ …).

reportlab's own CJK splitter knows only a few of these and lets one mark hang past the margin; this
replaces it (installed once by `install()`) with the same algorithm and the Chinese rules, applied
by moving characters to the next line so that the text block is never exceeded.
"""
from __future__ import annotations

from reportlab.platypus import paragraph as rl_paragraph
from reportlab.rl_config import _FUZZ

CANNOT_START = set("，。；：、）》〉」』】〕］｝”’！？％…—·,.;:!?)]}>%‰" + "\u3001\u3002\uff0c\uff1b\uff1a")
CANNOT_END = set("（《〈「『【〔［｛“‘([{<")
MAX_WORD = 16  # a longer run of Latin letters or digits may be cut


def _in_word(char) -> bool:
    text = str(char)
    return len(text) == 1 and (text.isascii() and (text.isalnum() or text in ".,%-/"))


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    chars = []
    for frag in frags:
        text = frag.text.decode(encoding) if isinstance(frag.text, bytes) else frag.text
        if text:
            chars.extend(rl_paragraph.cjkU(t, frag, encoding) for t in text)
        else:
            chars.append(rl_paragraph.cjkU(text, frag, encoding))
    lines = []
    i = width_used = line_start = 0
    max_width = maxWidths[0]
    count = len(chars)
    while i < count:
        char = chars[i]
        i += 1
        width = char.width
        if hasattr(width, "normalizedValue"):
            width._normalizer = max_width
            width = width.normalizedValue(max_width)
        width_used += width
        line_break = hasattr(char.frag, "lineBreak")
        if not ((width_used > max_width + _FUZZ and width_used > 0) or line_break):
            continue
        extra = max_width - width_used
        if not line_break and i > line_start + 1:
            i -= 1               # the overflowing character starts the next line
            extra += width
            width_used -= width
            # ... together with what must not be separated from it: a closing mark takes the character
            # before it along, an opening mark goes with what it opens, a number is not cut in two
            back = 0
            while i > line_start + 1 and back < MAX_WORD and (
                    str(chars[i]) in CANNOT_START or str(chars[i - 1]) in CANNOT_END
                    or (_in_word(chars[i - 1]) and _in_word(chars[i]))):
                i -= 1
                back += 1
                extra += chars[i].width
                width_used -= chars[i].width
        lines.append(rl_paragraph.makeCJKParaLine(chars[line_start:i], max_width, width_used, extra,
                                                  line_break, calcBounds))
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
        line_start = i
        width_used = 0
    if width_used > 0 or line_start < count:
        rest = chars[line_start:]
        used = sum(c.width for c in rest if not hasattr(c.width, "normalizedValue"))
        lines.append(rl_paragraph.makeCJKParaLine(rest, max_width, used, max_width - used, False, calcBounds))
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    rl_paragraph.cjkFragSplit = cjk_frag_split
