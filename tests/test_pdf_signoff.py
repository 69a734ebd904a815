"""The sign-off block of the printed report: a telephone number, a long name or a date is printed
whole on its line (set smaller when wider than its space), never broken between its digits."""
import shutil
import subprocess

import pytest

from models import services
from models.views import load_report
from reports.pdf import render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

VALUES = {"preparer": "欧阳明月（财务科）", "phone": "0510-88886666", "finance_head": "李科长",
          "unit_head": "王主任", "fill_date": "2026年3月10日"}


@pytest.mark.parametrize("phone", ["0510-88886666", "13912345678", "0512-12345678 转 8001"])
def test_sign_off_values_stay_on_their_line(db, tmp_path, phone):
    report_id = services.create_report(db, year=2024, department="测试单位")
    for field, value in {**VALUES, "phone": phone}.items():
        services.set_report_field(db, report_id, field, value)
    target = tmp_path / "signoff.pdf"
    result = render_pdf(load_report(db, report_id), target)
    last = subprocess.run(["pdftotext", "-layout", "-f", str(result.pages), "-l", str(result.pages), str(target), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in last.splitlines()]
    for expected in (f"联系电话： {phone}", "填报人： 欧阳明月（财务科） 签字：", "填报日期： 2026-03-10",
                     "财务负责人（审核人）： 李科长 签字："):
        assert any(expected in line for line in lines), (expected, last)


def test_a_value_too_long_for_its_line_wraps_below_the_rows_above(db, tmp_path):
    import re
    report_id = services.create_report(db, year=2024, department="测试单位")
    for field, value in {**VALUES, "finance_head": "李" * 80, "unit_head": "A" * 120}.items():
        services.set_report_field(db, report_id, field, value)
    target = tmp_path / "long.pdf"
    result = render_pdf(load_report(db, report_id), target)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", str(result.pages), "-l", str(result.pages), str(target), "-"],
                           capture_output=True, text=True, check=True).stdout
    words = [(float(y0), float(y1), word) for y0, y1, word in
             re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes)]
    phone_bottom = max(y1 for y0, y1, word in words if word == "0510-88886666")
    long_top = min(y0 for y0, y1, word in words if "李李" in word or "AAAA" in word)
    assert long_top > phone_bottom  # the long values start below the telephone line, not over it
