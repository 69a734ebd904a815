"""The budget tree shows its levels in the workbook: each line's name is indented by its level with
a left alignment, without which LibreOffice and Excel ignore the indent."""
import openpyxl

from models.views import load_report
from reports.xlsx_export import export_workbook


def test_budget_names_are_indented_by_level(sample, tmp_path):
    db, report_id = sample
    report = load_report(db, report_id)
    target = tmp_path / "out.xlsx"
    export_workbook(report, target)
    sheet = openpyxl.load_workbook(target)["预算信息"]
    cells = {cell.value: cell for cell in sheet["A"] if cell.value}
    for line in report.budget:
        alignment = cells[line.name].alignment
        assert alignment.horizontal == "left"
        assert (alignment.indent or 0) == (2 * line.depth), line.name
    assert any(line.depth == 2 for line in report.budget)
