"""summary: one line per report (amounts in 万元, 执行率, 总分/等级, the checks' counts), one query per
table whatever the number of reports, and the same as a workbook with totals."""
from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from bench.shared import unit_data
from main import main
from models.checks import ERROR, WARNING, run_checks
from models.database import open_database
from models.sample import install_sample, sample_data
from models.services.bulk import create_report_from_data
from models.summary import summarize
from models.views import load_report


def _counts(db, report_id) -> tuple[str, str]:
    findings = run_checks(load_report(db, report_id))
    return (str(sum(f.level == ERROR for f in findings)), str(sum(f.level == WARNING for f in findings)))


@pytest.fixture
def target(tmp_path):
    """The database summarized: a file here (a server in test_summary_server.py)."""
    return str(tmp_path / "bureau.db")


@pytest.fixture
def bureau(target):
    """The sample (as a unit's report, not marked 示例), a report in 元, one of 2023 scored under mof,
    and the sample marked 示例 (left out)."""
    db = open_database(target)
    ids = {"sample": create_report_from_data(db, sample_data())}
    in_yuan = dict(unit_data(5), department="元单位")
    ids["yuan"] = create_report_from_data(db, in_yuan)
    ids["mof"] = create_report_from_data(db, dict(unit_data(4), department="财政部表式单位"))
    from models import services
    services.set_report_field(db, ids["mof"], "form", "mof")
    install_sample(db)
    yield db, ids
    db.close()


def test_lines_exact_for_the_sample(bureau, target, capsys):
    db, ids = bureau
    capsys.readouterr()
    assert main(["summary", "--db", target, "--year", "2022"]) == 0
    lines = capsys.readouterr().out.splitlines()
    errors, warnings = _counts(db, ids["sample"])
    sample_line = next(line for line in lines if line.split("\t")[0] == str(ids["sample"]))
    assert sample_line == "\t".join([str(ids["sample"]), "2022", "苏州市便民服务中心", "草稿", "2518.38", "2449.85",
                                     "97.28%", "", "", errors, warnings])
    assert all(len(line.split("\t")) == 11 for line in lines)
    assert not any(line.startswith("编号") for line in lines)  # no heading line: the contract only


def test_yuan_converted_to_wan_yuan(bureau):
    db, ids = bureau
    rows = {row.id: row for row in summarize(db)}
    row = rows[ids["yuan"]]
    report = load_report(db, ids["yuan"])
    assert report.amount_unit == "元"
    top = report.budget[0]
    assert row.adjusted == (top.adjusted / 10000).quantize(Decimal("0.01"))
    assert row.actual == (top.actual / 10000).quantize(Decimal("0.01"))
    assert row.rate == top.execution_rate
    assert row.adjusted < 10000  # 万元, not 元


def test_scores_of_a_scored_form_and_none_for_suzhou(bureau):
    from models.scoring import score_report

    db, ids = bureau
    rows = {row.id: row for row in summarize(db)}
    expected = score_report(load_report(db, ids["mof"]))
    assert expected is not None
    assert (rows[ids["mof"]].total, rows[ids["mof"]].grade) == (expected.total, expected.grade)
    assert rows[ids["mof"]].texts()[7:9] == [str(expected.total), expected.grade]
    assert rows[ids["sample"]].texts()[7:9] == ["", ""]
    for report_id, row in rows.items():  # every count as the per-report path finds it
        assert (str(row.errors), str(row.warnings)) == _counts(db, report_id)


def test_year_filter_sample_left_out_and_order(bureau):
    db, ids = bureau
    all_rows = summarize(db)
    assert [row.id for row in all_rows] == sorted(ids.values(), key=lambda i: (
        load_report(db, i).year, load_report(db, i).department, i))
    assert {row.year for row in summarize(db, 2023)} == {2023}
    assert [row.id for row in summarize(db, 2023)] == [ids["mof"]]
    assert summarize(db, 1999) == []


def test_final_status_names_version_and_fingerprint(bureau):
    from models.versions import finalize

    db, ids = bureau
    version = finalize(db, ids["sample"])
    row = next(row for row in summarize(db) if row.id == ids["sample"])
    assert row.status_label == f"定稿 {version.number} {version.short}"


def _statements(db, action) -> int:
    count = [0]

    def counted(*_args):
        count[0] += 1
    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count[0]


