"""偏差情况 in the seed's convention everywhere — `0%` on a qualitative row (and against a target of
0), `0.00%` on a quantitative one — whether computed or typed by hand, in the editor, the PDF and the
workbook alike (all three show `IndicatorRow.deviation`, formatted by `format_deviation`)."""
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from models import services
from models.deviation import format_deviation
from models.targets import parse_target
from models.views import load_report
from reports.pdf import render_pdf
from reports.xlsx_export import export_workbook
from reports.xlsx_values import number_text


@pytest.mark.parametrize("typed, target, shown", [
    ("0", "健全", "0%"), ("0.00%", "健全", "0%"), ("0 %", "提升", "0%"), ("０％", "健全", "0%"),
    ("0", "=100%", "0.00%"), ("0%", ">=85%", "0.00%"), ("-0.0", "=2 份", "0.00%"),
    ("0.00%", "=0%", "0%"), ("0", "=0%", "0%"),
    ("-2.72%", "=100%", "-2.72%"), ("100%", "=0%", "100%"), ("-2", "=100%", "-2"),
    ("未完成", "健全", "未完成"), ("", "健全", ""), (None, "健全", None),
    # what compute_deviation gives is already in the convention and stays as it is
    ("0%", "健全", "0%"), ("0.00%", "=100%", "0.00%"), ("-9.85%", ">=80%", "-9.85%"),
])
def test_format_deviation(typed, target, shown):
    assert format_deviation(typed, parse_target(target)) == shown


# (row of the sample, its target, what is typed as 偏差情况, what every output shows)
OVERRIDES = [(0, "健全", "0.00%", "0%"), (6, "=100%", "0", "0.00%"), (28, "=0%", "0.00%", "0%"),
             (30, "=100%", "-2.72%", "-2.72%")]


@pytest.fixture
def overridden(sample):
    db, report_id = sample
    report = load_report(db, report_id)
    for number, target, typed, _shown in OVERRIDES:
        row = report.indicators[number]
        assert row.target.text == target
        services.set_field(db, "indicators", row.id, "deviation_override", typed)
    return db, report_id


def test_the_report_shows_the_convention(overridden):
    db, report_id = overridden
    report = load_report(db, report_id)
    for number, _target, typed, shown in OVERRIDES:
        assert report.indicators[number].deviation_override == typed  # stored as typed
        assert report.indicators[number].deviation == shown


def test_workbook_shows_the_convention(overridden, tmp_path):
    db, report_id = overridden
    export_workbook(load_report(db, report_id), tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")["部门整体自评表"]
    for number, _target, _typed, shown in OVERRIDES:
        cell = sheet.cell(number + 2, 7)  # a plain percentage is a number with a percent format
        assert number_text(cell.value, cell.number_format) == shown


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_shows_the_convention(overridden, tmp_path):
    db, report_id = overridden
    report = load_report(db, report_id)
    render_pdf(report, tmp_path / "out.pdf")
    # -layout: 九 is on turned pages (GB/T 9704 10.1), whose rows poppler's -raw gives a word a line
    lines = [" ".join(line.split()) for line in subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True,
        check=True).stdout.splitlines()]
    for number, _target, _typed, shown in OVERRIDES:
        row = report.indicators[number]
        line = next(line for line in lines if row.name in line)
        assert f"{row.source} {shown}" in line, line


def test_editor_shows_the_convention(qtbot, tmp_path):
    from conftest import open_editor
    from models.database import open_database
    from models.sample import install_sample
    path = tmp_path / "editor.db"
    db = open_database(path)
    report = load_report(db, install_sample(db))
    for number, _target, typed, _shown in OVERRIDES:
        services.set_field(db, "indicators", report.indicators[number].id, "deviation_override", typed)
    db.close()
    window = open_editor(qtbot, path, tmp_path)
    window.tabs.setCurrentIndex(4)
    model = window.pages[4].model
    for number, _target, _typed, shown in OVERRIDES:
        assert model.index(number, 6).data() == f"✎ {shown}"
