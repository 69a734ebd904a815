"""A corpus of hostile and damaged workbooks, generated (no binary files are kept in the repository).

`build(folder)` writes every case into `folder` and returns them as `Case`s: the file, and a part of
the Chinese message the import must answer with. The workbook cases start from the sample report's
own export and change its raw XML, the way a hand-made bomb would: a merged range over a million
rows, millions of cells, a shared string of a million characters used in 300 cells, 600 outline
levels, entity declarations (XXE, billion laughs), formulas, a zip whose declared size is huge, and
files that are no workbook at all (encrypted, CSV, empty, text renamed .xlsx).
"""
from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
INFO, BUDGET, TASKS, INDICATORS = (f"xl/worksheets/sheet{n}.xml" for n in range(1, 5))


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    expected: str  # part of the message the import must give


def base_workbook(folder: Path) -> Path:
    """The sample report exported to Excel: the starting point of every workbook case."""
    from models.database import open_database
    from models.sample import install_sample
    from models.views import load_report
    from reports.xlsx_export import export_workbook

    db = open_database(folder / "base.db", create=True)
    try:
        report_id = install_sample(db)
        path = folder / "base.xlsx"
        export_workbook(load_report(db, report_id), path)
    finally:
        db.close()
    return path


def _rewrite(base: Path, out: Path, changes: dict, extra: dict | None = None) -> Path:
    """A copy of `base` with parts changed (`changes`: name → function of the part's text) and added."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in changes:
                data = changes[info.filename](data.decode()).encode()
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out


def _add_merge(xml: str, ref: str) -> str:
    if "<mergeCells" not in xml:
        return xml.replace("</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}" /></mergeCells>', 1)
    return re.sub(r'<mergeCells count="(\d+)">',
                  lambda m: f'<mergeCells count="{int(m.group(1)) + 1}"><mergeCell ref="{ref}" />', xml, count=1)


def _sheet_data(xml: str, rows: str) -> str:
    """The sheet with its data replaced by `rows` (the heading row kept)."""
    head = re.search(r"<row r=\"1\".*?</row>", xml, re.S).group()
    return re.sub(r"<sheetData>.*</sheetData>", lambda _m: f"<sheetData>{head}{rows}</sheetData>", xml, flags=re.S)


def _with_shared(base: Path, out: Path, strings: list[str], sheet: str, rows: str) -> Path:
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    return _rewrite(base, out, {
        sheet: lambda xml: _sheet_data(xml, rows),
        "[Content_Types].xml": lambda xml: xml.replace(
            "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}" /></Types>'),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
            "</Relationships>", f'<Relationship Id="rIdSst" Type="{SST_REL}" Target="sharedStrings.xml" />'
                                "</Relationships>"),
    }, {"xl/sharedStrings.xml": sst})


def _shared_rows(count: int, first_row: int = 2) -> str:
    return "".join(f'<row r="{n}"><c r="D{n}" t="s"><v>0</v></c></row>' for n in range(first_row, first_row + count))


def _declared_size(base: Path, out: Path, size: int) -> Path:
    """A copy of `base` whose central directory says its first part expands to `size` bytes."""
    data = bytearray(base.read_bytes())
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, size)  # uncompressed size in the central directory entry
    out.write_bytes(bytes(data))
    return out


def _deep_tree(base: Path, out: Path, levels: int) -> Path:
    """预算信息 with `levels` lines, each one outline level deeper than the one above."""
    rows = "".join(f'<row r="{n}" outlineLevel="{n - 2}"><c r="A{n}" t="inlineStr"><is><t>第{n - 1}级</t></is></c>'
                   "</row>" for n in range(2, levels + 2))
    return _rewrite(base, out, {BUDGET: lambda xml: _sheet_data(xml, rows)})


def _formula(base: Path, out: Path) -> Path:
    cell = '<c r="D2" t="str"><f>HYPERLINK("http://example.invalid/x","点击")</f><v>点击</v></c>'
    return _rewrite(base, out, {TASKS: lambda xml: re.sub(r'<c r="D2".*?</c>', cell, xml, count=1, flags=re.S)})


XXE = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
          + f']><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&j;</t></si></sst>')


def _entities(base: Path, out: Path, sst: str) -> Path:
    built = _with_shared(base, out.with_suffix(".tmp"), ["x"], TASKS, _shared_rows(1))
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sst if info.filename == "xl/sharedStrings.xml" else source.read(info))
    built.unlink()
    return out


def build(folder: Path) -> list[Case]:
    """Write every case into `folder` (about 40 MB in all, a few seconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = base_workbook(folder)
    cells = "".join(f'<row r="{n}">' + "<c><v>1</v></c>" * 40 + "</row>" for n in range(2, 50_001))
    million = "长" * 1_000_000
    cases = [
        Case("merged range to the end of the sheet",
             _rewrite(base, folder / "merge_bomb.xlsx", {BUDGET: lambda xml: _add_merge(xml, "A30:XFD1048576")}),
             "合并区域"),
        Case("merged range beyond the data",
             _rewrite(base, folder / "merge_loose.xlsx", {BUDGET: lambda xml: _add_merge(xml, "H1:Z200")}),
             "超出工作表的数据范围"),
        Case("hyperlink over a million rows",
             _rewrite(base, folder / "hyperlink_bomb.xlsx", {TASKS: lambda xml: xml.replace(
                 "</mergeCells>", '</mergeCells><hyperlinks><hyperlink ref="A2:XFD1048576" location="A1" />'
                                  "</hyperlinks>", 1)}),
             "超链接"),
        Case("two million cells", _rewrite(base, folder / "cell_flood.xlsx",
                                           {TASKS: lambda xml: _sheet_data(xml, cells)}), "单元格超过"),
        Case("a cell on the last row of the sheet",
             _rewrite(base, folder / "last_row.xlsx", {TASKS: lambda xml: _sheet_data(
                 xml, '<row r="1048576"><c r="A1048576"><v>1</v></c></row>')}), "超过上限 50000 行"),
        Case("six million XML elements", _rewrite(base, folder / "element_flood.xlsx", {INFO: lambda xml: xml.replace(
            "</sheetData>", "</sheetData><extLst>" + "<x/>" * 6_000_000 + "</extLst>", 1)}), "XML 元素超过"),
        Case("a shared string of a million characters in 300 cells",
             _with_shared(base, folder / "shared_million.xlsx", [million], TASKS, _shared_rows(300)),
             "超过一个单元格的上限"),
        Case("an inline string of 40,000 characters",
             _rewrite(base, folder / "inline_long.xlsx", {TASKS: lambda xml: re.sub(
                 r'<c r="D2".*?</c>', f'<c r="D2" t="inlineStr"><is><t>{"长" * 40_000}</t></is></c>', xml,
                 count=1, flags=re.S)}),
             "超过一个单元格的上限"),
        Case("11 million characters of text",
             _with_shared(base, folder / "text_budget.xlsx", ["文" * 30_000], TASKS, _shared_rows(370)),
             "文字共超过"),
        Case("600 outline levels", _deep_tree(base, folder / "deep_600.xlsx", 600), "层级过深"),
        Case("12 outline levels", _deep_tree(base, folder / "deep_12.xlsx", 12), "层级过深"),
        Case("formula in a text cell", _formula(base, folder / "formula.xlsx"), "单元格是公式"),
        Case("XXE", _entities(base, folder / "xxe.xlsx", XXE), "实体"),
        Case("billion laughs", _entities(base, folder / "laughs.xlsx", LAUGHS), "实体"),
        Case("declared size of 4 GB", _declared_size(base, folder / "declared.xlsx", 0xFFFF0000), "解压后超过"),
        Case("encrypted workbook (OLE container)", _write(folder / "encrypted.xlsx",
                                                          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)), "加密"),
        Case("CSV named .xlsx", _write(folder / "table.xlsx", "项目,内容\n年度,2022\n".encode()), "不是 Excel 工作簿"),
        Case("empty file", _write(folder / "empty.xlsx", b""), "不是 Excel 工作簿"),
        Case("text file renamed .xlsx", _write(folder / "notes.xlsx", ("这是一个文本文件。\n" * 100).encode()),
             "不是 Excel 工作簿"),
    ]
    return cases


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
