"""Figures are printed whole: in a report kept in 元 every amount of 预算信息 stands on one line
(set smaller when wider than its column), and a number or word longer than a line is cut at the
margin, never one character a line."""
import shutil
import subprocess

import pytest

from models import services
from models.money import format_amount
from models.views import load_report
from reports.kinsoku import break_lines
from reports.pdf import render_pdf


def test_a_run_longer_than_the_line_fills_each_line():
    text = "2467090000000000000000.00"
    lines = break_lines(text, [5.0] * len(text), [40.0])
    assert [end - start for start, end, *_rest in lines] == [8, 8, 8, 1]
    prose = "合计 24670900.00 元"
    lines = break_lines(prose, [5.0] * len(prose), [40.0])
    assert all(end - start > 1 for start, end, *_rest in lines[:-1])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_every_amount_of_a_report_in_yuan_is_printed_whole(sample, tmp_path):
    db, report_id = sample
    services.set_report_field(db, report_id, "amount_unit", "元")
    report = load_report(db, report_id)
    target = tmp_path / "yuan.pdf"
    render_pdf(report, target)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = set(text.split())
    amounts = {format_amount(value) for row in report.budget
               for value in (row.initial, row.adjustment, row.adjusted, row.actual) if value is not None}
    assert "24670900.00" in amounts
    assert amounts <= words, sorted(amounts - words)
