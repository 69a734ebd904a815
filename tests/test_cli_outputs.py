"""Command-line details: one path for both --pdf and --xlsx is refused (the workbook would be
replaced by the PDF), and `restore` into a file that did not exist says where the content went."""
import subprocess
import sys


def run(*args, cwd):
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True, cwd=cwd)


def test_one_path_for_both_outputs_is_refused(tmp_path):
    root = __import__("pathlib").Path(__file__).resolve().parent.parent
    db = tmp_path / "r.db"
    assert run("demo", "--db", str(db), cwd=root).returncode == 0
    result = run("export", "--db", str(db), "--pdf", str(tmp_path / "x"), "--xlsx", str(tmp_path / "." / "x"), cwd=root)
    assert result.returncode == 2 and "同一个文件" in result.stderr and not (tmp_path / "x").exists()


def test_restore_into_a_new_file_prints_the_file(tmp_path):
    root = __import__("pathlib").Path(__file__).resolve().parent.parent
    db = tmp_path / "r.db"
    assert run("demo", "--db", str(db), cwd=root).returncode == 0
    backup = run("backup", "--db", str(db), cwd=root).stdout.strip()
    target = tmp_path / "new.db"
    result = run("restore", "--db", str(target), backup, cwd=root)
    assert result.returncode == 0 and result.stdout.strip() == str(target) and "None" not in result.stdout
    assert run("list", "--db", str(target), cwd=root).stdout.count("\t") == 3
