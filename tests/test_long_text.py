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


def test_the_page_header_cuts_a_long_department_name_to_one_line(sample, monkeypatch, tmp_path):
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
    assert headers and all(text.endswith("…") and len(text) < 80 for text in headers), headers[:1]
    assert len(set(headers)) <= 2  # one cut per page width (portrait, landscape)


def test_a_short_department_name_is_printed_whole(sample, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    db, report_id = sample
    report = load_report(db, report_id)
    render_pdf(report, tmp_path / "short.pdf")
    first = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(tmp_path / "short.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout.splitlines()[0]
    assert first.startswith(report.department) and "…" not in first
