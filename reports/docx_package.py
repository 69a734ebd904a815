"""Saving the Word document with its table rows written as they are made.

python-docx holds a document as an lxml tree; a table of 7,500 rows is some 600,000 elements and
200 MB. So a table goes into the tree as its shell (properties, grid, header row) with a marker
comment where its rows belong, and the rows — OOXML text made from the report — are written into
word/document.xml at the markers while the package is saved, never held whole in memory."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from itertools import islice

from docx.oxml import parse_xml

DOCUMENT_PART = "word/document.xml"
BATCH = 200  # rows encoded and compressed at a time


class RowsLater:
    """The rows of the document's tables, each table's kept until the package is saved."""

    def __init__(self):
        self.rows: dict[bytes, Iterable[str]] = {}

    def table(self, shell: str, rows: Iterable[str]):
        """The table element to put into the document: `shell` (a whole w:tbl) with a marker before
        its end where `rows` will be written."""
        marker = f"docx-rows-{len(self.rows)}"
        self.rows[f"<!--{marker}-->".encode("ascii")] = rows
        head, end = shell.rsplit("</w:tbl>", 1)
        return parse_xml(f"{head}<!--{marker}--></w:tbl>{end}")

    def save(self, document, target) -> None:
        """The document as python-docx saves it, with every marker replaced by its rows."""
        plain = io.BytesIO()
        document.save(plain)
        with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                if info.filename == DOCUMENT_PART:
                    with out.open(_entry(info), "w") as part:
                        self._write(source.read(info), part)
                else:
                    out.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)

    def _write(self, xml: bytes, part) -> None:
        rest = xml
        for marker, rows in self.rows.items():
            before, rest = rest.split(marker, 1)
            part.write(before)
            rows = iter(rows)
            while batch := list(islice(rows, BATCH)):
                part.write("".join(batch).encode("utf-8"))
        part.write(rest)


def _entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = info.external_attr
    return entry
