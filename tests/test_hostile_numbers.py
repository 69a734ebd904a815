"""Numbers anyone can type — 1 followed by 60 zeros, a 30-digit rate, =-5 against a 20-digit value —
are bounded where they are parsed: refused on input (services, editor, import) with a Chinese
message, and a file that already holds one (hand-edited) is read and reported without a traceback."""
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.deviation import compute_deviation
from models.errors import DomainError
from models.money import MAX_FRACTION_DIGITS, MAX_WHOLE_DIGITS, number_problem, parse_number
from models.services.rows import set_field
from models.targets import QUALITATIVE, QUANTITATIVE, check_target, looks_numeric, parse_target
from models.views import load_indicators

ROOT = Path(__file__).parent.parent
HUGE = "1" + "0" * 60
RATE_30 = "9" * 30 + "%"
TWENTY = "12345678901234567890"


def run(*args, cwd):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_bounds_are_15_whole_and_15_decimal_digits():
    assert (MAX_WHOLE_DIGITS, MAX_FRACTION_DIGITS) == (15, 15)
    assert number_problem(Decimal("9" * 15)) is None
    assert "整数部分最多 15 位" in number_problem(Decimal("1" + "0" * 15))
    assert number_problem(Decimal("0." + "0" * 14 + "1")) is None
    assert "最多 15 位小数" in number_problem(Decimal("0." + "0" * 15 + "1"))
    # leading and trailing zeros are no digits of the number
    assert number_problem(Decimal("0" * 40 + "1." + "5" + "0" * 40)) is None
    assert number_problem(Decimal("0." + "0" * 40)) is None and number_problem(Decimal("0E+40")) is None
    assert number_problem(Decimal("Infinity")) and number_problem(Decimal("NaN"))


@pytest.mark.parametrize("text", [HUGE, RATE_30, TWENTY, ">=" + HUGE + "%", "0." + "0" * 20 + "1%", HUGE + "个"])
def test_a_too_large_number_is_not_read_and_refused_on_input(text):
    target = parse_target(text)
    assert target.kind == QUALITATIVE and target.value is None and target.text == text  # nothing lost
    assert target.problem and looks_numeric(target)  # the check flags it
    with pytest.raises(DomainError) as error:
        check_target(text)
    assert "数字过大" in error.value.message or "小数位过多" in error.value.message


def test_numbers_within_the_bounds_still_read():
    assert parse_target("=-5").value == Decimal(-5)
    assert parse_target("9" * 15 + "%").is_quantitative
    assert check_target(">=85%") == ">=85%" and check_target("健全") == "健全"
    assert parse_number(" ９７．２８ ") == Decimal("97.28")
    with pytest.raises(DomainError, match="数字过大"):
        parse_number(TWENTY)
    with pytest.raises(DomainError, match="不是数字"):
        parse_number("Infinity")


def test_extremes_within_the_bounds_compute_without_error():
    tiny, big = "0." + "0" * 14 + "1", "9" * 15 + "." + "9" * 15
    for target, actual in ((tiny, big), ("-" + big, tiny), (tiny + "%", "-" + big + "%"), ("=-5", big)):
        assert parse_target(target).kind == QUANTITATIVE and parse_target(actual).kind == QUANTITATIVE
        assert compute_deviation(parse_target(target), parse_target(actual)).endswith("%")


def test_services_refuse_a_too_large_value_and_change_nothing(sample):
    db, report_id = sample
    row = load_indicators(db, report_id)[35]
    before = db.path.read_bytes()
    for field, value in (("actual", HUGE), ("target", RATE_30), ("actual", TWENTY)):
        with pytest.raises(DomainError) as error:
            set_field(db, "indicators", row.id, field, value)
        assert error.value.message.startswith(("指标完成值：数字过大", "指标目标值：数字过大"))
    assert db.path.read_bytes() == before
    set_field(db, "indicators", row.id, "actual", "9" * 15 + "个")  # the largest accepted
    assert load_indicators(db, report_id)[35].actual.is_quantitative


def _hand_edited(tmp_path) -> Path:
    """The sample with hostile values written straight into the file, as another tool could."""
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    path = tmp_path / "a.db"
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE indicators SET actual = ? WHERE name = '预算执行率'", (RATE_30,))
        raw.execute("UPDATE indicators SET actual = ? WHERE name = '绩效管理覆盖率'", (HUGE + "%",))
        raw.execute("UPDATE indicators SET target = '=-5', actual = ? WHERE name = '参与主导编写的地方标准数量'",
                    (TWENTY,))
        raw.execute("UPDATE indicators SET target = '=-5%', actual = ? WHERE name = '固定资产利用率'",
                    (TWENTY + "%",))
        raw.execute("UPDATE reports SET goals = '预算执行率为97.280000000000000000000000000001%'")
    raw.close()
    return path


