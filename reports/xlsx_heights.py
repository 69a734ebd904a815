"""Row heights for the exported workbook, so wrapped text shows (and prints) whole in Excel, WPS and
LibreOffice, which do not grow a row to its text when they open a file.

The height of a row is estimated from its texts: each line of a text (split at its line breaks) takes
as many lines as its display width — a Chinese character counts two, any other one — needs at the
column's width in characters; a row is as tall as its tallest cell. A text in a cell merged down
several rows (类别, 对应部门主要职责) spreads over them: the rows grow evenly if together they are
too short for it.
"""
from __future__ import annotations

from math import ceil

LINE_HEIGHT = 16.0   # points per line of 11-point type, Chinese fallback fonts included
PADDING = 4.0        # points above and below the text
MAX_HEIGHT = 409.0   # the tallest row a spreadsheet allows
CELL_MARGIN = 1.0    # characters of a column's width taken by the cell's margins


def display_width(text: str) -> float:
    """Columns the text takes: two for a Chinese character or full-width sign, one for others.
    (A character of three or four bytes in UTF-8 is a wide one; counting bytes keeps this in C.)"""
    return (len(text.encode("utf-8")) + len(text)) / 2 if not text.isascii() else len(text)


def lines_needed(text: str | None, width: float) -> int:
    """Lines `text` wraps to in a column `width` characters wide (at least 1)."""
    if not text:
        return 1
    room = max(width - CELL_MARGIN, 1.0)
    if "\n" not in text:
        return max(1, ceil(display_width(text) / room))
    return sum(max(1, ceil(display_width(line) / room)) for line in text.split("\n"))


def fit_rows(sheet, rows: list[list], widths: list[float], first_row: int = 2,
             merged: dict[int, list] | None = None) -> None:
    """Set the height of each of `rows` (texts by column; None or a number for a cell that does not
    wrap) written from `first_row` on, columns with `widths` (characters). `merged` maps a column
    to its run keys (as merged by the export): a run's text stands in its first row."""
    merged = merged or {}
    # a text this short fits one line whatever its characters: most cells, answered without measuring
    short = [max(width - CELL_MARGIN, 1.0) // 2 for width in widths]
    lines = []
    for values in rows:
        most = 1
        for column, value in enumerate(values):
            if column in merged or value.__class__ is not str or (len(value) <= short[column] and "\n" not in value):
                continue
            count = lines_needed(value, widths[column])
            if count > most:
                most = count
        lines.append(most)
    heights = [most * LINE_HEIGHT + PADDING for most in lines]
    for column, keys in merged.items():
        for start, end in _runs(keys):
            text = rows[start][column]
            if not isinstance(text, str) or not text:
                continue
            need = lines_needed(text, widths[column]) * LINE_HEIGHT + PADDING
            have = sum(heights[start:end])
            if need > have:
                extra = (need - have) / (end - start)
                for index in range(start, end):
                    heights[index] += extra
    dimensions = sheet.row_dimensions
    single = LINE_HEIGHT + PADDING
    for index, height in enumerate(heights):
        if height > single:
            dimensions[first_row + index].height = round(min(height, MAX_HEIGHT), 1)


def _runs(keys: list) -> list[tuple[int, int]]:
    """[start, end) of each run of equal keys (an empty key is a run of its own)."""
    runs, start = [], 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start] or not keys[start]:
            runs.append((start, index))
            start = index
    return runs
