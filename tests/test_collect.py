"""collect: units' report files and workbooks copied into one database, each source all or nothing;
duplicates refused unless --replace; 定稿 versions and fingerprints travel with the report.

The same tests run on a PostgreSQL target in test_collect_server.py (through `target_of`)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.shared import make_unit_files, unit_data
from main import main
from models.collect import COLLECTED, EXISTS, REPLACED, SKIPPED
from models.database import open_database
from models.views import list_reports, load_report

FIXTURES = Path(__file__).parent / "fixtures"


def _lines(capsys) -> list[list[str]]:
    out = capsys.readouterr().out
    return [line.split("\t") for line in out.splitlines()]


def _reports(target: str) -> list:
    db = open_database(target, read_only=True)
    try:
        return [r for r in list_reports(db) if not r.is_sample]
    finally:
        db.close()


@pytest.fixture
def target(tmp_path):
    """The database collected into: a file here (a server in test_collect_server.py)."""
    return str(tmp_path / "bureau.db")


@pytest.fixture
def units(tmp_path):
    return make_unit_files(tmp_path / "units", 4)


def _bad_sources(folder: Path) -> list[Path]:
    """A text file, a report file cut short (damaged), a workbook that is no workbook."""
    folder.mkdir(exist_ok=True)
    text = folder / "notes.db"
    text.write_text("这不是数据库", encoding="utf-8")
    damaged = folder / "damaged.db"
    whole = make_unit_files(folder / "whole", 1)[0].read_bytes()
    damaged.write_bytes(whole[: len(whole) // 2])
    workbook = folder / "broken.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not really a zip")
    return [text, damaged, workbook]


def test_fifty_sources_three_bad_the_bad_named_the_good_in(tmp_path, target, capsys):
    good = make_unit_files(tmp_path / "units", 45)
    # Two of the good ones come as exported workbooks.
    for number in (46, 47):
        db_path = tmp_path / f"wb{number}.db"
        db = open_database(db_path)
        from models.services.bulk import create_report_from_data
        report_id = create_report_from_data(db, unit_data(number))
        db.close()
        assert main(["export", "--db", str(db_path), "--report", str(report_id),
                     "--xlsx", str(tmp_path / f"unit{number}.xlsx")]) == 0
        good.append(tmp_path / f"unit{number}.xlsx")
    bad = _bad_sources(tmp_path / "bad")
    sources = good[:20] + bad[:1] + good[20:40] + bad[1:] + good[40:]
    capsys.readouterr()
    assert main(["collect", "--db", target, *map(str, sources)]) == 1
    lines = _lines(capsys)
    assert len(lines) == 50 and all(len(line) == 5 for line in lines)
    assert [line[0] for line in lines] == [str(s) for s in sources]
    failed = {line[0]: line[4] for line in lines if line[4].startswith("失败：")}
    assert set(failed) == {str(path) for path in bad}
    assert "不是绩效自评的数据文件" in failed[str(bad[0])]
    assert "damaged.db" in failed[str(bad[1])] and ("损坏" in failed[str(bad[1])] or "不是" in failed[str(bad[1])])
    assert "不是 Excel 工作簿" in failed[str(bad[2])] and failed[str(bad[2])].count("无法导入") == 1
    collected = [line for line in lines if line[4] == COLLECTED]
    assert len(collected) == 47
    in_target = _reports(target)
    assert len(in_target) == 47
    assert sorted(int(line[1]) for line in collected) == sorted(r.id for r in in_target)
    by_id = {r.id: r for r in in_target}
    for line in collected:  # ID, YEAR and DEPARTMENT are the target's
        report = by_id[int(line[1])]
        assert (line[2], line[3]) == (str(report.year), report.department)
    assert {r.department for r in in_target} == {unit_data(n)["department"] for n in range(1, 48)}


def test_all_good_exit_zero_and_whole_reports(target, units, capsys):
    assert main(["collect", "--db", target, *map(str, units)]) == 0
    lines = _lines(capsys)
    assert [line[4] for line in lines] == [COLLECTED] * 4
    source = open_database(units[2], read_only=True)
    copied = open_database(target, read_only=True)
    try:
        original = load_report(source, list_reports(source)[0].id)
        copy = load_report(copied, int(lines[2][1]))
    finally:
        source.close()
        copied.close()
    from models.fingerprint import canonical_content
    assert canonical_content(copy) == canonical_content(original)
    assert [(r.name, r.adjusted, r.actual, r.depth) for r in copy.budget] == \
        [(r.name, r.adjusted, r.actual, r.depth) for r in original.budget]


def test_duplicate_refused_then_replaced(target, units, capsys):
    assert main(["collect", "--db", target, str(units[0]), str(units[1])]) == 0
    first = _lines(capsys)
    assert main(["collect", "--db", target, str(units[1]), str(units[2])]) == 1
    again = _lines(capsys)
    assert again[0][1:] == ["", first[1][2], first[1][3], EXISTS]
    assert again[1][4] == COLLECTED
    assert len(_reports(target)) == 3
    assert main(["collect", "--db", target, "--replace", str(units[1])]) == 0
    replaced = _lines(capsys)
    assert replaced[0][4] == REPLACED and replaced[0][1] not in ("", first[1][1])
    reports = _reports(target)
    assert len(reports) == 3
    assert int(first[1][1]) not in {r.id for r in reports} and int(replaced[0][1]) in {r.id for r in reports}


def test_finalized_report_still_verifies(tmp_path, target, units, capsys):
    assert main(["finalize", "--db", str(units[0])]) == 0
    number, short = capsys.readouterr().out.split()
    assert main(["collect", "--db", target, str(units[0]), str(units[1])]) == 0
    new_id = _lines(capsys)[0][1]
    assert main(["verify", "--db", target, short]) == 0
    verified = capsys.readouterr().out.split("\t")
    assert verified[0] == new_id and "定稿 第 1 版" in verified[3]
    assert main(["versions", "--db", target, "--report", new_id]) == 0
    assert capsys.readouterr().out.split("\t")[2].strip() == short
    db = open_database(target, read_only=True)
    try:
        from models.fingerprint import fingerprint
        report = load_report(db, int(new_id))
        assert report.status == "final" and fingerprint(report)[:12] == short
    finally:
        db.close()
    assert main(["summary", "--db", target]) == 0
    statuses = {line.split("\t")[0]: line.split("\t")[3] for line in capsys.readouterr().out.splitlines()}
    assert statuses[new_id] == f"定稿 1 {short}"


def test_a_source_goes_in_whole_or_not_at_all(tmp_path, target, monkeypatch, capsys):
    """A file of two reports whose second fails to be written: neither is in the target."""
    from models import collect as collecting
    from models.services.bulk import create_report_from_data

    two = tmp_path / "two.db"
    db = open_database(two)
    create_report_from_data(db, unit_data(1))
    create_report_from_data(db, unit_data(2))
    db.close()
    single = make_unit_files(tmp_path / "units", 3)[2]
    real, calls = collecting._insert, []

    def failing(connection, report):
        calls.append(report.department)
        if len(calls) == 2:
            raise collecting.StorageError("磁盘空间不足")
        return real(connection, report)
    monkeypatch.setattr(collecting, "_insert", failing)
    assert main(["collect", "--db", target, str(two), str(single)]) == 1
    lines = _lines(capsys)
    assert [line[4] for line in lines[:2]] == ["失败：磁盘空间不足（本文件的报告均未收集）"] * 2
    assert lines[2][4] == COLLECTED
    assert [r.department for r in _reports(target)] == [unit_data(3)["department"]]


def test_sample_skipped_target_itself_refused_older_schema_read_through_a_copy(tmp_path, target, capsys):
    demo = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo)]) == 0
    old = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", old)
    import sqlite3
    connection = sqlite3.connect(old)  # a unit's own report in a file of the first schema
    connection.execute("UPDATE reports SET is_sample = 0, department = '旧版本单位'")
    connection.commit()
    connection.close()
    before = old.read_bytes()
    capsys.readouterr()
    main(["collect", "--db", target, str(demo), str(old)])
    lines = _lines(capsys)
    assert lines[0][4] == SKIPPED and lines[0][1] == ""
    assert [line[3:] for line in lines[1:]] == [["旧版本单位", COLLECTED]]
    assert old.read_bytes() == before  # the unit's file is only read
    if not target.startswith("postgresql"):
        assert main(["collect", "--db", target, target]) == 1
        assert _lines(capsys)[0][4] == "失败：这就是收集的目标数据库本身"


def test_missing_source_and_folder_named(tmp_path, target, units, capsys):
    assert main(["collect", "--db", target, str(tmp_path / "nothere.db"), str(tmp_path), str(units[0])]) == 1
    lines = _lines(capsys)
    assert lines[0][4].startswith("失败：找不到文件")
    assert lines[1][4].startswith("失败：") and "文件夹" in lines[1][4]
    assert lines[2][4] == COLLECTED


def test_help_states_the_format_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["collect", "-h"])
    text = capsys.readouterr().out
    assert "来源<TAB>编号<TAB>年度<TAB>预算部门<TAB>结果" in text.replace("\n", "")
    assert "退出码" in text and "--replace" in text


def test_two_submissions_of_one_unit_in_one_run_neither_replaced_silently(tmp_path, target, units, capsys):
    again = tmp_path / "again.db"
    again.write_bytes(units[0].read_bytes())
    assert main(["collect", "--db", target, "--replace", str(units[0]), str(again)]) == 1
    lines = _lines(capsys)
    assert lines[0][4] == COLLECTED
    assert lines[1][1] == "" and lines[1][4] == f"失败：本次收集中已有同一年度、同一预算部门的报告（来自 {units[0]}），未替换"
    assert [r.id for r in _reports(target)] == [int(lines[0][1])]
