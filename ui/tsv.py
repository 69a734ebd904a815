"""Tab-separated text as Excel/WPS put it on the clipboard: cells with tabs, line breaks or quotes
are quoted, quotes inside doubled."""
from __future__ import annotations


def to_tsv(grid: list[list[str]]) -> str:
    def cell(text: str) -> str:
        if any(ch in text for ch in '\t\n"'):
            return '"' + text.replace('"', '""') + '"'
        return text
    return "\n".join("\t".join(cell(value) for value in row) for row in grid)


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells; a trailing line break (Excel always adds one) makes no extra row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, quoted, at_start = 0, False, True
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < len(text) and text[i + 1] == '"':
                    cell.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and at_start:
            quoted = True
        elif ch == "\t":
            row.append("".join(cell))
            cell, at_start = [], True
            i += 1
            continue
        elif ch == "\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell, at_start = [], [], True
            i += 1
            continue
        else:
            cell.append(ch)
        at_start = False
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows
