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
        assert "usage" in result.stderr.lower()


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
