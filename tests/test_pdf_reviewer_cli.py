"""`export --pdf OUT --public`: the 公开版 from the command line, and its refusal while the checks find
errors (a Chinese line, exit 1, nothing written)."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.database import open_database
from models.services.reports import set_report_field

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


def run(*args, cwd):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def text_of(path) -> str:
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                                             text=True, check=True).stdout)


@pytest.fixture
def sample_file(tmp_path):
    demo = run("demo", "--db", "a.db", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    db = open_database(tmp_path / "a.db")
    try:
        report_id = int(demo.stdout.strip())
        set_report_field(db, report_id, "preparer", "王晓明")
        set_report_field(db, report_id, "phone", "0512-68887766")
    finally:
        db.close()
    return tmp_path, report_id


def test_export_public_writes_the_public_copy(sample_file):
    folder, _report_id = sample_file
    public = run("export", "--db", "a.db", "--pdf", "public.pdf", "--public", cwd=folder)
    assert public.returncode == 0, public.stderr
    assert public.stdout.strip().split("\t") == ["public.pdf", public.stdout.split("\t")[1], "公开版"]
    signed = run("export", "--db", "a.db", "--pdf", "signed.pdf", cwd=folder)
    assert signed.returncode == 0 and "内容指纹" in signed.stdout
    public_text, signed_text = text_of(folder / "public.pdf"), text_of(folder / "signed.pdf")
    for text in ("王晓明", "0512-68887766", "填报人", "联系电话", "内容指纹"):
        assert text in signed_text and text not in public_text, text


def test_export_public_refused_while_the_checks_find_errors(sample_file):
    folder, report_id = sample_file
    db = open_database(folder / "a.db")
    try:
        set_report_field(db, report_id, "goals", "")  # 未填写“二、年度履职目标完成情况”: an error
    finally:
        db.close()
    refused = run("export", "--db", "a.db", "--pdf", "public.pdf", "--public", cwd=folder)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "不能导出公开版" in refused.stderr and "Traceback" not in refused.stderr
    assert not (folder / "public.pdf").exists()  # nothing written
    draft = run("export", "--db", "a.db", "--pdf", "signed.pdf", cwd=folder)
    assert draft.returncode == 0 and "草稿" in draft.stderr  # the signed copy is still made, as a draft


def test_public_needs_a_pdf(sample_file):
    folder, _report_id = sample_file
    alone = run("export", "--db", "a.db", "--xlsx", "t.xlsx", "--public", cwd=folder)
    assert alone.returncode == 2 and "--public 只用于 PDF" in alone.stderr
    assert not (folder / "t.xlsx").exists()


@pytest.mark.parametrize("other", [["--docx", "t.docx"], ["--xlsx", "t.xlsx"]])
def test_public_is_not_combined_with_files_that_hold_names_and_phones(sample_file, other):
    folder, _report_id = sample_file
    done = run("export", "--db", "a.db", "--pdf", "p.pdf", *other, "--public", cwd=folder)
    assert done.returncode == 2 and "--public 只用于 PDF" in done.stderr
    assert not (folder / "p.pdf").exists() and not (folder / other[1]).exists()  # nothing written
