"""The command line speaks Chinese throughout — argparse's own words included — never shows a
traceback (a bug is one Chinese line naming the log that holds it), and reopens a final report."""
import re
import subprocess

import pytest

import main
from models.error_log import LOG_NAME
from tests.test_cli import run

ARGPARSE_ENGLISH = re.compile(r"(?i:usage|options|show this help|positional arguments|error|required|invalid|"
                              r"unrecognized|argument|expected|choose from)|COMMAND|\bDB\b|REPORT|FILE|\bID\b")


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["export", "--help"], ["import", "--help"],
                                  ["reopen", "--help"], ["restore", "-h"]])
def test_help_is_chinese(tmp_path, args):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("用法：main.py")
    assert not ARGPARSE_ENGLISH.search(result.stdout), result.stdout
    assert "选项：" in result.stdout and "显示此帮助信息并退出" in result.stdout


def test_help_columns_line_up(tmp_path):
    from unicodedata import east_asian_width
    lines = run("export", "--help", cwd=tmp_path).stdout.split("选项：\n")[1].splitlines()
    columns = set()
    for line in lines:
        head = re.match(r"(\s+\S.*?\s{2,})\S", line).group(1)
        columns.add(sum(2 if east_asian_width(c) in "WF" else 1 for c in head))
    assert len(columns) == 1, lines


@pytest.mark.parametrize("args, expected", [
    (["export"], "缺少必需的参数：--db"),
    (["check", "--db", "a.db", "--report", "abc"], "“abc”不是有效的数值"),
    (["list", "--db", "a.db", "--bogus"], "无法识别的参数：--bogus"),
    (["frobnicate"], "没有“frobnicate”这个命令"),
    (["demo", "--db"], "后面应跟一个值"),
    (["reopen", "--db", "a.db"], "缺少必需的参数：--reason"),
])
def test_bad_arguments_are_chinese(tmp_path, args, expected):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("用法：") and expected in result.stderr, result.stderr
    assert not ARGPARSE_ENGLISH.search(result.stderr), result.stderr


def test_reopen_a_final_report(tmp_path):
    import sqlite3
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "a.db") as raw:  # the sample's one error fixed, so it can be final
        raw.execute("UPDATE indicators SET actual = '2.72%', reason = '年末结转' WHERE name = '结转结余率'")
    raw.close()
    not_final = run("reopen", "--db", "a.db", "--reason", "补充数据", cwd=tmp_path)
    assert not_final.returncode == 1 and not_final.stderr.strip() == "该报告没有定稿，无需重新打开。"
    assert run("finalize", "--db", "a.db", cwd=tmp_path).returncode == 0
    assert run("list", "--db", "a.db", cwd=tmp_path).stdout.rstrip().endswith("定稿")
    for reason in ("", "   "):
        empty = run("reopen", "--db", "a.db", "--reason", reason, cwd=tmp_path)
        assert empty.returncode == 1 and empty.stderr.strip() == "请填写重新打开的原因。"
    reopened = run("reopen", "--db", "a.db", "--reason", "补充上年数据", cwd=tmp_path)
    assert reopened.returncode == 0, reopened.stderr
    assert reopened.stdout.strip() == "已重新打开（定稿 第 1 版）：补充上年数据"
    assert "草稿" in run("list", "--db", "a.db", cwd=tmp_path).stdout
    versions = run("versions", "--db", "a.db", cwd=tmp_path).stdout
    assert versions.startswith("1\t") and versions.rstrip().endswith("补充上年数据")
    again = run("reopen", "--db", "a.db", "--reason", "再次", cwd=tmp_path)
    assert again.returncode == 1 and "没有定稿" in again.stderr
    missing = run("reopen", "--db", "a.db", "--report", "99", "--reason", "x", cwd=tmp_path)
    assert missing.returncode == 2 and "没有编号为 99 的报告" in missing.stderr


def test_a_bug_is_one_chinese_line_and_a_log(tmp_path, monkeypatch, capsys):
    import reports.pdf
    assert main.main(["demo", "--db", str(tmp_path / "a.db")]) == 0
    capsys.readouterr()

    def broken(*args, **kwargs):
        return [][0]
    monkeypatch.setattr(reports.pdf, "render_pdf", broken)
    status = main.main(["export", "--db", str(tmp_path / "a.db"), "--pdf", str(tmp_path / "a.pdf")])
    err = capsys.readouterr().err
    assert status == 1
    log = tmp_path / "userdata" / LOG_NAME  # the data folder (JIXIAO_DATA_DIR, set by conftest)
    lines = [line for line in err.splitlines() if "程序内部错误" in line]
    assert len(lines) == 1 and str(log) in lines[0] and "Traceback" not in err
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "IndexError" in written and "export" in written and "in broken" in written


def test_a_bug_in_a_subprocess_prints_no_traceback(tmp_path):
    """Through the real entry point: a database whose tables are not what the program expects."""
    import sqlite3
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "a.db") as raw:
        raw.execute("ALTER TABLE key_tasks DROP COLUMN completion")  # a column the program reads is gone
    raw.close()
    import os
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "JIXIAO_DATA_DIR": str(data)}
    result = subprocess.run([main.sys.executable, main.__file__, "export", "--db", "a.db", "--xlsx", "o.xlsx"],
                            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "程序内部错误" in result.stderr
    assert str(data / LOG_NAME) in result.stderr and "Traceback" in (data / LOG_NAME).read_text(encoding="utf-8")


def test_a_reader_that_stops_early_gets_no_file_error(tmp_path):
    """`check | head -1`: the pipe closed before the findings were written is no problem of a file."""
    import os
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "JIXIAO_DATA_DIR": str(tmp_path / "data")}
    child = subprocess.Popen([main.sys.executable, main.__file__, "check", "--db", "a.db"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    child.stdout.close()  # the reader is gone before the first line
    stderr = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=120) == 141
    assert stderr == ""
