"""Text anyone can type or paste: superscripts are not digits (`1²` is no 12), control characters
are dropped on the way in and never reach a workbook, `&F` in a department is no page-header code,
and a fingerprint code of any length gets a Chinese message."""
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from models.errors import AmountError, DomainError
from models.money import normalize_text, parse_amount
from models.services.common import clean_line, clean_text
from models.services.reports import set_report_field
from models.services.rows import set_field
from models.targets import parse_target
from models.views import load_report
from models.versions import verify_code

ROOT = Path(__file__).parent.parent
CONTROLS = "\x00\x08\x0b\x0c\x1f\x7f\x85"


def run(*args, cwd):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


# ---- superscripts and other digit look-alikes ----

def test_superscripts_are_not_folded_into_digits():
    for text in ("1²", "2³", "10¹", "1₂", "①", "⑴5", "1½"):
        with pytest.raises(AmountError):
            parse_amount(text)
    assert normalize_text("１２３４．５６") == "1234.56" and parse_amount("１２３４．５６") == Decimal("1234.56")
    assert normalize_text("面积 100m²，①号楼") == "面积 100m²,①号楼"


@pytest.mark.parametrize("text", ["100m²", "=100m²", "100㎡", "≥100 m²"])
def test_a_squared_unit_keeps_its_superscript(text):
    target = parse_target(text)
    assert target.is_quantitative and target.value == Decimal(100) and target.unit == "m²"


def test_the_import_refuses_a_superscript_amount(tmp_path):
    from reports.xlsx_import import WorkbookError, read_workbook

    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    assert run("export", "--db", "a.db", "--xlsx", "a.xlsx", cwd=tmp_path).returncode == 0
    book = load_workbook(tmp_path / "a.xlsx")
    book["预算信息"]["B4"] = "1²"
    book.save(tmp_path / "b.xlsx")
    with pytest.raises(WorkbookError) as error:
        read_workbook(tmp_path / "b.xlsx")
    assert "第4行 B列：值为“1²”" in str(error.value) and "不是有效的金额" in str(error.value)


# ---- control characters ----

def test_the_text_cleaner_drops_control_characters_but_keeps_tab_and_line_break():
    assert clean_line(f"苏州{CONTROLS}市\t中心\r\n") == "苏州市\t中心"
    assert clean_text(f"第一段{CONTROLS}\r\n第二段\t！\r") == "第一段\n第二段\t！"
    assert clean_text("\ud800孤\ufffe\uffff字") == "孤字"


def test_services_store_no_control_characters(sample):
    db, report_id = sample
    set_report_field(db, report_id, "department", "便民\x00服务\x08中心\x0b")
    set_report_field(db, report_id, "goals", "正文\x00第一段\x0b\n第二段")
    report = load_report(db, report_id)
    set_field(db, "tasks", report.tasks[0].id, "content", "内容\x08\x00")
    set_field(db, "indicators", report.indicators[0].id, "name", "名称\x0b")
    set_field(db, "budget", report.budget[3].id, "name", "培训\x1f费")
    report = load_report(db, report_id)
    assert report.department == "便民服务中心" and report.narrative["goals"] == "正文第一段\n第二段"
    assert report.tasks[0].content == "内容" and report.indicators[0].name == "名称"
    assert report.budget[3].name == "培训费"


def _hand_edited(tmp_path) -> None:
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "a.db") as raw:
        raw.execute("UPDATE reports SET department = ?, title = ?, goals = ?, preparer = ?",
                    ("苏州\x00市\x08便民\x0b中心", "标题\x08", "正文\x00第一段\x0b\n第二段", "张\x01三"))
        raw.execute("UPDATE key_tasks SET content = ?, duty = ? WHERE position = 0", ("内容\x08\x00", "职责\x0c"))
        raw.execute("UPDATE indicators SET name = ?, reason = ?, deviation_override = ? WHERE position = 6",
                    ("名称\x0b", "原因\x1f", "0\x08%"))
        raw.execute("UPDATE budget_lines SET name = ? WHERE parent_id IS NULL", ("预算\x00总金额",))
    raw.close()


def test_export_writes_a_file_holding_control_characters_without_them(tmp_path):
    _hand_edited(tmp_path)
    result = run("export", "--db", "a.db", "--xlsx", "o.xlsx", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    book = load_workbook(tmp_path / "o.xlsx")
    texts = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
             if isinstance(cell, str)]
    assert not any(re.search("[\x00-\x08\x0b-\x1f]", text) for text in texts)
    assert "苏州市便民中心" in texts and "正文第一段\n第二段" in texts and "预算总金额" in texts and "名称" in texts
    assert book.properties.title == "标题"


