"""restore without a server: `--report` matches a report of the file by its year and department (as on a
server), the whole-file restore of a backup stays a whole-file replace, and a file that is no report file
is refused in one Chinese line; the server's error wording for reads and SSL, without a server."""
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from models.database import open_database
from models.errors import StorageError
from models.views import list_reports, load_report


def in_process(capsys, *args):
    import main

    code = main.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


def make_reports(target, *identities, title=""):
    from models.sample import sample_data
    from models.services.bulk import create_report_from_data

    db = open_database(target, create=True)
    try:
        return [create_report_from_data(db, dict(sample_data(), department=department, year=year,
                                                 title=f"{title} {department} {year}"))
                for department, year in identities]
    finally:
        db.close()


def contents(path):
    db = open_database(path, read_only=True)
    try:
        return sorted((r.id, r.year, r.department, load_report(db, r.id).title) for r in list_reports(db))
    finally:
        db.close()


@pytest.fixture
def files(tmp_path):
    target, coll = tmp_path / "bureau.db", tmp_path / "coll.db"
    assert make_reports(target, ("甲局", 2022), ("乙局", 2022), ("甲局", 2023), ("丙局", 2022), title="局") == [1, 2, 3, 4]
    assert make_reports(coll, ("乙局", 2023), ("乙局", 2022), ("丙局", 2023), ("甲局", 2023), title="文件") == [1, 2, 3, 4]
    return target, coll


def test_one_report_into_a_file_is_matched_by_its_identity(files, capsys):
    target, coll = files
    done = in_process(capsys, "restore", "--db", target, "--report", "4", coll)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["3\t2023\t甲局\t已替换原报告（文件中编号 4）"]
    assert contents(target) == [(1, 2022, "甲局", "局 甲局 2022"), (2, 2022, "乙局", "局 乙局 2022"),
                                (3, 2023, "甲局", "文件 甲局 2023"), (4, 2022, "丙局", "局 丙局 2022")]
    kept = Path(done.stderr.split("：", 1)[1].strip())  # the whole file, backed up before
    assert kept.parent == target.parent / "backups" and (3, 2023, "甲局", "局 甲局 2023") in contents(kept)
    done = in_process(capsys, "restore", "--db", target, "--report", "1", coll)
    assert done.stdout.splitlines() == ["5\t2023\t乙局\t已新增（文件中编号 1）"]
    assert contents(target)[0] == (1, 2022, "甲局", "局 甲局 2022")


def test_the_whole_file_restore_of_a_backup_is_still_a_whole_file_replace(files, capsys):
    """restore --db FILE BACKUP (no --report): FILE becomes the backup's content, numbers and all."""
    target, coll = files
    before = contents(target)
    done = in_process(capsys, "restore", "--db", target, coll)
    assert done.returncode == 0, done.stderr
    assert contents(target) == contents(coll)
    assert contents(Path(done.stdout.strip())) == before  # prints the copy of what it replaced


def test_match_reports_by_identity_then_number():
    from types import SimpleNamespace as Row

    from models.restore import match_reports

    present = [Row(id=1, year=2022, department="甲局"), Row(id=3, year=2023, department="甲局"),
               Row(id=4, year=2022, department="丙局"), Row(id=7, year=2023, department="甲局 ")]
    incoming = [dict(id=4, year=2023, department="甲局"), dict(id=1, year=2023, department="乙局"),
                dict(id=9, year=2022, department="丙局")]
    assert match_reports(incoming, present, "f.db") == {4: 3, 1: None, 9: 4}
    twice = present + [Row(id=8, year=2023, department="甲局")]
    assert match_reports([dict(id=8, year=2023, department="甲局")], twice, "f.db") == {8: 8}
    with pytest.raises(StorageError, match=r"^数据库中有 2 份 2023 年度“甲局”的报告（编号 3、8），无法确定“f.db”中编号 4"):
        match_reports(incoming, twice, "f.db")
    # two of one identity in the file, one on the server: the number's first, the other added
    assert match_reports([dict(id=2, year=2022, department="甲局"), dict(id=1, year=2022, department="甲局")],
                         present, "f.db") == {1: 1, 2: None}


def broken_files(tmp_path, good: Path):
    random = tmp_path / "random.db"
    random.write_bytes(bytes(range(256)) * 16)
    text = tmp_path / "notes.db"
    text.write_text("这不是数据库\n", encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (a)")
    other_name = "“other.db”是其他程序的数据库，不是本程序的报告文件，不能用来恢复。"
    empty = tmp_path / "empty.db"
    empty.touch()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[:5000])
    broken = "“{}”不是本程序的报告文件或已损坏，不能用来恢复。"
    return [(random, broken.format("random.db")), (text, broken.format("notes.db")), (other, other_name),
            (empty, "“empty.db”是空文件，不是本程序的报告文件，不能用来恢复。"),
            (truncated, broken.format("truncated.db"))]


@pytest.mark.parametrize("report", [None, "1"])
def test_a_file_that_is_no_report_file_is_refused_in_one_chinese_line(files, tmp_path, capsys, report):
    target, coll = files
    before = target.read_bytes()
    for bad, message in broken_files(tmp_path, coll):
        args = ["restore", "--db", target, bad] if report is None else ["restore", "--db", target, "--report", report, bad]
        done = in_process(capsys, *args)
        assert (done.returncode, done.stdout, done.stderr) == (1, "", message + "\n"), bad.name
        assert not re.search(r"[A-Za-z]{4,}", done.stderr.replace(bad.name, "")), done.stderr
    assert target.read_bytes() == before


def test_the_server_error_says_a_change_was_lost_only_when_writing_and_names_ssl():
    from models.server import parse_url, server_error

    class Refused(Exception):
        sqlstate = None

    address = parse_url("postgresql://u@db.example:5433/r?sslmode=verify-full")
    refused = Refused('connection failed: connection to server at "10.0.0.1", port 5433 failed: Connection refused')
    assert server_error(refused, address, writing=False).message == \
        "无法连接到服务器 u@db.example:5433/r：服务器未运行、地址或端口不对，或网络不通。"
    assert server_error(refused, address).message.endswith("或网络不通。修改没有保存。")
    no_ssl = Refused('connection failed: connection to server at "10.0.0.1", port 5433 failed: '
                     'server does not support SSL, but SSL was required')
    assert server_error(no_ssl, address, writing=False).message == (
        "无法连接到服务器 u@db.example:5433/r：服务器不支持 SSL 加密连接（sslmode=verify-full）。"
        "请服务器管理员启用 SSL，或在可信的内部网络中去掉地址中的 sslmode=verify-full。")
    other = Refused("something odd happened")
    assert server_error(other, address, writing=False).message == "服务器 u@db.example:5433/r 报告错误：something odd happened。"
