"""One catalogue of fields (models/fields.py): labels as the seed prints them, read by every output."""
import re
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from models import fields
from models.checks import run_checks
from models.compare import compare_contents
from models.fingerprint import canonical_content, fingerprint
from models.views import load_report
from reports.xlsx_export import export_workbook

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed_report.txt"  # the published report the sample is taken from




def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_printed_label_is_the_seeds_wording():
    seed = _squash(SEED.read_text(encoding="utf-8"))
    for field in fields.NARRATIVE_FIELDS:
        for text in filter(None, (field.section, field.lead)):
            assert _squash(text) in seed, text
    for field in (*fields.TASK_FIELDS, *fields.INDICATOR_FIELDS):
        assert _squash(field.heading_for()) in seed, field.key
    for field in fields.BUDGET_FIELDS:
        # the seed's PDF text breaks 上年度结转及当年 预算追加追减数(万 元) across lines
        assert _squash(field.heading_for("万元")).replace("（", "").replace("）", "") in \
            seed.replace("(", "").replace(")", "").replace("（", "").replace("）", ""), field.key
    assert "一、预算部门名称" in seed and fields.REPORT_FIELDS["department"].heading == "一、预算部门名称"


def test_the_labels_that_had_drifted_apart():
    assert fields.label_of("signoff", "finance_head") == "财务负责人（审核人）"
    assert fields.label_of("narrative", "performance") == "四、部门（单位）整体支出绩效实现情况"
    assert fields.label_of("narrative", "result_application") == "六、1. 绩效自评结果拟应用"
    from models.unreadable import field_label  # a damaged value is named as the user knows the field
    assert field_label("reports", "finance_head") == "财务负责人（审核人）"
    assert field_label("reports", "performance") == "四、部门（单位）整体支出绩效实现情况"


def test_the_cleaners_live_with_the_catalogue_and_the_services_use_them():
    from models.services import common, rows

    assert common.clean_line is fields.clean_line and common.clean_text is fields.clean_text
    assert rows.TABLES["indicators"].fields["target"][1] is fields.clean_target
    assert fields.parse_year("2022年度") == 2022 and fields.parse_fill_date("2023年3月5日") == "2023-03-05"
    assert fields.clean_override("  ") is None and fields.clean_line(" a\nb ") == "a b"


def test_outputs_and_findings_read_the_catalogue(sample, tmp_path):
    db, report_id = sample
    report = load_report(db, report_id)
    export_workbook(report, tmp_path / "r.xlsx")
    info = [row[0] for row in load_workbook(tmp_path / "r.xlsx")["基本信息"].iter_rows(min_row=2, values_only=True)]
    assert info == [label for _key, label in
                    ((f.key, f.label) for f in (*fields.HEADER_FIELDS, *fields.NARRATIVE_FIELDS, *fields.SIGNOFF_FIELDS))]
    places = {f.place for f in run_checks(report)}
    assert "基本信息 填报人" in places
    changed = dict(canonical_content(report), signoff={**report.signoff, "finance_head": "李"})
    assert compare_contents(canonical_content(report), changed) == ["财务负责人（审核人）：（空） → 李"]


def test_the_fingerprint_follows_the_catalogues_order(sample):
    db, report_id = sample
    report = load_report(db, report_id)
    content = canonical_content(report)
    first = report.indicators[0]
    assert content["indicators"][0] == [first.category1, first.category2, first.name, first.target.text,
                                        first.actual.text, first.source, first.deviation_override, first.reason]
    assert len(content["budget"][0]) == 1 + len(fields.stored_fields("budget"))
    assert fingerprint(report).startswith("f550ba68fc69")  # unchanged by the catalogue: versions stay verifiable


def test_reports_do_not_import_the_services_and_no_module_imports_a_private_name():
    sources = [path for folder in ("models", "reports", "ui") for path in (ROOT / folder).rglob("*.py")
]
    sources += [ROOT / "main.py", ROOT / "bench" / "floors.py", ROOT / "bench" / "worker.py"]
    private = re.compile(r"^\s*from\s+(models|reports|ui|bench)[\w.]*\s+import\s+(.*)$")
    offenders = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if path.parent.name == "reports" and re.search(r"^\s*from models\.services", text, re.M):
            offenders.append(f"{path.name}: imports models.services")
        for line in text.splitlines():
            match = private.match(line)
            if match and any(name.strip().startswith("_") for name in match.group(2).strip("()").split(",")):
                offenders.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert offenders == []


def test_every_stored_column_is_in_the_catalogue():
    from models.tables import budget_lines, funding_rows, indicators, key_tasks, reports

    report_columns = set(reports.c.keys()) - {"id", "status", "is_sample", "created_at", "updated_at", "row_version"}
    assert report_columns == set(fields.REPORT_FIELDS)
    for table, name in ((budget_lines, "budget"), (key_tasks, "tasks"), (indicators, "indicators"),
                        (funding_rows, "funding")):
        stored = set(table.c.keys()) - {"id", "report_id", "parent_id", "position", "row_key"}
        assert stored == {f.key for f in fields.stored_fields(name)}, name


def test_the_cli_check_names_places_in_the_catalogues_words(sample):
    db, _report_id = sample
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", "--db", str(db.path)],
                            capture_output=True, text=True, timeout=120)
    assert "基本信息 单位负责人" in result.stdout
