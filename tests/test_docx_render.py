"""The Word export as a word processor lays it out: LibreOffice Writer converts it to PDF
(`soffice --headless --convert-to pdf`), and that PDF holds every budget figure and indicator name,
has about as many pages as the program's own PDF, and nothing runs past the right margin."""
import re
import shutil
import subprocess

import pytest

from models.money import format_amount, format_rate
from models.views import load_report
from reports.docx import render_docx
from reports.pdf import render_pdf

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice Writer or poppler-utils not installed")
MM = 72 / 25.4
HANGING = "，。；：、）》”’！？"


def rendered(report, folder):
    """(LibreOffice's PDF of the Word export, the program's own PDF)."""
    source = folder / "report.docx"
    render_docx(report, source)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(source)],
                   capture_output=True, timeout=300, check=True)
    own = folder / "own.pdf"
    render_pdf(report, own)
    return folder / "lo" / "report.pdf", own


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def words(path) -> list[tuple[float, float, float, str]]:
    """(page width, page height, right edge, text) of every word."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for word in re.finditer(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                                page.group(3)):
            out.append((width, height, float(word.group(1)), word.group(2)))
    return out


def check(report, folder):
    word_pdf, own_pdf = rendered(report, folder)
    text = subprocess.run(["pdftotext", str(word_pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    for row in report.budget:
        for figure in (format_amount(row.initial), format_amount(row.adjustment), format_amount(row.adjusted),
                       format_amount(row.actual), format_rate(row.execution_rate)):
            assert figure in flat, (row.name, figure)
    for item in report.indicators:
        assert "".join(item.name.split()) in flat, item.name
    for heading in ("七、预算信息", "八、年度重点任务", "九、部门整体自评表", "填报及审核", "（单位盖章）"):
        assert heading in flat
    ours, theirs = pages(word_pdf), pages(own_pdf)
    assert abs(ours - theirs) <= 0.2 * theirs, (ours, theirs)
    for width, height, right, text in words(word_pdf):  # within the text block, page header included
        margin = (25 if width > height else 26) * MM
        # Writer lets a full-width mark at a line's end hang in the margin: it reads w:overflowPunct
        # the wrong way round (=0, which tells Word and WPS not to, is hanging for Writer)
        hanging = 16 if text[-1] in HANGING else 0
        assert right <= width - margin + 1 + hanging, (text, right, width)
    return flat, ours


def test_the_sample_as_writer_prints_it(sample, tmp_path):
    db, report_id = sample
    flat, count = check(load_report(db, report_id), tmp_path)
    assert "苏州市市级预算部门（单位）整体支出预算绩效自评报告" in flat and "—1—" in flat
    assert count >= 15
    printed = [text for _width, _height, _right, text in words(tmp_path / "lo" / "report.pdf")]
    assert "分解目标" in printed and "分解目" not in printed  # the 类别 column holds it on one line


def test_a_brand_new_report(db, tmp_path):
    from models.services.reports import create_report

    flat, _count = check(load_report(db, create_report(db, 2024, "新建单位")), tmp_path)
    assert "一、预算部门名称：新建单位" in flat and "本年度预算资金（万元）" in flat


def test_ten_times_the_sample(db, tmp_path):
    from bench.scale import scaled_data
    from models.services.bulk import create_report_from_data

    _flat, count = check(load_report(db, create_report_from_data(db, scaled_data(10))), tmp_path)
    assert count > 100
