"""Long text: the printed report lays out a paragraph in time that grows with its length (not with
its square), the page header stays one line, and every field has a documented length limit that
the services, the import and the editor enforce with a Chinese message (models/limits.py)."""
from __future__ import annotations

import dataclasses

import pytest

import reports.pdf_text as pdf_text
from models.views import load_report
from reports.pdf import render_pdf
from reports.pdf_layout import ReportDocument

SENTENCE = "本单位认真落实各项绩效目标，预算执行率达到98.5%，完成情况良好。"


def long_text(length: int) -> str:
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]


def _lines_broken(monkeypatch, report, tmp_path) -> tuple[int, int]:
    """(lines produced by every call of the line breaker, pages) for one PDF of the report."""
    produced = []
    original = pdf_text.break_lines

    def counting(*args, **kwargs):
        lines = original(*args, **kwargs)
        produced.append(len(lines))
        return lines

    monkeypatch.setattr(pdf_text, "break_lines", counting)
    result = render_pdf(report, tmp_path / "long.pdf")
    monkeypatch.setattr(pdf_text, "break_lines", original)
    return sum(produced), result.pages


def test_a_long_paragraph_is_broken_into_lines_once_not_once_per_page(sample, monkeypatch, tmp_path):
    """The work of line breaking is proportional to the text: a paragraph over dozens of pages is
    broken once (its parts reuse its lines), so doubling it doubles the lines broken."""
    db, report_id = sample
    report = load_report(db, report_id)
    counts = {}
    for length in (20_000, 40_000):
        longer = dataclasses.replace(report, narrative={**report.narrative, "performance": long_text(length)})
        counts[length] = _lines_broken(monkeypatch, longer, tmp_path)
    (short_lines, short_pages), (long_lines, long_pages) = counts[20_000], counts[40_000]
    assert long_pages > short_pages + 20
    # one line of 16-point text holds about 27 characters: 40,000 characters make ~1,500 lines
    paragraph_lines = 40_000 // 27
    assert long_lines - short_lines < 1.5 * paragraph_lines / 2, (short_lines, long_lines)
    assert long_lines < 3 * paragraph_lines + short_lines


def test_each_character_is_measured_once(monkeypatch):
    from reportlab.lib.styles import ParagraphStyle
    from reports.fonts import choose_fonts

    fonts = choose_fonts()
    style = ParagraphStyle("t", fontName=fonts.names["body"], fontSize=16, leading=28.8, allowWidows=0,
                           allowOrphans=0)
    text = long_text(30_000)
    block = pdf_text.TextBlock(fonts.runs(text, "body"), style)
    block.wrap(440, 640)
    parts, rest = [], block
    while True:
        pieces = rest.split(440, 640)
        if pieces == [rest]:
            parts.append(rest)
            break
        head, rest = pieces
        rest.wrap(440, 640)
        parts.append(head)
    assert len(parts) > 40 and "".join(part.text for part in parts) == text
    assert block.source.measured == len(text)


def test_the_footer_line_cuts_a_long_department_name_and_keeps_year_and_fingerprint(sample, monkeypatch,
                                                                                     tmp_path):
    db, report_id = sample
    report = dataclasses.replace(load_report(db, report_id), department="苏州市" + "某某" * 50_000 + "局")
    drawn = []
    original = ReportDocument._draw_mixed

    def recording(self, canvas, x, y, text, size, **kwargs):
        drawn.append(text)
        return original(self, canvas, x, y, text, size, **kwargs)

    monkeypatch.setattr(ReportDocument, "_draw_mixed", recording)
    render_pdf(report, tmp_path / "header.pdf")
    headers = [text for text in drawn if text.startswith("苏州市")]
    assert headers and all("某…　2022 年度整体支出绩效自评报告　" in text and "内容指纹 " in text and len(text) < 80
                           for text in headers), headers[:1]