@pytest.mark.parametrize("command", [["check"], ["export", "--xlsx", "o.xlsx"], ["export", "--pdf", "o.pdf"],
                                     ["finalize"], ["next-year"]])
def test_a_file_holding_too_large_numbers_works_with_every_command(tmp_path, command):
    _hand_edited(tmp_path)
    result = run(*command, "--db", "a.db", cwd=tmp_path)
    assert "Traceback" not in result.stderr and "程序内部错误" not in result.stderr, result.stderr
    assert result.returncode in (0, 1)
    if command[0] == "check":  # the values are named as not read
        assert "预算执行率" in result.stdout and "按定性指标处理" in result.stdout
    if command[0] == "export" and command[1] == "--xlsx":
        assert result.returncode == 0
        sheet = load_workbook(tmp_path / "o.xlsx")["部门整体自评表"]
        assert RATE_30 in [cell.value for cell in sheet["E"]]  # kept word for word


def test_the_editor_builds_the_indicator_tab_of_such_a_file(qtbot, tmp_path):
    from conftest import open_editor

    path = _hand_edited(tmp_path)
    window = open_editor(qtbot, path, tmp_path)
    window.tabs.setCurrentIndex(4)
    model = window.pages[4].model
    texts = [model.index(row, 4).data() for row in range(model.rowCount())]
    assert RATE_30 in texts and TWENTY in texts


def test_the_editor_refuses_a_typed_too_large_value(qtbot, sample, tmp_path):
    from PySide6.QtCore import Qt
    from conftest import open_editor

    db, report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(4)
    page = window.pages[4]
    model, view = page.model, page.view
    before = window.db.path.read_bytes()
    index = model.index(35, 4)
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClicks(view, TWENTY[0])
    editor = view.focusWidget()
    assert editor is not view
    qtbot.keyClicks(editor, TWENTY[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=2000)
    assert window.db.path.read_bytes() == before
    assert "数字过大" in page.message.text()
    assert model.index(35, 4).data() == "1个"


def _workbook_with(tmp_path, sheet_name, cell, value) -> Path:
    source = tmp_path / "a.xlsx"
    if not source.exists():
        assert run("demo", "--db", "src.db", cwd=tmp_path).returncode == 0
        assert run("export", "--db", "src.db", "--xlsx", "a.xlsx", cwd=tmp_path).returncode == 0
    book = load_workbook(source)
    book[sheet_name][cell] = value
    path = tmp_path / f"{sheet_name}{cell}.xlsx"
    book.save(path)
    return path


def test_the_import_refuses_a_too_large_value_before_writing(tmp_path):
    from reports.xlsx_import import WorkbookError, read_workbook

    for cell, value in (("E8", HUGE + "%"), ("E37", TWENTY), ("D8", RATE_30), ("E8", 1e300)):
        path = _workbook_with(tmp_path, "部门整体自评表", cell, value)
        with pytest.raises(WorkbookError) as error:
            read_workbook(path)
        assert f"第{cell[1:]}行 {cell[0]}列" in str(error.value) and "数字过大（整数部分最多 15 位）" in str(error.value)
    result = run("import", "--db", "new.db", path.name, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "new.db").exists()  # no empty new file left behind


@pytest.mark.parametrize("value", ["123456789012345678901234567890%", "Infinity", "1e99"])
def test_a_typed_execution_rate_of_any_size_is_only_a_notice(tmp_path, value):
    from reports.xlsx_import import read_workbook

    data = read_workbook(_workbook_with(tmp_path, "预算信息", "F2", value))
    assert any("执行率由程序计算" in notice and "填写的值未采用" in notice for notice in data["notices"])


def test_a_paste_with_one_too_large_value_changes_nothing_and_names_it(sample):
    from models.services.rows import CellEditError, apply_edits

    db, report_id = sample
    rows = load_indicators(db, report_id)
    before = db.path.read_bytes()
    with pytest.raises(CellEditError) as error:
        apply_edits(db, "indicators", [(rows[0].id, "actual", "合格"), (rows[1].id, "target", ">=" + HUGE + "%")])
    assert error.value.problems == [(1, "指标目标值：数字过大（整数部分最多 15 位）")]
    assert db.path.read_bytes() == before
