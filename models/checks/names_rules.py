"""Names spelled two ways.

A title in 《》 (or a name in “” of five characters or more) that appears in two forms differing by a
character or two inside — 《政务服务便民热线服务测评规范》 and 《政务服务便民热线运行服务测评规范》 —
and a place name written two ways (半月营, 半只营: same first and last character, a place-name ending
such as 营 路 街 村 园) are very likely one name misspelled. A 提示 on the rarer form, naming every place
of both. A longer form that only adds words at the start or the end (《市民手册》, 《苏州市民手册》) and
forms that differ only in digits or Latin letters (年份, 编号) are different names and are left alone.

Only forms sharing their first and last character are compared, and a text repeated in many rows (a
copied completion text) is read once, so the rule stays linear in the report's length.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, combinations

from models.checks.findings import INFO
from models.checks.places import report_columns

MOST_COMPARED = 200  # forms compared with each: a long run of near-identical forms is a list, not a slip
SEPARATOR = "\x00"  # between a column's texts: no text holds it (the cleaners drop control characters)
_TITLE = re.compile(r"《([^《》\n\x00]{2,60})》")
_QUOTED = re.compile(r"“([^“”\n\x00]{5,40})”")
PLACE_ENDINGS = "营路街巷村镇桥港湾园湖寺塔弄坊浜泾塘墩庄"
_PLACE_END = re.compile(f"[{PLACE_ENDINGS}]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _allowed_edits(form: str) -> int:
    return 2 if len(form) >= 10 else 1 if len(form) >= 4 else 0


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _variants(a: str, b: str) -> bool:
    """Two spellings of one name: differing inside (not only words added at an end), in a CJK character."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    middle_a, middle_b = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]
    if not prefix or not suffix:
        return False  # words added or changed at an end: another name (《市民手册》, 《苏州市民手册》)
    if not (_CJK.search(middle_a) or _CJK.search(middle_b)):
        return False  # 2021 / 2022, A / B: another year or number, not a misspelling
    return _distance(middle_a, middle_b) <= min(_allowed_edits(a), _allowed_edits(b))


def _pairs(forms) -> set[tuple[str, str]]:
    """Pairs of forms that are two spellings of one name. Such a pair has its first and last character
    in common (see `_variants`), so only forms sharing both are compared, and only when their lengths
    are within two of each other."""
    blocks: dict[tuple[str, str], list[str]] = {}
    for form in forms:
        if _allowed_edits(form):
            blocks.setdefault((form[0], form[-1]), []).append(form)
    pairs = set()
    for block in blocks.values():
        block.sort(key=len)
        for i, a in enumerate(block):
            for b in block[i + 1:i + 1 + MOST_COMPARED]:
                if len(b) - len(a) > 2:
                    break
                if _variants(a, b):
                    pairs.add((a, b) if a < b else (b, a))
    return pairs


def _forms_in(text: str):
    """(start, kind, form) of every title, quoted name and place name in `text`."""
    if "《" in text:
        for match in _TITLE.finditer(text):
            yield match.start(), "《》", re.sub(r"\s", "", match.group(1))
    if "“" in text:
        for match in _QUOTED.finditer(text):
            form = re.sub(r"\s", "", match.group(1))
            if len(form) >= 5:
                yield match.start(), "“”", form
    for match in _PLACE_END.finditer(text, 2):
        form = text[match.start() - 2:match.end()]
        if _CJK.fullmatch(form[0]) and _CJK.fullmatch(form[1]):
            yield match.start(), "", form


def _collect(report):
    """{kind: {form: [(place of the i-th text, [i, …]), …]}} for titles, quoted names and place names.
    Each column's distinct texts are joined and scanned at once (a completion text copied into a
    hundred rows is read once); a place is named only when a finding names it."""
    found: dict[str, dict[str, list]] = {"《》": {}, "“”": {}, "": {}}
    for texts, where_of in report_columns(report):
        holders: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if text:
                holders.setdefault(text, []).append(i)
        distinct = list(holders)
        starts = list(accumulate((len(text) + 1 for text in distinct[:-1]), initial=0))
        for start, kind, form in sorted(_forms_in(SEPARATOR.join(distinct))):
            at = (where_of, holders[distinct[bisect_right(starts, start) - 1]])
            places = found[kind].setdefault(form, [])
            if not places or places[-1] != at:
                places.append(at)
    return found


def _count(places) -> int:
    return sum(len(rows) for _, rows in places)


def _labels(places, most: int = 3) -> str:
    labels = []
    for where_of, rows in places:
        labels += [where_of(i).label for i in rows[:most - len(labels)]]
        if len(labels) == most:
            break
    more = _count(places) - len(labels)
    return "；".join(labels) + (f"；另有 {more} 处" if more else "")


def _place_pairs(forms) -> set[tuple[str, str]]:
    by_ends: dict[tuple[str, str], list[str]] = {}
    for form in forms:
        by_ends.setdefault((form[0], form[2]), []).append(form)
    return {(a, b) for group in by_ends.values() for a, b in combinations(sorted(group), 2)}


def _shown(kind: str, form: str) -> str:
    return f"{kind[0]}{form}{kind[1]}" if kind else f"“{form}”"


def spelled_two_ways(report):
    for kind, forms in _collect(report).items():
        pairs = _place_pairs(forms) if kind == "" else _pairs(forms)
        for a, b in sorted(pairs):
            # the rarer form is the likely slip; on a tie, the one met later in the report
            rare, common = (a, b) if _count(forms[a]) < _count(forms[b]) else (b, a)
            if _count(forms[a]) == _count(forms[b]):
                order = {form: index for index, form in enumerate(forms)}
                rare, common = (a, b) if order[a] > order[b] else (b, a)
            where_of, rows = forms[rare][0]
            yield where_of(rows[0]).finding(
                INFO, f"{_shown(kind, rare)}与{_shown(kind, common)}只差一两个字，可能是同一名称的两种写法："
                      f"{_shown(kind, rare)}见于{_labels(forms[rare])}；{_shown(kind, common)}见于{_labels(forms[common])}",
                "请核对正确的名称，并统一写法")


RULES = [spelled_two_ways]
