"""How the Excel import reads a workbook: its XML once for the bounds (merged ranges, outline levels,
protection kept), then the cells once in openpyxl's read-only mode — never the whole workbook
expanded into cell objects (which made a 100× import 166× its 1× time)."""
import openpyxl
import pytest

from bench.scale import scaled_data
from models.database import open_database
from models.services.bulk import create_report_from_data
from models.views import load_report
from reports import xlsx_bounds, xlsx_import
from reports.xlsx_export import export_workbook


@pytest.fixture
def workbook(tmp_path):
    db = open_database(tmp_path / "s.db", create=True, backup=False)
    report_id = create_report_from_data(db, scaled_data(3))
    export_workbook(load_report(db, report_id), tmp_path / "in.xlsx")
    db.close()
    return tmp_path / "in.xlsx"


def test_the_cells_are_read_once_in_read_only_mode(workbook, monkeypatch):
    loads, scans = [], []
    real_load, real_bounds = openpyxl.load_workbook, xlsx_bounds.check_bounds

    def load(*args, **kwargs):
        loads.append(kwargs.get("read_only", False))
        return real_load(*args, **kwargs)

    def bounds(path):
        scans.append(path)
        return real_bounds(path)
    monkeypatch.setattr(openpyxl, "load_workbook", load)
    monkeypatch.setattr(xlsx_import, "check_bounds", bounds)
    data = xlsx_import.read_workbook(workbook)
    assert loads == [True] and len(scans) == 1
    assert len(data["indicators"]) == 3 * 75 and len(data["tasks"]) == 3 * 14


def test_the_bounds_pass_keeps_what_read_only_mode_does_not_give(workbook):
    facts = xlsx_bounds.check_bounds(workbook)
    budget, indicators, tasks = facts["预算信息"], facts["部门整体自评表"], facts["年度重点任务"]
    assert budget.outline and max(budget.outline.values()) == 2  # the projects under 项目支出
    assert ("A1:B1", (1, 1, 1, 2)) in indicators.merges          # 类别 over two columns
    assert any(area[1] == area[3] == 1 and area[2] > area[0] for _ref, area in tasks.merges)  # 职责 runs
    assert not any(fact.protected for fact in facts.values())
    assert indicators.max_row == 1 + 3 * 75


def test_a_workbook_whose_dimension_understates_its_rows_is_read_whole(workbook, tmp_path):
    import re
    import zipfile

    target = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', data)
            out.writestr(item, data)
    data = xlsx_import.read_workbook(target)
    assert len(data["indicators"]) == 3 * 75 and data["indicators"][-1]["reason"]