def test_a_short_department_name_is_printed_whole(sample, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    db, report_id = sample
    report = load_report(db, report_id)
    render_pdf(report, tmp_path / "short.pdf")
    page = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(tmp_path / "short.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    compact = "".join(page.split())
    assert report.department + "2022年度整体支出绩效自评报告" in compact and "…" not in compact, compact[-200:]


# ---- limits per field (models/limits.py) ----

import os  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from models import limits  # noqa: E402
from models.errors import DomainError  # noqa: E402
from models.schema import NARRATIVE_FIELDS, SIGNOFF_FIELDS  # noqa: E402
from models.services.bulk import create_report_from_data  # noqa: E402
from models.services.reports import create_report, set_report_field  # noqa: E402
from models.services.rows import TABLES, add_row, set_field  # noqa: E402
from models.views import load_budget, load_indicators, load_tasks  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


# Amounts, scores and the completion wording (one of three) are not free text: no length limit applies.
NOT_TEXT = ("initial", "adjustment", "actual", "adjusted", "weight", "score_override", "completion")


def run(*args, cwd):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_the_limits_are_the_documented_ones_and_cover_every_text_field():
    assert (limits.LINE, limits.TABLE_TEXT, limits.NARRATIVE, limits.EXCEL_CELL) == (200, 5_000, 30_000, 32_767)
    assert limits.NARRATIVE < limits.EXCEL_CELL  # export → import keeps a narrative whole
    report_fields = {"title", "department", *NARRATIVE_FIELDS, *SIGNOFF_FIELDS}
    table_fields = {f"{table}.{field}" for table, spec in TABLES.items() for field in spec.fields
                    if field not in NOT_TEXT}
    assert report_fields | table_fields <= set(limits.FIELD_LIMITS)


def _database_files(db) -> bytes:
    return b"".join(Path(f"{db.path}{suffix}").read_bytes() for suffix in ("", "-wal")
                    if Path(f"{db.path}{suffix}").exists())


@pytest.mark.parametrize("field", [*NARRATIVE_FIELDS, "title", "department", "preparer", "phone",
                                   "finance_head", "unit_head"])
def test_a_report_field_takes_its_limit_and_refuses_one_more_character(sample, field):
    db, report_id = sample
    limit = limits.FIELD_LIMITS[field]
    before, stored = _database_files(db), load_report(db, report_id)
    with pytest.raises(DomainError) as error:
        set_report_field(db, report_id, field, "长" * (limit + 1))
    from models.checks.findings import FIELD_LABELS
    assert error.value.message == (f"“{FIELD_LABELS[field]}”过长：有 {limit + 1:,} 个字符，"
                                   f"最多可填 {limit:,} 个字符，请删减")
    assert _database_files(db) == before and load_report(db, report_id) == stored
    assert set_report_field(db, report_id, field, "长" * limit) == "长" * limit


def test_the_length_counts_what_is_stored_not_the_spaces_dropped(sample):
    db, report_id = sample
    text = "长" * limits.NARRATIVE + "\n \n  "  # trailing space is not stored
    assert set_report_field(db, report_id, "performance", text) == "长" * limits.NARRATIVE


@pytest.mark.parametrize("table", ["budget", "tasks", "indicators"])
def test_every_table_field_takes_its_limit_and_refuses_one_more(sample, table):
    db, report_id = sample
    load = {"budget": load_budget, "tasks": load_tasks, "indicators": load_indicators}[table]
    rows = load(db, report_id)
    row_id = rows[-1].id
    for field, (label, _normalise) in TABLES[table].fields.items():
        if field in NOT_TEXT:
            continue
        limit = limits.FIELD_LIMITS[f"{table}.{field}"]
        before = load(db, report_id)
        with pytest.raises(DomainError) as error:
            set_field(db, table, row_id, field, "长" * (limit + 1))
        assert error.value.message == (f"{label}：内容过长：有 {limit + 1:,} 个字符，最多可填 {limit:,} 个字符，请删减")
        assert load(db, report_id) == before
        set_field(db, table, row_id, field, "长" * limit)


def test_a_new_report_and_a_whole_report_from_data_keep_the_limits(db):
    with pytest.raises(DomainError, match="预算部门名称"):
        create_report(db, 2023, "部" * 201)
    data = {"year": 2023, "department": "单位", "narrative": {"goals": "目" * (limits.NARRATIVE + 1)}}
    with pytest.raises(DomainError, match="二、年度履职目标完成情况"):
        create_report_from_data(db, data)
    with pytest.raises(DomainError, match="完成情况"):
        create_report_from_data(db, {"year": 2023, "tasks": [{"completion": "完" * (limits.TABLE_TEXT + 1)}]})
    from models.views import list_reports
    assert list_reports(db) == []


def _exported(tmp_path) -> Path:
    assert run("demo", "--db", "src.db", cwd=tmp_path).returncode == 0
    assert run("export", "--db", "src.db", "--xlsx", "a.xlsx", cwd=tmp_path).returncode == 0
    return tmp_path / "a.xlsx"


def _row_of(sheet, label: str) -> int:
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == label)


def test_the_import_refuses_too_long_text_naming_sheet_row_and_column(tmp_path):
    from openpyxl import load_workbook

    from reports.xlsx_import import WorkbookError, read_workbook
    from reports.xlsx_layout import SHEET_BUDGET, SHEET_INFO, SHEET_TASKS

    book = load_workbook(_exported(tmp_path))
    info = book[SHEET_INFO]
    row = _row_of(info, next(label for field, label in __import__("reports.xlsx_layout").xlsx_layout.INFO_ITEMS
                             if field == "performance"))
    info.cell(row, 2).value = "绩" * (limits.NARRATIVE + 1)
    department_row = _row_of(info, "预算部门名称")
    info.cell(department_row, 2).value = "部" * 201
    book[SHEET_TASKS]["D2"] = "完" * (limits.TABLE_TEXT + 1)
    book[SHEET_BUDGET]["A3"] = "项" * 201
    book.save(tmp_path / "long.xlsx")
    with pytest.raises(WorkbookError) as error:
        read_workbook(tmp_path / "long.xlsx")
    text = str(error.value)
    assert (f"工作表“{SHEET_INFO}” 第{row}行 B列" in text and "“四、部门（单位）整体支出绩效实现情况”过长：有 30,001 个字符，"
            "最多可填 30,000 个字符" in text), text
    assert f"第{department_row}行 B列" in text and "“预算部门名称”过长：有 201 个字符" in text
    assert f"工作表“{SHEET_TASKS}” 第2行 D列" in text and "有 5,001 个字符，最多可填 5,000 个字符" in text
    assert f"工作表“{SHEET_BUDGET}” 第3行 A列" in text and "项目名称内容过长：有 201 个字符" in text
    result = run("import", "--db", "new.db", "long.xlsx", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "30,001" in result.stderr
    assert not (tmp_path / "new.db").exists()


def test_export_then_import_keeps_a_30000_character_narrative(tmp_path):
    from reports.xlsx_import import read_workbook

    assert run("demo", "--db", "src.db", cwd=tmp_path).returncode == 0
    db = __import__("models.database").database.open_database(tmp_path / "src.db")
    from models.views import list_reports
    report_id = list_reports(db)[0].id
    text = "\n".join(long_text(3_000) for _ in range(10))[:limits.NARRATIVE]  # with line breaks
    assert len(text) == limits.NARRATIVE
    set_report_field(db, report_id, "performance", text)
    set_report_field(db, report_id, "department", "部" * limits.LINE)
    db.close()
    assert run("export", "--db", "src.db", "--xlsx", "a.xlsx", cwd=tmp_path).returncode == 0
    data = read_workbook(tmp_path / "a.xlsx")
    assert data["narrative"]["performance"] == text and data["department"] == "部" * limits.LINE
    assert run("import", "--db", "copy.db", "a.xlsx", cwd=tmp_path).returncode == 0
    copy = __import__("models.database").database.open_database(tmp_path / "copy.db", read_only=True)
    try:
        imported = load_report(copy, list_reports(copy)[0].id)
    finally:
        copy.close()
    assert imported.narrative["performance"] == text


def test_the_export_refuses_a_text_longer_than_an_excel_cell_never_cuts_it(tmp_path):
    """A file from before the limits may hold more than a cell does: the workbook is not written,
    and the message names the field."""
    assert run("demo", "--db", "old.db", cwd=tmp_path).returncode == 0
    connection = sqlite3.connect(tmp_path / "old.db")
    connection.execute("UPDATE reports SET performance = ?", ("旧" * (limits.EXCEL_CELL + 1),))
    connection.commit()
    connection.close()
    result = run("export", "--db", "old.db", "--xlsx", "old.xlsx", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "四、" in result.stderr and "32,768 个字符" in result.stderr and "32,767" in result.stderr
    assert not (tmp_path / "old.xlsx").exists()
    result = run("export", "--db", "old.db", "--pdf", "old.pdf", cwd=tmp_path)  # the PDF prints it all
    assert result.returncode == 0, result.stderr


# ---- the editor ----

def test_the_editor_says_why_a_too_long_narrative_is_not_stored(qtbot, sample, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from conftest import open_editor

    db, _report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(1)
    narrative = window.pages[1]
    box, note = narrative.editors["performance"], narrative.notes["performance"]
    before = db.path.read_bytes()
    box.setFocus()
    QGuiApplication.clipboard().setText("绩" * (limits.NARRATIVE + 1))
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(note.isVisible, timeout=5000)  # stored when typing pauses
    assert note.text() == ("“四、部门（单位）整体支出绩效实现情况”过长：有 30,001 个字符，"
                                                "最多可填 30,000 个字符，请删减")
    assert db.path.read_bytes() == before
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Backspace)  # one character less: now it fits
    qtbot.waitUntil(lambda: not note.isVisible(), timeout=5000)
    stored = load_report(window.db, window.session.report_id).narrative["performance"]
    assert stored == "绩" * limits.NARRATIVE


def test_the_editor_says_why_a_too_long_cell_is_not_pasted(qtbot, sample, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from conftest import open_editor

    db, _report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(3)
    tasks = window.pages[3]
    before = db.path.read_bytes()
    tasks.view.setCurrentIndex(tasks.model.index(0, 3))  # 完成情况
    tasks.view.setFocus()
    QGuiApplication.clipboard().setText("完" * (limits.TABLE_TEXT + 1))
    qtbot.keyClick(tasks.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert db.path.read_bytes() == before
    assert "完成情况" in tasks.message.text() and "有 5,001 个字符，最多可填 5,000 个字符" in tasks.message.text()