def test_the_import_drops_control_characters_a_workbook_can_hold(tmp_path):
    from reports.xlsx_import import read_workbook

    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    assert run("export", "--db", "a.db", "--xlsx", "a.xlsx", cwd=tmp_path).returncode == 0
    book = load_workbook(tmp_path / "a.xlsx")
    book["基本信息"]["B4"] = "苏州\x7f市\x85便民服务中心"  # DEL and NEL are valid XML: openpyxl writes them
    book["部门整体自评表"]["C2"] = "工作计划\x85制定健全性"
    book["部门整体自评表"]["G2"] = "0\x7f%"
    book.save(tmp_path / "b.xlsx")
    data = read_workbook(tmp_path / "b.xlsx")
    assert data["department"] == "苏州市便民服务中心"
    assert data["indicators"][0]["name"] == "工作计划制定健全性"
    assert run("import", "--db", "b.db", "b.xlsx", cwd=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "b.db") as raw:
        stored = raw.execute("SELECT department FROM reports").fetchone()[0]
        names = [row[0] for row in raw.execute("SELECT name || target || actual || coalesce(deviation_override, '')"
                                                " FROM indicators")]
    raw.close()
    assert stored == "苏州市便民服务中心" and not any(re.search("[\x7f-\x9f]", name) for name in names)


# ---- page headers ----

def _header(path: Path, sheet: int = 1) -> str:
    """The first sheet's odd page header string exactly as Excel reads it (codes included)."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(f"xl/worksheets/sheet{sheet}.xml").decode("utf-8")
    return unescape(re.search(r"<oddHeader>(.*?)</oddHeader>", xml).group(1))


def test_an_ampersand_in_the_department_is_no_header_code(sample, tmp_path):
    from reports.xlsx_export import export_workbook

    db, report_id = sample
    set_report_field(db, report_id, "department", "苏州&F&Z便民&&中心&")
    export_workbook(load_report(db, report_id), tmp_path / "o.xlsx", draft=True)
    assert _header(tmp_path / "o.xlsx") == "&L苏州&&F&&Z便民&&&&中心&& 2022 年度&R草稿"
    for sheet in load_workbook(tmp_path / "o.xlsx").worksheets:  # as openpyxl reads it back
        assert sheet.oddHeader.left.text == "苏州&&F&&Z便民&&&&中心&& 2022 年度"
        assert sheet.oddHeader.right.text == "草稿"


@pytest.mark.parametrize("department", ["部" * 300, "&" * 300, "a&" * 150])
def test_a_long_department_is_cut_to_excels_255_characters(sample, tmp_path, department):
    from reports.xlsx_export import export_workbook

    import dataclasses

    db, report_id = sample  # longer than the 200 characters the services accept: as a file from before
    report = dataclasses.replace(load_report(db, report_id), department=department)
    for draft in (False, True):
        export_workbook(report, tmp_path / "o.xlsx", draft=draft)
        header = _header(tmp_path / "o.xlsx")
        assert len(header) <= 255 and header.startswith("&L")
        assert header.endswith("… 2022 年度" + ("&R草稿" if draft else ""))
        left = header[2:header.index(" 2022 年度")]
        assert not re.search(r"(?<!&)(&&)*&(?!&)", left.removesuffix("…"))  # no lone & left by the cut
        assert load_workbook(tmp_path / "o.xlsx").worksheets[0].oddHeader.left.text == left + " 2022 年度"


# ---- fingerprint codes ----

@pytest.mark.parametrize("code", ["a" * 50_000, "0" * 65, "abc", "xyz123456", ""])
def test_verify_checks_the_code_before_searching(sample, code):
    db, _report_id = sample
    with pytest.raises(DomainError) as error:
        verify_code(db, code)
    assert error.value.message.startswith("指纹应为 6–64 位十六进制数字")


def test_verify_command_with_a_50000_character_code(tmp_path):
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    result = run("verify", "--db", "a.db", "a" * 50_000, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "程序内部错误" not in result.stderr
    assert "指纹应为 6–64 位十六进制数字" in result.stderr
    assert run("verify", "--db", "a.db", "0" * 64, cwd=tmp_path).returncode == 1  # 64 is searched: no match
