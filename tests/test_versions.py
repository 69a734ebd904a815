"""定稿 and versions, verifying paper copies, comparing, and next year's report."""
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from models.compare import compare_contents
from models.errors import DomainError
from models.fingerprint import canonical_content, fingerprint, short_fingerprint
from models.next_year import create_next_year, previous_year
from models.schema import NARRATIVE_FIELDS, SIGNOFF_FIELDS
from models.services import (
    add_row, apply_edits, indent_budget_line, move_row, remove_rows, set_field, set_report_field)
from models.services.bulk import replace_tables
from models.versions import (
    FinalizeRefused, finalize, list_versions, reopen, verify_code, version_content, version_report)
from models.views import load_report

ROOT = Path(__file__).parent.parent
SAMPLE_FINGERPRINT = "f550ba68fc69b407c58a97531f43c75b0b5d3473bff90f7c53dded4ffb4bbaa9"


def fix_errors(db, report_id):
    row = next(i for i in load_report(db, report_id).indicators if i.name == "结转结余率")
    set_field(db, "indicators", row.id, "actual", "2.72%")
    set_field(db, "indicators", row.id, "reason", "年末结转资金")


def make_an_error(db, report_id):
    """The sample has no error of its own: a 结转结余率 above the budget's 2.72 % is one."""
    row = next(i for i in load_report(db, report_id).indicators if i.name == "结转结余率")
    set_field(db, "indicators", row.id, "actual", "5%")


def test_fingerprint_is_stable_across_runs_and_machines(sample):
    db, report_id = sample
    assert fingerprint(load_report(db, report_id)) == SAMPLE_FINGERPRINT
    code = ("import sys, tempfile; sys.path.insert(0, %r)\n"
            "from models.database import open_database\nfrom models.sample import install_sample\n"
            "from models.views import load_report\nfrom models.fingerprint import fingerprint\n"
            "db = open_database(tempfile.mkdtemp() + '/x.db'); print(fingerprint(load_report(db, install_sample(db))))"
            % str(ROOT))
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": "Asia/Shanghai", "LANG": "C"}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert out.stdout.strip() == SAMPLE_FINGERPRINT, out.stderr


def test_any_change_to_any_field_changes_it(sample):
    db, report_id = sample
    report = load_report(db, report_id)
    seen = {fingerprint(report)}
    variants = [replace(report, title="x"), replace(report, year=2023), replace(report, department="x"),
                replace(report, amount_unit="元")]
    variants += [replace(report, narrative={**report.narrative, key: "x"}) for key in NARRATIVE_FIELDS]
    variants += [replace(report, signoff={**report.signoff, key: "2023-01-01"}) for key in SIGNOFF_FIELDS]
    line = report.budget[5]
    from decimal import Decimal
    for change in ({"name": "x"}, {"initial": Decimal(1)}, {"adjustment": Decimal(1)}, {"actual": Decimal(1)},
                   {"depth": 1}):
        variants.append(replace(report, budget=report.budget[:5] + [replace(line, **change)] + report.budget[6:]))
    task = report.tasks[2]
    for field in ("duty", "name", "content", "completion"):
        variants.append(replace(report, tasks=report.tasks[:2] + [replace(task, **{field: "x"})] + report.tasks[3:]))
    item = report.indicators[3]
    from models.targets import parse_target
    for change in ({"category1": "x"}, {"category2": "x"}, {"name": "x"}, {"target": parse_target("x")},
                   {"actual": parse_target("x")}, {"source": "x"}, {"deviation_override": "x"}, {"reason": "x"}):
        variants.append(replace(report, indicators=report.indicators[:3] + [replace(item, **change)]
                                + report.indicators[4:]))
    variants.append(replace(report, tasks=list(reversed(report.tasks))))
    for variant in variants:
        value = fingerprint(variant)
        assert value not in seen
        seen.add(value)


def test_finalize_refused_with_errors_then_stored(sample):
    db, report_id = sample
    make_an_error(db, report_id)
    with pytest.raises(FinalizeRefused) as refused:
        finalize(db, report_id)
    assert refused.value.findings[0].row_name == "结转结余率"
    assert list_versions(db, report_id) == []
    fix_errors(db, report_id)
    version = finalize(db, report_id)
    assert version.number == 1 and version.fingerprint == fingerprint(load_report(db, report_id))
    assert version.short == version.fingerprint[:12]
    assert load_report(db, report_id).status == "final"


def test_edits_refused_while_final_at_the_service_level(sample):
    db, report_id = sample
    fix_errors(db, report_id)
    finalize(db, report_id)
    report = load_report(db, report_id)
    before = db.path.read_bytes()
    attempts = [
        lambda: set_report_field(db, report_id, "goals", "x"),
        lambda: set_field(db, "budget", report.budget[4].id, "actual", "1"),
        lambda: apply_edits(db, "tasks", [(report.tasks[0].id, "name", "x")]),
        lambda: add_row(db, "indicators", report_id),
        lambda: remove_rows(db, "tasks", [report.tasks[0].id]),
        lambda: move_row(db, "tasks", report.tasks[0].id, 3),
        lambda: indent_budget_line(db, report.budget[4].id),
        lambda: replace_tables(db, report_id, {"budget": [], "tasks": [], "indicators": []}),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError, match="定稿"):
            attempt()
    assert db.path.read_bytes() == before


