"""Every output works for every shape a report can be in while it is being written: brand new, a
header only, each table empty, each table with one row, the narrative empty. Each shape is written
as PDF and as a workbook — by the functions and by `main.py export` — and read back."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models import services
from models.database import open_database
from models.sample import install_sample
from models.schema import NARRATIVE_FIELDS
from models.views import load_report
from reports.pdf import render_pdf
from reports.xlsx_export import export_workbook
from reports.xlsx_layout import INDICATOR_HEADINGS, SHEETS, TASK_HEADINGS, budget_headings

ROOT = Path(__file__).parent.parent
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
TABLE_HEADINGS = ["七、预算信息", "八、年度重点任务", "九、部门整体自评表"]


def _clear(db, report_id, table):
    report = load_report(db, report_id)
    rows = {"budget": [r for r in report.budget if r.parent_id is None], "tasks": report.tasks,
            "indicators": report.indicators}[table]
    services.remove_rows(db, table, [row.id for row in rows])


def brand_new(db):
    return services.create_report(db, 2023, "")


def header_only(db):
    report_id = services.create_report(db, 2024, "某某局", title="某某局整体支出绩效自评报告", amount_unit="元")
    return report_id


def sample_without(table):
    def build(db):
        report_id = install_sample(db)
        _clear(db, report_id, table)
        return report_id
    build.__name__ = f"sample_without_{table}"
    return build


def one_row_each(db):
    report_id = services.create_report(db, 2023, "单行单位")
    services.add_budget_line(db, report_id, name="预算总金额", initial="10", adjustment="0", actual="9")
    services.add_row(db, "tasks", report_id, values={"duty": "职责一", "name": "任务一", "content": "内容一",
                                                   "completion": "已完成"})
    services.add_row(db, "indicators", report_id, values={
        "category1": "产出", "category2": "数量", "name": "指标一", "target": "=1个", "actual": "1个",
        "source": "部门业务统计", "reason": "无"})
    return report_id


def one_blank_row_each(db):
    """One row in each table with nothing typed in it yet (as 末尾添加行 leaves it)."""
    report_id = services.create_report(db, 2023, "空行单位")
    services.add_budget_line(db, report_id)
    services.add_row(db, "tasks", report_id)
    services.add_row(db, "indicators", report_id)
    return report_id


def sample_one_row_each(db):
    report_id = install_sample(db)
    report = load_report(db, report_id)
    services.remove_rows(db, "tasks", [t.id for t in report.tasks[1:]])
    services.remove_rows(db, "indicators", [i.id for i in report.indicators[1:]])
    top = [r for r in report.budget if r.parent_id is None]
    services.remove_rows(db, "budget", [r.id for r in report.budget if r.parent_id == top[0].id])
    return report_id


def narrative_empty(db):
    report_id = install_sample(db)
    for name in NARRATIVE_FIELDS:
        services.set_report_field(db, report_id, name, "")
    return report_id


SHAPES = [brand_new, header_only, sample_without("budget"), sample_without("tasks"),
          sample_without("indicators"), one_row_each, one_blank_row_each, sample_one_row_each, narrative_empty]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(params=SHAPES, ids=lambda build: build.__name__)
def shaped(request, tmp_path):
    path = tmp_path / "reports.db"
    db = open_database(path)
    report_id = request.param(db)
    report = load_report(db, report_id)
    db.close()
    return path, report_id, report


@needs_pdftotext
def test_pdf_of_every_shape(shaped, tmp_path):
    _path, _report_id, report = shaped
    target = tmp_path / "out.pdf"
    result = render_pdf(report, target)
    assert result.pages >= 4
    text = subprocess.run(["pdftotext", "-raw", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = _squash(text)
    for heading in TABLE_HEADINGS + ["填报及审核", "二、年度履职目标完成情况"]:
        assert heading in flat, heading
    # every table's header is printed, even over no rows
    for heading in ("年初预算数", "对应部门主要职责", "完成情况", "指标名称", "偏差情况", "原因分析"):
        assert heading in flat, heading
    for row in report.budget:
        assert _squash(row.name)[:6] in flat
    for task in report.tasks:
        assert _squash(task.name)[:8] in flat
    for indicator in report.indicators:
        assert _squash(indicator.name)[:8] in flat
    if report.department:
        assert report.department in flat


def test_workbook_of_every_shape(shaped, tmp_path):
    _path, _report_id, report = shaped
    target = tmp_path / "out.xlsx"
    export_workbook(report, target)
    book = load_workbook(target)
    assert book.sheetnames == list(SHEETS)
    info = book["基本信息"]
    assert info["B4"].value == (report.department or None) or info["B4"].value == report.department
    heading_rows = {
        "预算信息": [h for _f, h in budget_headings(report.amount_unit)],
        "年度重点任务": [h for _f, h in TASK_HEADINGS],
        "部门整体自评表": [h for _f, h in INDICATOR_HEADINGS],
    }
    for sheet_name, headings in heading_rows.items():
        sheet = book[sheet_name]
        assert [c.value for c in sheet[1]][:len(headings)] == headings
    assert book["预算信息"].max_row == 1 + len(report.budget)
    assert book["年度重点任务"].max_row == 1 + len(report.tasks)
    assert book["部门整体自评表"].max_row == 1 + len(report.indicators)
    for number, row in enumerate(report.budget, 2):
        assert (book["预算信息"].cell(number, 1).value or "") == row.name
    for number, task in enumerate(report.tasks, 2):
        assert (book["年度重点任务"].cell(number, 2).value or "") == task.name
    for number, indicator in enumerate(report.indicators, 2):
        assert (book["部门整体自评表"].cell(number, 3).value or "") == indicator.name


def test_command_line_exports_every_shape(shaped, tmp_path):
    path, report_id, report = shaped
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "--db", str(path), "--report",
                             str(report_id), "--pdf", "out.pdf", "--xlsx", "out.xlsx"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    assert (tmp_path / "out.pdf").stat().st_size > 0 and (tmp_path / "out.xlsx").stat().st_size > 0
    assert "out.pdf" in result.stdout and "out.xlsx" in result.stdout
