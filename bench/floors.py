"""Floors: the least work the chosen stack needs for the same job, measured in the same run.

- start-up: a bare process importing sqlalchemy.orm, then showing an empty QMainWindow with a QTabWidget;
- PDF: reportlab laying out the same texts of the three tables as Paragraph cells in plain Tables,
  with the same embedded font and no other styling;
- Excel: openpyxl writing the same cells, values only, no styling;
- Excel import: openpyxl loading the same workbook (read-only mode) and reading every cell's value.
"""
from __future__ import annotations

from pathlib import Path

from models.money import format_amount, format_rate

STARTUP_FLOOR = """
import sys
import sqlalchemy.orm
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTabWidget())
window.show()


def shown():
    print("shown", flush=True)  # the moment the benchmark takes; then the process ends
    app.quit()


QTimer.singleShot(0, shown)
app.exec()
"""


def table_texts(report) -> list[list[list[str]]]:
    """The cells of 预算信息, 年度重点任务 and 部门整体自评表 as text."""
    budget = [[row.name, format_amount(row.initial), format_amount(row.adjustment), format_amount(row.adjusted),
               format_amount(row.actual), format_rate(row.execution_rate)] for row in report.budget]
    tasks = [[t.duty, t.name, t.content, t.completion] for t in report.tasks]
    indicators = [[i.category1, i.category2, i.name, i.target.text, i.actual.text, i.source, i.deviation or "",
                   i.reason] for i in report.indicators]
    return [budget, tasks, indicators]


def pdf_floor(report, target: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
    from xml.sax.saxutils import escape

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from reports.fonts import BUNDLED_FONT

    pdfmetrics.registerFont(TTFont("floor", str(BUNDLED_FONT)))
    style = ParagraphStyle("floor", fontName="floor", fontSize=10.5, leading=14, wordWrap="CJK")
    widths = [[46, 21, 27, 21, 21, 20], [55, 45, 42, 105], [16, 16, 55, 30, 30, 27, 20, 53]]
    story = []
    for rows, columns in zip(table_texts(report), widths):
        data = [[Paragraph(escape(text), style) for text in row] for row in rows]
        story.append(Table(data, colWidths=[w * mm for w in columns], repeatRows=1))
    SimpleDocTemplate(str(target), pagesize=landscape(A4)).build(story)


def excel_floor(report, target: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    info = book.active
    info.append(["项目", "内容"])
    for key, value in [("标题", report.title), ("年度", report.year), ("部门", report.department),
                       *report.narrative.items(), *report.signoff.items()]:
        info.append([key, value])
    for name, rows in zip(("预算信息", "年度重点任务", "部门整体自评表"), table_texts(report)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(target)


def import_floor(source: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(source, read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for _value in row:
                pass
    book.close()