def test_reopen_needs_a_reason_and_records_it(sample):
    db, report_id = sample
    fix_errors(db, report_id)
    finalize(db, report_id)
    with pytest.raises(DomainError, match="原因"):
        reopen(db, report_id, "  ")
    reopen(db, report_id, "单位负责人要求修改第四部分")
    set_report_field(db, report_id, "performance", "改过的正文")
    second = finalize(db, report_id)
    versions = list_versions(db, report_id)
    assert [v.number for v in versions] == [1, 2] and second.number == 2
    assert versions[0].reopen_reason == "单位负责人要求修改第四部分" and versions[0].reopened_at is not None
    assert versions[0].fingerprint != versions[1].fingerprint
    # version 1 prints the same content and fingerprint as when it was final
    old = version_report(db, report_id, 1)
    assert fingerprint(old) == versions[0].fingerprint
    assert old.narrative["performance"].startswith("2022年，市便民服务中心")
    changes = compare_contents(version_content(db, report_id, 1), version_content(db, report_id, 2))
    assert changes == ["四、部门（单位）整体支出绩效实现情况：" + old.narrative["performance"][:60] + "… → 改过的正文"]


def test_verify_a_paper_copy(sample):
    db, report_id = sample
    fix_errors(db, report_id)
    version = finalize(db, report_id)
    [(found, year, department)] = verify_code(db, version.short.upper())
    assert (found.number, year, department) == (1, 2022, "苏州市便民服务中心")
    assert verify_code(db, "0123456789ab") == []
    with pytest.raises(DomainError):
        verify_code(db, "xyz")


def test_compare_rows_added_removed_changed(sample):
    db, report_id = sample
    before = canonical_content(load_report(db, report_id))
    report = load_report(db, report_id)
    set_field(db, "budget", report.budget[4].id, "actual", "20")
    remove_rows(db, "tasks", [report.tasks[1].id])
    add_row(db, "indicators", report_id, values={"name": "新指标"})
    changes = compare_contents(before, canonical_content(load_report(db, report_id)))
    assert "预算信息 第5行「全市政务服务便民热线运行绩效第三方测评」实际支出数：22.48 → 20.00" in changes
    assert "年度重点任务：删除了「在突发、紧急情况下，做好大话务量涌入应急响应。」" in changes
    assert "部门整体自评表 第76行：新增「新指标」" in changes


def test_final_pdf_carries_version_and_fingerprint_and_no_draft(sample, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    db, report_id = sample
    fix_errors(db, report_id)
    version = finalize(db, report_id)
    db.close()
    out = tmp_path / "final.pdf"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "--db", str(db.path), "--pdf",
                             str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pages = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split("\f")[:-1]
    assert pages and all(f"定稿 第 1 版" in p and version.short in p and "草稿" not in p for p in pages)


def test_next_year_copies_structure_and_clears_values(sample):
    db, report_id = sample
    new_id = create_next_year(db, report_id)
    old, new = load_report(db, report_id), load_report(db, new_id)
    assert (new.year, new.department, new.title, new.amount_unit) == (2023, old.department, old.title, "万元")
    assert [(r.depth, r.name, r.child_count) for r in new.budget] == [(r.depth, r.name, r.child_count)
                                                                       for r in old.budget]
    assert all(r.initial is None and r.adjustment is None and r.actual is None for r in new.budget)
    assert [(t.duty, t.name, t.content) for t in new.tasks] == [(t.duty, t.name, t.content) for t in old.tasks]
    assert all(t.completion == "" for t in new.tasks)
    assert [(i.category1, i.category2, i.name, i.target.text, i.source) for i in new.indicators] == [
        (i.category1, i.category2, i.name, i.target.text, i.source) for i in old.indicators]
    assert all(i.actual.is_empty and i.deviation_override is None and i.reason == "" for i in new.indicators)
    assert all(text == "" for text in new.narrative.values())
    with pytest.raises(DomainError, match="已经存在"):
        create_next_year(db, report_id)
    assert previous_year(db, new).id == report_id


def test_next_year_keeps_narrative_when_asked(sample):
    db, report_id = sample
    new = load_report(db, create_next_year(db, report_id, keep_narrative=True))
    assert new.narrative == load_report(db, report_id).narrative


def test_cli(sample, tmp_path):
    db, report_id = sample
    make_an_error(db, report_id)
    db.close()
    def run(*args):
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                              timeout=120)
    refused = run("finalize", "--db", str(db.path))
    assert refused.returncode == 1 and refused.stdout.startswith("错误\t")
    import sqlite3
    with sqlite3.connect(db.path) as raw:
        raw.execute("UPDATE indicators SET actual = '2.72%', reason = '结转' WHERE name = '结转结余率'")
    raw.close()
    done = run("finalize", "--db", str(db.path))
    number, short = done.stdout.strip().split("\t")
    assert done.returncode == 0 and number == "1" and len(short) == 12
    listing = run("versions", "--db", str(db.path))
    assert listing.stdout.startswith(f"1\t") and short in listing.stdout
    verified = run("verify", "--db", str(db.path), short)
    assert verified.returncode == 0 and "定稿 第 1 版" in verified.stdout and "苏州市便民服务中心" in verified.stdout
    assert run("verify", "--db", str(db.path), "0123456789ab").returncode == 1
    created = run("next-year", "--db", str(db.path))
    assert created.returncode == 0 and created.stdout.strip().isdigit()
