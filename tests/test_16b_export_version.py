"""`export --version N`: a final version printed again from the command line, as it was signed."""
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def test_export_version_prints_the_signed_content_after_a_reopen(tmp_path):
    db = tmp_path / "r.db"
    assert run("demo", "--db", db).returncode == 0
    finalized = run("finalize", "--db", db)
    assert finalized.returncode == 0, finalized.stdout + finalized.stderr
    number, short = finalized.stdout.split()
    assert run("reopen", "--db", db, "--reason", "改部门").returncode == 0
    from models.database import open_database
    from models.services import set_report_field
    from models.views import list_reports

    database = open_database(db)
    set_report_field(database, list_reports(database)[0].id, "department", "改过的部门")
    database.close()

    result = run("export", "--db", db, "--version", number, "--pdf", tmp_path / "v.pdf", "--xlsx", tmp_path / "v.xlsx")
    assert result.returncode == 0, result.stderr
    written = result.stdout.splitlines()
    assert written[0] == str(tmp_path / "v.xlsx")  # each file written, as export prints them
    assert written[1].startswith(f"{tmp_path / 'v.pdf'}\t") and written[1].endswith(f"内容指纹 {short}")
    assert load_workbook(tmp_path / "v.xlsx")["基本信息"]["B4"].value == "苏州市便民服务中心"
    text = subprocess.run(["pdftotext", str(tmp_path / "v.pdf"), "-"], capture_output=True, text=True).stdout
    if text:
        assert f"定稿 第 {number} 版" in text and "草稿" not in text and "改过的部门" not in text
    current = run("export", "--db", db, "--xlsx", tmp_path / "now.xlsx")
    assert current.returncode == 0
    assert load_workbook(tmp_path / "now.xlsx")["基本信息"]["B4"].value == "改过的部门"


def test_an_unknown_version_is_one_chinese_line_and_exit_1(tmp_path):
    db = tmp_path / "r.db"
    run("demo", "--db", db)
    result = run("export", "--db", db, "--version", 3, "--pdf", tmp_path / "v.pdf")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == "该报告没有第 3 版" and not (tmp_path / "v.pdf").exists()