def test_one_query_per_table_whatever_the_number_of_reports(tmp_path):
    few = open_database(tmp_path / "few.db")
    many = open_database(tmp_path / "many.db")
    for number in range(1, 3):
        create_report_from_data(few, unit_data(number))
    for number in range(1, 26):
        create_report_from_data(many, unit_data(number))
    try:
        queries_few = _statements(few, lambda: summarize(few, parallel=False))
        queries_many = _statements(many, lambda: summarize(many, parallel=False))
        assert queries_few == queries_many <= 8
        assert len(summarize(many, parallel=False)) == 25
    finally:
        few.close()
        many.close()


# Forking is refused in a process running a Qt application (as the test session does once an editor
# test ran), so the comparison runs in a process of its own, as the command line does.
_PARALLEL_SCRIPT = """
import sys
from unittest import mock
from bench.shared import unit_data
from models import summary as summary_module
from models.database import open_database
from models.services.bulk import create_report_from_data
db = open_database(sys.argv[1])
for number in range(1, 9):
    create_report_from_data(db, unit_data(number))
alone = summary_module.summarize(db, parallel=False)
with mock.patch.object(summary_module, "PARALLEL_FROM", 2), mock.patch.object(summary_module.os, "cpu_count", lambda: 2):
    assert summary_module._workers(8, True) == 2, "no fork"
    assert summary_module.summarize(db) == alone, "rows differ"
print("same", len(alone))
"""


def test_every_core_gives_the_same_rows(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", _PARALLEL_SCRIPT, str(tmp_path / "r.db")], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "same 8"


def test_workbook_read_back(bureau, target, tmp_path, capsys):
    db, ids = bureau
    out = tmp_path / "汇总.xlsx"
    assert main(["summary", "--db", target, "--xlsx", str(out)]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    sheet = load_workbook(out).active
    values = list(sheet.iter_rows(values_only=True))
    assert "金额单位：万元" in values[0][0] and "折算" in values[0][0]
    assert list(values[1]) == ["编号", "年度", "预算部门", "状态", "调整预算数（万元）", "实际支出数（万元）", "执行率",
                               "总分", "等级", "错误", "警告"]
    body, totals = values[2:-1], values[-1]
    assert len(body) == len(lines) == 3
    for row, line in zip(body, lines):
        assert [str(row[0]), str(row[1]), row[2], row[3]] == line[:4]
        assert Decimal(str(row[4])) == Decimal(line[4]) and Decimal(str(row[5])) == Decimal(line[5])
        assert f"{Decimal(str(row[6])) * 100:.2f}%" == line[6]
        assert (row[7] is None) == (line[7] == "") and (row[8] or "") == line[8]
        assert [str(row[9]), str(row[10])] == line[9:]
    assert totals[0] == "合计" and totals[2] == "3 份报告" and totals[3] == "定稿 0 份，草稿 3 份"
    adjusted = sum(Decimal(line[4]) for line in lines)
    actual = sum(Decimal(line[5]) for line in lines)
    assert Decimal(str(totals[4])) == adjusted and Decimal(str(totals[5])) == actual
    assert round(Decimal(str(totals[6])), 6) == round(actual / adjusted, 4)
    assert totals[9] == sum(int(line[9]) for line in lines) and totals[10] == sum(int(line[10]) for line in lines)
    assert sheet["E3"].number_format == "#,##0.00" and sheet["G3"].number_format == "0.00%"


def test_workbook_never_over_the_database(target, bureau, capsys):
    assert main(["summary", "--db", target, "--xlsx", target]) == 1
    assert "数据" in capsys.readouterr().err


def test_department_starting_with_equals_stays_text(tmp_path):
    from reports.xlsx_summary import write_summary

    db = open_database(tmp_path / "r.db")
    create_report_from_data(db, dict(unit_data(1), department="=HYPERLINK(\"x\")"))
    rows = summarize(db)
    db.close()
    write_summary(rows, tmp_path / "s.xlsx")
    cell = load_workbook(tmp_path / "s.xlsx").active["C3"]
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"


def test_a_report_without_amounts_has_empty_columns(tmp_path, capsys):
    from models.services.reports import create_report

    db = open_database(tmp_path / "r.db")
    report_id = create_report(db, 2024, "新成立单位")
    errors, warnings = _counts(db, report_id)
    db.close()
    assert main(["summary", "--db", str(tmp_path / "r.db")]) == 0
    assert capsys.readouterr().out == "\t".join([str(report_id), "2024", "新成立单位", "草稿", "", "", "", "", "",
                                                 errors, warnings]) + "\n"
