"""The Word export's floor: python-docx writing the same paragraphs and table cells plainly — one
paragraph per heading and narrative line, the same tables cell by cell through its public API, no
styles, fonts, sections, headers or merges."""
from __future__ import annotations

from pathlib import Path

from bench.floors import table_texts
from reports import docx_labels as labels


def docx_floor(report, target: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(report.title)
    document.add_paragraph(f"（{report.year} 年度）")
    document.add_paragraph(labels.department_heading() + report.department)
    for heading, parts in labels.sections():
        document.add_paragraph(heading)
        for part in parts:
            if part.subheading:
                document.add_paragraph(part.subheading)
            for line in report.narrative[part.key].split("\n"):
                document.add_paragraph(line)
    headers = [labels.budget_headers(report.amount_unit), labels.task_headers(), labels.indicator_headers()]
    for heading, header, rows in zip(labels.table_headings().values(), headers, table_texts(report)):
        document.add_paragraph(heading)
        table = document.add_table(rows=0, cols=len(rows[0]) if rows else len(header))
        for row in [header] + rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    for label, value, _signed in labels.signoff_rows(report.signoff):
        document.add_paragraph(f"{label}：{value}")
    document.save(str(target))
