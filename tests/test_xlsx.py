"""Excel: the exported layout, no formula injection, the round trip, and malformed workbooks."""
import subprocess
import sys
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from models.fingerprint import canonical_content
from models.services import add_row, set_field, set_report_field
from models.services.bulk import create_report_from_data
from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import MAX_ROWS, WorkbookError, read_workbook

ROOT = Path(__file__).parent.parent
HOSTILE = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "+1", "-2"]


@pytest.fixture
def exported(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    return db, report_id, path


def test_layout(exported):
    _db, _id, path = exported
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["基本信息", "预算信息", "年度重点任务", "部门整体自评表"]
    budget = book["预算信息"]
    assert [c.value for c in budget[1]] == [
        "本年度预算资金（万元）", "年初预算数（万元）", "上年度结转及当年预算追加追减数（万元）", "调整预算数（万元）",
        "实际支出数（万元）", "执行率（%）"]
    assert budget["B2"].value == 2467.09 and budget["B2"].number_format == "#,##0.00"
    assert budget["F2"].value == 0.9728 and budget["F2"].number_format == "0.00%"
    assert budget["A4"].value == "项目支出" and budget.row_dimensions[5].outlineLevel == 2
    assert budget.freeze_panes == "A2" and budget.print_title_rows == "$1:$1"
    indicators = book["部门整体自评表"]
    assert indicators.page_setup.orientation == "landscape" and indicators.page_setup.fitToWidth == 1
    assert int(indicators.page_setup.paperSize) == 9  # A4
    merged = {str(r) for r in indicators.merged_cells.ranges}
    assert "A2:A76" in merged and "B2:B7" in merged and "B8:B32" in merged  # 分解目标, 决策, 过程
    tasks = book["年度重点任务"]
    assert "A6:A9" in {str(r) for r in tasks.merged_cells.ranges}  # one duty, four tasks
    assert tasks["D2"].alignment.wrap_text
    info = book["基本信息"]
    assert info["A3"].value == "年度" and info["B3"].value == 2022


def test_amounts_are_written_exactly(exported):
    _db, _id, path = exported
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<v>2467.09</v>" in xml and "<v>-5.17</v>" in xml and "<v>0.9728</v>" in xml


def test_no_formula_injection_in_any_text_field(sample, tmp_path):
    db, report_id = sample
    report = load_report(db, report_id)
    for index, text in enumerate(HOSTILE):
        set_report_field(db, report_id, ["title", "department", "goals", "preparer", "phone"][index], text)
        set_field(db, "budget", report.budget[3 + index].id, "name", text)
        for field in ("duty", "name", "content", "completion"):
            set_field(db, "tasks", report.tasks[index].id, field, text)
        for field in ("category1", "category2", "name", "target", "actual", "source", "deviation_override", "reason"):
            set_field(db, "indicators", report.indicators[index].id, field, text)
    path = tmp_path / "hostile.xlsx"
    export_workbook(load_report(db, report_id), path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode() and "<f " not in archive.read(name).decode()
    book = openpyxl.load_workbook(path)
    texts = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value in HOSTILE]
    assert len(texts) >= 5 * 13 and all(cell.data_type == "s" for cell in texts)
    # and they come back as the same text
    again = create_report_from_data(db, read_workbook(path))
    assert canonical_content(load_report(db, again)) == canonical_content(load_report(db, report_id))


def test_round_trip_export_import_export(exported, tmp_path):
    db, report_id, path = exported
    new_id = create_report_from_data(db, read_workbook(path))
    assert canonical_content(load_report(db, new_id)) == canonical_content(load_report(db, report_id))
    second = tmp_path / "second.xlsx"
    export_workbook(load_report(db, new_id), second)
    first_values = [[c.value for c in row] for s in openpyxl.load_workbook(path) for row in s.iter_rows()]
    second_values = [[c.value for c in row] for s in openpyxl.load_workbook(second) for row in s.iter_rows()]
    assert first_values == second_values


def test_override_and_units_survive(sample, tmp_path):
    db, report_id = sample
    set_field(db, "indicators", load_report(db, report_id).indicators[0].id, "deviation_override", "5%")
    set_report_field(db, report_id, "amount_unit", "元")
    path = tmp_path / "x.xlsx"
    export_workbook(load_report(db, report_id), path)
    again = create_report_from_data(db, read_workbook(path))
    report = load_report(db, again)
    assert report.amount_unit == "元" and report.budget[0].initial == Decimal("24670900.00")
    assert report.indicators[0].deviation_override == "5%"


# -- malformed workbooks ------------------------------------------------------------------------
def variant(path: Path, tmp_path: Path, change) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    target = tmp_path / "variant.xlsx"
    book.save(target)
    return target


def _merge(book):
    book["预算信息"].merge_cells("B3:C3")


def _many_rows(book):
    sheet = book["部门整体自评表"]
    for row in range(2, MAX_ROWS + 3000, 1):
        sheet.cell(row=row, column=3).value = "x"


def _protect(book):
    book["预算信息"].protection.sheet = True
    book["预算信息"].protection.password = "secret"


def _level_jump(book):
    book["预算信息"].row_dimensions[3].outlineLevel = 3


CASES = [
    ("not a zip", lambda p, t: _write(t, b"this is not a workbook"), "不是 Excel 工作簿"),
    ("empty file", lambda p, t: _write(t, b""), "不是 Excel 工作簿"),
    ("zip but not xlsx", lambda p, t: _zip(t), "缺少 xl/workbook.xml"),
    ("missing sheet", lambda p, t: variant(p, t, lambda b: b.remove(b["年度重点任务"])), "工作簿中没有工作表“年度重点任务”（有：基本信息、预算信息、部门整体自评表）"),
    ("missing heading", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(1, 2, "预算")), "找不到表头“年初预算数（万元）”"),
    ("text in amount", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(5, 2, "abc")), "第5行 B列：值为“abc”"),
    ("3 decimals as text", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(5, 2, "12.345")), "超过两位小数"),
    ("3 decimals as number", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(5, 5, 12.345)), "第5行 E列：值为“12.345”"),
    ("rate over 10000%", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(5, 6, 120.5)), "执行率超出合理范围"),
    ("merged cells", lambda p, t: variant(p, t, _merge), "不应有合并单元格"),
    ("100,000 rows", lambda p, t: variant(p, t, _many_rows), f"超过上限 {MAX_ROWS} 行"),
    ("formula in amount", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(5, 2, "=1+1")), "单元格是公式"),
    ("formula in text", lambda p, t: variant(p, t, lambda b: b["部门整体自评表"].cell(3, 3, "=A1")), "单元格是公式"),
    ("protected sheet", lambda p, t: variant(p, t, _protect), "保护密码"),
    ("boolean amount", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(5, 2, True)), "应为金额"),
    ("date amount", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(5, 2, __import__("datetime").date(2022, 1, 1))), "应为金额"),
    ("bad year", lambda p, t: variant(p, t, lambda b: b["基本信息"].cell(3, 2, "二〇二二")), "年度"),
    ("bad unit", lambda p, t: variant(p, t, lambda b: b["基本信息"].cell(5, 2, "千元")), "金额单位应为"),
    ("bad fill date", lambda p, t: variant(p, t, lambda b: b["基本信息"].cell(19, 2, "2023-02-30")), "填报日期"),
    ("missing year", lambda p, t: variant(p, t, lambda b: b["基本信息"].delete_rows(3)), "缺少“年度”"),
    ("parent sum", lambda p, t: variant(p, t, lambda b: b["预算信息"].cell(2, 2, 1.0)), "合计应等于下级之和 2467.09"),
    ("level jump", lambda p, t: variant(p, t, _level_jump), "层级跳跃"),
    ("line without name", lambda p, t: variant(p, t, lambda b: setattr(b["预算信息"]["A6"], "value", None)), "缺少项目名称"),
]


def _write(tmp_path, data):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    return path


def _zip(tmp_path):
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return path


@pytest.mark.parametrize("name, make, expected", CASES, ids=[c[0] for c in CASES])
def test_malformed_workbook_reported_and_file_untouched(exported, tmp_path, name, make, expected):
    db, _report_id, path = exported
    bad = make(path, tmp_path)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(bad)
    assert expected in caught.value.message, caught.value.message
    # through the command line: problems printed, exit 1, database byte for byte unchanged
    before = db.path.read_bytes()
    for extra in ([], ["--replace", "1"]):
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", str(db.path), str(bad),
                                 *extra], capture_output=True, text=True, timeout=300)
        assert result.returncode == 1 and expected in result.stderr, result.stdout + result.stderr
        assert db.path.read_bytes() == before


def test_cli_import_new_and_replace(exported, tmp_path):
    db, report_id, path = exported
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", str(tmp_path / "new.db"),
                             str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "1"
    add_row(db, "tasks", report_id, values={"name": "将被替换"})
    db.close()
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", str(db.path), str(path),
                             "--replace", str(report_id)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == str(report_id)
    assert [t.name for t in load_report(db, report_id).tasks][-1] != "将被替换"
    assert len(load_report(db, report_id).tasks) == 14
