"""The report's title in lines as GB/T 9704-2012 7.3.1 asks: broken between words, never inside one
(“…预算绩效 / 自评报告”, not “…预算绩 / 效自评报告”), and balanced — two lines as a trapezoid whose
upper line is at least as long as the lower and as close to it as the words allow, more lines as
even as they can be and never an hourglass.

Words come from the report's own vocabulary (部门, 单位, 整体, 支出, 预算, 绩效 …) and from the
department's name; characters no word covers stay together, so a name the list does not know is
not cut either. Only a run wider than the whole line is cut inside, by the Chinese line rules.
"""
from __future__ import annotations

from itertools import combinations

from reports.kinsoku import CANNOT_END, CANNOT_START

VOCABULARY = (
    "部门", "单位", "整体", "支出", "预算", "绩效", "自评", "评价", "报告", "年度", "项目", "资金", "财政", "政府",
    "市级", "区级", "县级", "省级", "镇级", "本级", "一般", "公共", "专项", "基本", "整体支出", "自评报告",
    "服务", "中心", "管理", "委员会", "办公室", "人民", "街道", "机关", "事业", "行政", "综合", "执法", "便民",
    "苏州市", "苏州", "市", "区", "县", "省", "局", "厅", "处", "科", "所", "站", "院", "校", "馆",
)
_SUFFIXES = ("委员会", "办公室", "中心", "市", "省", "区", "县", "镇", "局", "厅", "委", "办", "院", "所", "站", "馆",
             "队", "会", "部")


def _department_words(department: str) -> set[str]:
    """The department's name cut after each of its administrative suffixes: 苏州市 / 便民服务中心."""
    words, start = set(), 0
    for index in range(1, len(department) + 1):
        if any(department[start:index].endswith(suffix) for suffix in _SUFFIXES) and index - start >= 2:
            words.add(department[start:index])
            start = index
    if department[start:]:
        words.add(department[start:])
    return words


def tokens(title: str, department: str = "") -> list[str]:
    """The title cut into words (longest known word first, the department's whole name the longest).
    A break needs a known word of two or more characters on one side of it, so characters no word
    covers stay together (a name the list does not know, 处理 after the known 处); Latin letters and
    digits stay together, 2022 with its 年度; a bracket stays with what it encloses (（单位）), a
    closing mark with what it closes."""
    vocabulary = set(VOCABULARY) | _department_words(department) | ({department} if department else set())
    longest = max(map(len, vocabulary))
    found: list[tuple[str, bool]] = []  # (piece, a word a line may break beside)
    index = 0
    while index < len(title):
        word = next((title[index:index + n] for n in range(min(longest, len(title) - index), 0, -1)
                     if title[index:index + n] in vocabulary), None)
        piece = word or title[index]
        found.append((piece, word is not None and len(word) >= 2))
        index += len(piece)
    pieces: list[str] = []
    last_strong = True
    for piece, strong in found:
        first = piece[0]
        joins = pieces and (pieces[-1][-1] in CANNOT_END or first in CANNOT_START
                            or (not strong and not last_strong and first not in CANNOT_END
                                and pieces[-1][-1] not in CANNOT_START)
                            or (_latin(first) and _latin(pieces[-1][-1]))
                            or (first == "年" and pieces[-1][-1].isdigit()))
        if joins:
            pieces[-1] += piece
        else:
            pieces.append(piece)
        last_strong = strong
    return pieces


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def title_lines(title: str, width_of, max_width: float, department: str = "") -> list[str]:
    """The title as lines no wider than `max_width` (`width_of(text)` measures), broken between
    words and balanced."""
    if not title or width_of(title) <= max_width:
        return [title]
    pieces = []
    for piece in tokens(title, department):
        if width_of(piece) > max_width:  # a run longer than a line: by characters, kept by the line rules
            pieces += _by_characters(piece)
        else:
            pieces.append(piece)
    widths = [width_of(piece) for piece in pieces]
    count = _fewest_lines(widths, max_width)
    best = _balanced(widths, max_width, count)
    lines, start = [], 0
    for end in best + [len(pieces)]:
        lines.append("".join(pieces[start:end]))
        start = end
    return lines


def _by_characters(text: str) -> list[str]:
    parts: list[str] = []
    for char in text:
        if parts and (char in CANNOT_START or parts[-1][-1] in CANNOT_END):
            parts[-1] += char
        else:
            parts.append(char)
    return parts


def _fewest_lines(widths: list[float], max_width: float) -> int:
    lines, used = 1, 0.0
    for width in widths:
        if used + width > max_width + 1e-6 and used:
            lines, used = lines + 1, 0.0
        used += width
    return lines


def _balanced(widths: list[float], max_width: float, count: int) -> list[int]:
    """The break positions (piece indices) of `count` lines that fit and are closest to even: two
    lines with the upper one no shorter than the lower (梯形) where the words allow, three lines
    never with the middle one shorter than both others (沙漏); more lines only as even as can be."""
    n = len(widths)
    prefix = [0.0]
    for width in widths:
        prefix.append(prefix[-1] + width)
    even = prefix[-1] / count
    if count > 3 or n > 120:
        return _even(prefix, max_width, count)
    best, best_cost = None, None
    for breaks in combinations(range(1, n), count - 1):
        bounds = (0, *breaks, n)
        lines = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
        if max(lines) > max_width + 1e-6:
            continue
        cost = sum((line - even) ** 2 for line in lines)
        if count == 2 and lines[0] < lines[1] - 1e-6:
            cost += max_width ** 2  # 上短下长 only when no break gives 上长下短
        if count == 3 and lines[1] < min(lines[0], lines[2]) - 1e-6:
            cost += max_width ** 2
        if best_cost is None or cost < best_cost:
            best, best_cost = list(breaks), cost
    return best if best is not None else _greedy(widths, max_width)


def _even(prefix: list[float], max_width: float, count: int) -> list[int]:
    """Breaks of `count` lines that fit with the least squared difference from even lines."""
    n, even = len(prefix) - 1, prefix[-1] / count
    best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, [])}] + [{} for _ in range(count)]
    for k in range(1, count + 1):
        for j, (cost, breaks) in best[k - 1].items():
            for i in range(j + 1, n + 1):
                line = prefix[i] - prefix[j]
                if line > max_width + 1e-6:
                    break
                candidate = (cost + (line - even) ** 2, breaks + [i])
                if i not in best[k] or candidate[0] < best[k][i][0]:
                    best[k][i] = candidate
    if n not in best[count]:
        return _greedy([b - a for a, b in zip(prefix, prefix[1:])], max_width)
    return best[count][n][1][:-1]


def _greedy(widths: list[float], max_width: float) -> list[int]:
    breaks, used = [], 0.0
    for index, width in enumerate(widths):
        if used + width > max_width + 1e-6 and used:
            breaks.append(index)
            used = 0.0
        used += width
    return breaks
