"""Hostile inputs (issue 14): a hidden sheet under our name, a damaged workbook explained in Chinese
without the parser's English, a full disk during an Excel export without a stray traceback, and a
database file cut short at its end."""
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import WorkbookError, read_workbook

ROOT = Path(__file__).parent.parent
# English words a parser or a traceback would bring (product names and "xlsx"/"XML" are capitalised or allowed)
ENGLISH = re.compile(r"\b(?!xlsx\b)[a-z]{3,}\b|[A-Z][a-z]+(Error|Exception)\b|Traceback")


def _run(*args, cwd=ROOT, script=None):
    command = [sys.executable, *(["-c", script] if script else ["main.py"]), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def exported(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    return path


def _rewrite(source: Path, target: Path, member: str, change) -> Path:
    """A copy of the workbook with one part's bytes changed (still a valid zip)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename == member else data)
    return target


# --- 1. a hidden sheet is not read --------------------------------------------------------------

@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheet_under_our_name_is_refused(exported, tmp_path, state):
    book = openpyxl.load_workbook(exported)
    book["预算信息"].sheet_state = state
    decoy = book.copy_worksheet(book["预算信息"])  # what the user sees: other numbers
    decoy.title = "预算信息（核对）"
    decoy["B2"] = 1
    book.move_sheet(decoy, -(len(book.sheetnames) - 2))
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    with pytest.raises(WorkbookError) as raised:
        read_workbook(path)
    messages = [problem.message() for problem in raised.value.problems]
    assert any(message.startswith("工作表“预算信息”是隐藏的") and "取消隐藏后核对再导入" in message for message in messages)


def test_exported_hidden_column_still_imports(exported):
    book = openpyxl.load_workbook(exported)
    assert any(dimension.hidden for dimension in book["部门整体自评表"].column_dimensions.values())
    assert read_workbook(exported)["indicators"]  # a hidden column is no hidden sheet


# --- 2. a damaged workbook: Chinese, no parser English -------------------------------------------

def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


BROKEN_STYLES = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 b'<numFmts count="1"><numFmt numFmtId="200"/></numFmts><cellXfs><xf numFmtId="abc"/></cellXfs>'
                 b'</styleSheet>')
BAD_NUMBER_SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    b'<row r="1"><c r="A1" t="n"><v>abc</v></c></row></sheetData></worksheet>')
MISSING_PART = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" Target="none.xml" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/worksheet"/></Relationships>')


@pytest.mark.parametrize("member, change", [
    ("xl/worksheets/sheet2.xml", _half),          # broken XML in a sheet
    ("xl/worksheets/sheet1.xml", lambda _d: BAD_NUMBER_SHEET),
    ("xl/styles.xml", _half),                     # broken styles.xml
    ("xl/styles.xml", lambda _d: BROKEN_STYLES),  # well-formed, but not what openpyxl expects
    ("[Content_Types].xml", _half),
    ("docProps/core.xml", _half),
    ("xl/_rels/workbook.xml.rels", lambda _d: MISSING_PART),
], ids=["sheet-xml", "sheet-number", "styles-xml", "styles-content", "content-types", "core", "rels"])
def test_damaged_workbook_problem_is_chinese(exported, tmp_path, member, change):
    broken = _rewrite(exported, tmp_path / "broken.xlsx", member, change)
    database = tmp_path / "target.db"
    assert _run("demo", "--db", str(database)).returncode == 0
    before = database.read_bytes()
    result = _run("import", "--db", str(database), str(broken))
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("工作簿，"), result.stderr
    assert not ENGLISH.search(result.stderr.replace(str(broken), "")), result.stderr
    assert database.read_bytes() == before


# --- 3. a full disk during an Excel export ---------------------------------------------------------

FULL_DISK = """
import os, sys, tempfile
sys.argv = ["main.py", *sys.argv[1:]]
sys.path.insert(0, ".")
real = tempfile.mkstemp
def full_disk(*args, **kwargs):  # the temporary output is /dev/full: every write fails with ENOSPC
    handle, path = real(*args, **kwargs)
    os.close(handle); os.unlink(path); os.symlink("/dev/full", path)
    return os.open(os.devnull, os.O_RDONLY), path
tempfile.mkstemp = full_disk
import main
sys.exit(main.main())
"""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_during_xlsx_export_prints_one_message(tmp_path):
    database = tmp_path / "r.db"
    assert _run("demo", "--db", str(database)).returncode == 0
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    result = _run("export", "--db", str(database), "--xlsx", str(target), script=FULL_DISK)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"无法写入“{target}”：磁盘空间不足。原有文件未被改动。"]
    assert "Exception ignored" not in result.stderr
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir() if ".part" in p.name) == []


# --- 4. a database file cut in its last pages ----------------------------------------------------

COMMANDS = [["list"], ["check"], ["export", "--pdf", "OUT.pdf"], ["export", "--xlsx", "OUT.xlsx"], ["finalize"]]


@pytest.mark.parametrize("cut", [1, 513, 4096, 3 * 4096], ids=lambda cut: f"cut{cut}")
def test_database_cut_at_its_end(tmp_path, cut):
    original = tmp_path / "demo.db"
    assert _run("demo", "--db", str(original)).returncode == 0
    size = original.stat().st_size
    for command in COMMANDS:
        damaged = tmp_path / "cut.db"
        shutil.copy(original, damaged)
        os.truncate(damaged, size - cut)  # the header stays; a cut of part of a page passes quick_check
        before = damaged.read_bytes()
        args = [str(tmp_path / a) if a.startswith("OUT") else a for a in command]
        result = _run(command[0], "--db", str(damaged), *args[1:])
        assert "Traceback" not in result.stderr and "程序内部错误" not in result.stderr, result.stderr
        assert all(char.isprintable() for char in result.stderr.strip()), repr(result.stderr)
        if command == ["list"] and result.returncode == 0:
            assert result.stdout.startswith("1\t2022")  # what can be read is listed
            continue
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "从备份恢复" in lines[0], (command, result.stderr)
        shown = lines[0].replace("python main.py restore", "").replace(damaged.name, "")
        assert not ENGLISH.search(shown), result.stderr  # no SQLite report ("database disk image is malformed")
        assert damaged.read_bytes() == before
