"""Which filled indicator row an empty one most resembles.

An indicator row with nothing but a name, whose name shares most of its character pairs with a filled
row (系统故障修复响应及时性 / 信息系统故障与硬件故障修复响应时间), is likely a duplicate or debris of an
edit. Only the character pairs of the empty rows' names are indexed, and empty rows with the same name
are compared once, so a long table costs one pass over its names.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from collections import Counter

from models.checks.places import name_key

SHARED = 0.6      # of the empty row's character pairs found in the other name
MIN_PAIRS = 4     # and at least this many
MOST_NAMES = 200  # distinct names of empty rows compared: more is a table being filled in, not debris
COMMON = 1000     # a pair in more filled rows than this says nothing of likeness and is not counted
SCANNED = 2000    # up to this many wanted pairs, names are scanned for them with one expression


def _pairs(key: str) -> set[str]:
    return {key[i:i + 2] for i in range(len(key) - 1)}


def most_alike(rows, empty: list[int], is_filled) -> dict[int, int]:
    """{index of an empty row: index of the filled row most like it}, for those alike enough; among
    equally alike rows, the nearest."""
    wanted: dict[str, set[str]] = {}
    for index in empty:
        key = name_key(rows[index].name)
        pairs = _pairs(key)
        if len(pairs) >= MIN_PAIRS and (key in wanted or len(wanted) < MOST_NAMES):
            wanted[key] = pairs
    if not wanted:
        return {}
    indexed = set().union(*wanted.values())
    # one scan of each name for the wanted pairs (overlapping, hence the lookahead)
    finder = re.compile("(?=(" + "|".join(map(re.escape, sorted(indexed))) + "))") if len(indexed) <= SCANNED \
        else None
    filled = [index for index, row in enumerate(rows) if is_filled(row)]
    names = ["".join(rows[index].name.split()) for index in filled]
    by_pair: dict[str, list[int]] = {}
    if finder:  # the names joined and scanned at once; a match is mapped back to its row
        starts = list(accumulate((len(name) + 1 for name in names[:-1]), initial=0))
        for match in finder.finditer("\x00".join(names)):
            index = filled[bisect_right(starts, match.start()) - 1]
            postings = by_pair.setdefault(match.group(1), [])
            if not postings or postings[-1] != index:
                postings.append(index)
    else:
        for index, name in zip(filled, names):
            for pair in _pairs(name) & indexed:
                by_pair.setdefault(pair, []).append(index)
    best: dict[str, list[int]] = {}  # name → the filled rows sharing the most pairs with it
    for key, pairs in wanted.items():
        counts: Counter = Counter()
        for pair in pairs:
            postings = by_pair.get(pair, ())
            if len(postings) <= COMMON:
                counts.update(postings)
        if counts:
            top = max(counts.values())
            if top >= MIN_PAIRS and top >= SHARED * len(pairs):
                best[key] = sorted(index for index, count in counts.items() if count == top)
    alike = {}
    for index in empty:
        candidates = best.get(name_key(rows[index].name))
        if candidates:
            at = bisect_left(candidates, index)
            alike[index] = min(candidates[max(0, at - 1):at + 1], key=lambda other: abs(other - index))
    return alike
