"""The command line without a window: demo, list, usage errors and expected failures."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def run(*args, cwd):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_demo_then_list(tmp_path):
    demo = run("demo", "--db", "a.db", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    report_id = demo.stdout.strip()
    assert report_id.isdigit()
    listing = run("list", "--db", "a.db", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout == f"{report_id}\t2022\t苏州市便民服务中心\t示例·草稿\n"


def test_bad_argument_gives_usage_and_exit_2(tmp_path):
    for args in (["list"], ["frobnicate"], ["demo", "--db"], ["list", "--db", "a.db", "--bogus"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert result.stderr.startswith("用法：main.py"), result.stderr


def test_expected_failures_are_one_chinese_line(tmp_path):
    missing = run("list", "--db", "missing.db", cwd=tmp_path)
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.strip() == "找不到文件：missing.db"
    (tmp_path / "junk.db").write_text("not a database")
    junk = run("list", "--db", "junk.db", cwd=tmp_path)
    assert junk.returncode == 1
    assert len(junk.stderr.strip().splitlines()) == 1 and "Traceback" not in junk.stderr
    assert "不是绩效自评的数据文件" in junk.stderr
    folder = run("demo", "--db", "nowhere/a.db", cwd=tmp_path)
    assert folder.returncode == 1 and "文件夹不存在" in folder.stderr and "Traceback" not in folder.stderr


def _make_an_error(path):
    """结转结余率 above the budget's 2.72%: no recovered balance explains that, so it is an error."""
    import sqlite3
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE indicators SET actual = '5%', reason = '年末结转' WHERE name = '结转结余率'")
    raw.close()


def test_check_command(tmp_path):
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    result = run("check", "--db", "a.db", cwd=tmp_path)
    assert result.returncode == 0  # the sample's findings are warnings and 提示
    lines = result.stdout.splitlines()
    assert len(lines) == 18 and all(len(line.split("\t")) == 3 for line in lines)
    assert [line.split("\t")[0] for line in lines] == ["警告"] * 12 + ["提示"] * 6
    assert ("警告\t部门整体自评表 第29行「结转结余率」 指标完成值\t按预算信息，未支出 68.53 万元，占调整预算数 2.72%；"
            "如结余已收回财政，请在原因分析中说明") in [line.split("（")[0] for line in lines]
    _make_an_error(tmp_path / "a.db")
    result = run("check", "--db", "a.db", "--report", "1", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("错误\t部门整体自评表 第29行「结转结余率」 指标完成值\t结转结余率填报为 5%")
    missing = run("check", "--db", "a.db", "--report", "99", cwd=tmp_path)
    assert missing.returncode == 2 and "99" in missing.stderr
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    ambiguous = run("check", "--db", "a.db", cwd=tmp_path)
    assert ambiguous.returncode == 2 and "--report" in ambiguous.stderr


def test_check_exit_0_without_errors(tmp_path):
    import sqlite3
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "a.db") as raw:
        raw.execute("UPDATE indicators SET actual = '2.72%', reason = '年末结转' WHERE name = '结转结余率'")
    raw.close()
    result = run("check", "--db", "a.db", cwd=tmp_path)
    # 4 lines without a task, 1 value, 3 sign-off, 3 of a reviewer's (警告) and 6 提示
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 17
    assert all(line.startswith(("警告\t", "提示\t")) for line in result.stdout.splitlines())


def test_export_pdf(tmp_path):
    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    _make_an_error(tmp_path / "a.db")
    result = run("export", "--db", "a.db", "--pdf", "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert "草稿" in result.stderr  # the report has an error: its PDF is a draft
    assert result.stdout.startswith("out.pdf\t") and "内容指纹" in result.stdout
    missing = run("export", "--db", "a.db", cwd=tmp_path)
    assert missing.returncode == 2
