"""Every command of the command line with --db postgresql://… on the throwaway server, as a user types it."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args, env=None, tmp=None):
    environment = {**os.environ, **(env or {})}
    done = subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=environment)
    return done.returncode, done.stdout, done.stderr


def test_every_command_works_on_a_server_url(pg_db, tmp_path):
    code, out, err = run("demo", "--db", pg_db)
    assert (code, out.strip()) == (0, "1"), err
    code, out, err = run("list", "--db", pg_db)
    assert code == 0 and out.split("\t")[:3] == ["1", "2022", "苏州市便民服务中心"], err
    code, out, err = run("check", "--db", pg_db)
    assert code in (0, 1) and out.count("\t") >= 2 and "Traceback" not in err
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    code, out, err = run("export", "--db", pg_db, "--pdf", pdf, "--xlsx", xlsx)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 5000
    code, out, err = run("import", "--db", pg_db, xlsx)
    assert (code, out.strip()) == (0, "2"), err
    code, out, err = run("import", "--db", pg_db, xlsx, "--replace", "2")
    assert (code, out.strip()) == (0, "2"), err
    code, out, err = run("finalize", "--db", pg_db, "--report", "2")
    assert code == 0, out + err
    number, short = out.strip().split("\t")
    assert number == "1" and len(short) == 12
    code, out, err = run("versions", "--db", pg_db, "--report", "2")
    assert code == 0 and out.startswith("1\t") and short in out
    code, out, err = run("verify", "--db", pg_db, short)
    assert code == 0 and out.startswith("2\t2022\t"), out + err
    code, out, err = run("verify", "--db", pg_db, "000000000000")
    assert code == 1
    code, out, err = run("reopen", "--db", pg_db, "--report", "2", "--reason", "数字有误")
    assert code == 0 and "数字有误" in out, err
    code, out, err = run("next-year", "--db", pg_db, "--report", "2")
    assert (code, out.strip()) == (0, "3"), err
    code, out, err = run("list", "--db", pg_db)
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["1", "2022"], ["2", "2022"], ["3", "2023"]]


def test_backup_writes_a_portable_file_and_restore_loads_it_back(pg_db, tmp_path):
    userdata = {"JIXIAO_DATA_DIR": str(tmp_path / "userdata")}
    assert run("demo", "--db", pg_db)[0] == 0
    assert run("demo", "--db", pg_db)[0] == 0
    code, _, err = run("finalize", "--db", pg_db, "--report", "1")
    assert code == 0, err
    whole = tmp_path / "all.db"
    code, out, err = run("backup", "--db", pg_db, whole, env=userdata)
    assert (code, out.strip()) == (0, f"{whole}\t2 份报告"), err
    # the portable file is an ordinary report file: every command reads it, versions verify there
    code, out, _ = run("list", "--db", whole)
    assert [line.split("\t")[0] for line in out.splitlines()] == ["1", "2"] and "定稿" in out
    code, out, _ = run("versions", "--db", whole, "--report", "1")
    short = out.split("\t")[2].strip()
    assert run("verify", "--db", whole, short)[0] == 0
    # one report, to the data folder's backups/ by default
    code, out, err = run("backup", "--db", pg_db, "--report", "2", env=userdata)
    assert code == 0, err
    single = Path(out.split("\t")[0])
    assert single.parent == tmp_path / "userdata" / "backups" and out.strip().endswith("1 份报告")
    with sqlite3.connect(single) as connection:
        assert connection.execute("SELECT id FROM reports").fetchall() == [(2,)]
    # a change on the server, then the backup restored: the report is back as it was, the changed
    # one kept in a backup first
    from models.database import open_database
    from models.services import set_report_field
    from models.views import load_report

    db = open_database(pg_db)
    set_report_field(db, 2, "title", "改过的标题")
    before = load_report(db, 1)
    db.close()
    code, out, err = run("restore", "--db", pg_db, whole, env=userdata)
    assert code == 0, err
    assert out.splitlines() == ["1\t2022\t苏州市便民服务中心\t已替换原报告（文件中编号 1）",
                                "2\t2022\t苏州市便民服务中心\t已替换原报告（文件中编号 2）"]
    assert "已先备份到" in err
    kept = Path(err.split("：", 1)[1].strip())
    with sqlite3.connect(kept) as connection:
        assert connection.execute("SELECT title FROM reports WHERE id = 2").fetchone() == ("改过的标题",)
    db = open_database(pg_db)
    try:
        assert load_report(db, 2).title != "改过的标题"
        lines = lambda report: [(r.depth, r.name, r.initial, r.adjustment, r.actual) for r in report.budget]  # noqa: E731
        assert lines(load_report(db, 1)) == lines(before) and load_report(db, 1).status == "final"
        # ids continue after the largest: a new report does not clash
        from models.sample import install_sample
        assert install_sample(db) == 3
    finally:
        db.close()
    code, out, _ = run("verify", "--db", pg_db, short)  # the restored final version still verifies
    assert code == 0 and out.startswith("1\t")


def test_restore_into_an_empty_server_database(pg_db, pg_server, tmp_path):
    source = tmp_path / "unit.db"
    assert run("demo", "--db", source)[0] == 0
    empty = pg_server.create_database(pg_db.rsplit("/", 1)[1] + "_empty")
    code, out, err = run("restore", "--db", empty, source, env={"JIXIAO_DATA_DIR": str(tmp_path)})
    assert (code, out.strip()) == (0, "1\t2022\t苏州市便民服务中心\t已新增（文件中编号 1）"), err
    code, out, _ = run("list", "--db", empty)
    assert out.startswith("1\t2022\t")


def test_jixiao_db_may_name_a_server(pg_db, tmp_path):
    from models.paths import default_db_path
    from models.server import is_server_url

    assert run("demo", "--db", pg_db)[0] == 0
    os.environ["JIXIAO_DB"] = pg_db
    try:
        assert is_server_url(default_db_path())
    finally:
        del os.environ["JIXIAO_DB"]
