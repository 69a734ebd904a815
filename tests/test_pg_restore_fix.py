"""`restore --db postgresql://… FILE` on the throwaway server: each report of FILE is matched by its year and
department, never by its number alone; and the server's errors of a read-only command or an SSL refusal
said as they are."""
import sqlite3
import subprocess
from pathlib import Path

import pytest

from models.database import open_database
from models.views import list_reports, load_report


def in_process(capsys, *args):
    import main

    code = main.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


def make_reports(target, *identities, title=None):
    """Reports of the given (department, year) into `target` (a file or a server URL); their ids."""
    from models.sample import sample_data
    from models.services.bulk import create_report_from_data

    db = open_database(target, create=True)
    try:
        ids = []
        for department, year in identities:
            data = dict(sample_data(), department=department, year=year)
            if title:
                data["title"] = f"{title} {department} {year}"
            ids.append(create_report_from_data(db, data))
        return ids
    finally:
        db.close()


def on_server(url):
    db = open_database(url, read_only=True)
    try:
        return sorted((r.id, r.year, r.department) for r in list_reports(db))
    finally:
        db.close()


def title_of(url, report_id):
    db = open_database(url, read_only=True)
    try:
        return load_report(db, report_id).title
    finally:
        db.close()


@pytest.fixture
def server(pg_db):
    """The server: 1 甲局 2022, 2 乙局 2022, 3 甲局 2023, 4 丙局 2022."""
    assert make_reports(pg_db, ("甲局", 2022), ("乙局", 2022), ("甲局", 2023), ("丙局", 2022),
                        title="服务器") == [1, 2, 3, 4]
    return pg_db


@pytest.fixture
def coll(tmp_path):
    """A unit's collection file: 1 乙局 2023, 2 乙局 2022, 3 丙局 2023, 4 甲局 2023 — its numbers say
    nothing about the server's."""
    path = tmp_path / "coll.db"
    assert make_reports(path, ("乙局", 2023), ("乙局", 2022), ("丙局", 2023), ("甲局", 2023),
                        title="文件") == [1, 2, 3, 4]
    return path


def test_one_report_replaces_the_one_of_its_year_and_department_not_the_one_of_its_number(
        server, coll, capsys):
    done = in_process(capsys, "restore", "--db", server, "--report", "4", coll)
    assert done.returncode == 0, done.err
    # coll's 4 is 甲局 2023: it replaced the server's 3 (甲局 2023), kept that number; 丙局 2022 (4) untouched
    assert done.stdout.splitlines() == ["3\t2023\t甲局\t已替换原报告（文件中编号 4）"]
    assert on_server(server) == [(1, 2022, "甲局"), (2, 2022, "乙局"), (3, 2023, "甲局"), (4, 2022, "丙局")]
    assert title_of(server, 3) == "文件 甲局 2023" and title_of(server, 4) == "服务器 丙局 2022"
    # the replaced content was kept first, and only it
    assert done.stderr.startswith("被替换的报告已先备份到：")
    kept = Path(done.stderr.split("：", 1)[1].strip())
    with sqlite3.connect(kept) as connection:
        assert connection.execute("SELECT id, year, department, title FROM reports").fetchall() == \
            [(3, 2023, "甲局", "服务器 甲局 2023")]


def test_a_report_not_on_the_server_is_added_never_written_over_another(server, tmp_path, capsys):
    unit = tmp_path / "yi.db"
    assert make_reports(unit, ("乙局", 2023), title="单位") == [1]  # number 1 is 甲局 2022 on the server
    done = in_process(capsys, "restore", "--db", server, unit)
    assert done.returncode == 0, done.err
    assert done.stdout.splitlines() == ["5\t2023\t乙局\t已新增（文件中编号 1）"]
    assert done.stderr == ""  # nothing replaced, nothing to back up
    assert on_server(server) == [(1, 2022, "甲局"), (2, 2022, "乙局"), (3, 2023, "甲局"), (4, 2022, "丙局"),
                                 (5, 2023, "乙局")]
    assert title_of(server, 1) == "服务器 甲局 2022" and title_of(server, 5) == "单位 乙局 2023"


def test_the_whole_file_each_report_by_its_identity(server, coll, capsys):
    done = in_process(capsys, "restore", "--db", server, coll)
    assert done.returncode == 0, done.err
    assert done.stdout.splitlines() == [
        "5\t2023\t乙局\t已新增（文件中编号 1）",
        "2\t2022\t乙局\t已替换原报告（文件中编号 2）",
        "6\t2023\t丙局\t已新增（文件中编号 3）",
        "3\t2023\t甲局\t已替换原报告（文件中编号 4）"]
    assert on_server(server) == [(1, 2022, "甲局"), (2, 2022, "乙局"), (3, 2023, "甲局"), (4, 2022, "丙局"),
                                 (5, 2023, "乙局"), (6, 2023, "丙局")]
    assert [title_of(server, i) for i in (1, 2, 3, 4)] == ["服务器 甲局 2022", "文件 乙局 2022", "文件 甲局 2023",
                                                          "服务器 丙局 2022"]
    kept = Path(done.stderr.split("：", 1)[1].strip())
    with sqlite3.connect(kept) as connection:
        assert connection.execute("SELECT id, department FROM reports ORDER BY id").fetchall() == \
            [(2, "乙局"), (3, "甲局")]
    # restored again: the same reports are now all there, each replaced in place, nothing added
    done = in_process(capsys, "restore", "--db", server, coll)
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == ["5", "2", "6", "3"]
    assert all(line.endswith("已替换原报告（文件中编号 %s）" % n) for n, line in zip("1234", done.stdout.splitlines()))
    assert len(on_server(server)) == 6


