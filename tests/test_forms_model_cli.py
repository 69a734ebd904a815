"""`main.py form`: prints a report's form key, or switches it (keeping every value)."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def run(*args, cwd):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_form_prints_and_switches_the_form(tmp_path):
    from models.database import open_database
    from models.fingerprint import fingerprint
    from models.views import load_report

    assert run("demo", "--db", "a.db", cwd=tmp_path).returncode == 0
    shown = run("form", "--db", "a.db", cwd=tmp_path)
    assert (shown.returncode, shown.stdout, shown.stderr) == (0, "suzhou\n", "")
    switched = run("form", "--db", "a.db", "mof", cwd=tmp_path)
    assert (switched.returncode, switched.stdout) == (0, "mof\n"), switched.stderr
    assert run("form", "--db", "a.db", "--report", "1", cwd=tmp_path).stdout == "mof\n"
    unknown = run("form", "--db", "a.db", "guangdong", cwd=tmp_path)
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert unknown.stderr.strip() == "没有表式“guangdong”；可用的表式：mof、sichuan、suzhou"
    assert run("form", "--db", "a.db", "suzhou", cwd=tmp_path).returncode == 0
    db = open_database(tmp_path / "a.db", read_only=True)
    try:
        assert fingerprint(load_report(db, 1)).startswith("f550ba68fc69")  # back in Suzhou's form: nothing lost
    finally:
        db.close()
    missing = run("form", "--db", "a.db", "--report", "9", cwd=tmp_path)
    assert missing.returncode == 2 and "文件中没有编号为 9 的报告" in missing.stderr