def test_two_reports_of_one_identity_on_the_server_the_number_decides_else_refused(server, tmp_path, capsys):
    """A backup of this server holding two reports of one year and department goes back to each by its
    number; a file whose report could replace either of two is refused, nothing restored."""
    assert make_reports(server, ("甲局", 2023), title="第二份") == [5]  # 3 and 5: both 甲局 2023
    backup = tmp_path / "all.db"
    assert in_process(capsys, "backup", "--db", server, backup).returncode == 0
    db = open_database(server)
    try:
        from models.services import set_report_field
        set_report_field(db, 5, "title", "改过")
    finally:
        db.close()
    done = in_process(capsys, "restore", "--db", server, backup)
    assert done.returncode == 0, done.err
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == ["1", "2", "3", "4", "5"]
    assert title_of(server, 5) == "第二份 甲局 2023" and title_of(server, 3) == "服务器 甲局 2023"

    unit = tmp_path / "jia.db"
    assert make_reports(unit, ("乙局", 2024), ("甲局", 2023), title="单位") == [1, 2]
    done = in_process(capsys, "restore", "--db", server, unit)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == (
        "数据库中有 2 份 2023 年度“甲局”的报告（编号 3、5），无法确定“jia.db”中编号 2 的报告应替换哪一份。"
        "没有恢复任何报告；请先删除多余的一份（编辑器：报告 › 删除报告），或用 --report 只恢复其他报告。")
    assert len(on_server(server)) == 5  # 乙局 2024 not added either
    done = in_process(capsys, "restore", "--db", server, "--report", "1", unit)
    assert done.stdout.splitlines() == ["6\t2024\t乙局\t已新增（文件中编号 1）"], done.stderr


def test_a_report_replaced_while_open_keeps_its_number_and_its_lock(server, coll):
    """Replaced in place: the editor's lock on the report survives, its next write finds a newer version."""
    from models.errors import StaleError
    from models.report_lock import acquire_report_lock, current_holder
    from models.restore import restore_reports
    from models.services import set_report_field

    editor = open_database(server)
    other = open_database(server)
    try:
        lock = acquire_report_lock(editor, 3)
        restored, _ = restore_reports(other, coll, [4])
        assert [(r.id, r.source_id, r.replaced) for r in restored] == [(3, 4, True)]
        assert current_holder(other, 3) is not None and lock.heartbeat()
        with pytest.raises(StaleError):
            set_report_field(editor, 3, "title", "旧内容上的修改")
        assert title_of(server, 3) == "文件 甲局 2023"
    finally:
        other.close()
        editor.close()


def test_a_broken_file_is_refused_in_chinese(server, tmp_path, capsys):
    broken = tmp_path / "broken.db"
    broken.write_bytes(bytes(range(256)) * 12)
    done = in_process(capsys, "restore", "--db", server, broken)
    assert (done.returncode, done.stderr.strip()) == (1, "“broken.db”不是本程序的报告文件或已损坏，不能用来恢复。")
    assert len(on_server(server)) == 4


def test_a_read_only_command_never_says_a_change_was_not_saved(pg_server, capsys):
    from tools.pg_throwaway import _free_port

    port = _free_port()  # nothing listens there
    url = f"postgresql://jixiao@127.0.0.1:{port}/jixiao"
    for command in ("list", "summary", "check", "versions", "backup"):
        done = in_process(capsys, command, "--db", url)
        assert (done.returncode, done.stderr.strip()) == (
            1, f"无法连接到服务器 jixiao@127.0.0.1:{port}/jixiao：服务器未运行、地址或端口不对，或网络不通。"), command
    done = in_process(capsys, "demo", "--db", url)  # a command that writes still says so
    assert done.returncode == 1 and done.stderr.strip().endswith("或网络不通。修改没有保存。")


def test_ssl_required_of_a_server_without_ssl_is_said(pg_db, capsys):
    where = pg_db.split("://", 1)[1]
    done = in_process(capsys, "list", "--db", pg_db + "?sslmode=require")
    assert (done.returncode, done.stderr.strip()) == (
        1, f"无法连接到服务器 {where}：服务器不支持 SSL 加密连接（sslmode=require）。"
           f"请服务器管理员启用 SSL，或在可信的内部网络中去掉地址中的 sslmode=require。")


def test_an_older_file_is_read_through_a_temporary_copy_and_matched_the_same_way(pg_db, tmp_path, capsys,
                                                                                  monkeypatch):
    """A report file of schema 0001 (an older program): brought up to date in a copy (removed after), the
    file itself untouched; its report added, and replaced in place when restored again."""
    import shutil
    import tempfile

    fixture = Path(__file__).parent / "fixtures" / "schema_0001.db"
    old = tmp_path / "old.db"
    shutil.copyfile(fixture, old)
    before = old.read_bytes()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with sqlite3.connect(old) as connection:
        (year, department), = connection.execute("SELECT year, department FROM reports").fetchall()
    assert make_reports(pg_db, ("别的局", year)) == [1]
    done = in_process(capsys, "restore", "--db", pg_db, old)
    assert done.stdout.splitlines() == [f"2\t{year}\t{department}\t已新增（文件中编号 1）"], done.stderr
    done = in_process(capsys, "restore", "--db", pg_db, old)
    assert done.stdout.splitlines() == [f"2\t{year}\t{department}\t已替换原报告（文件中编号 1）"], done.stderr
    assert old.read_bytes() == before and list((tmp_path / "tmp").iterdir()) == []
