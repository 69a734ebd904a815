"""Odd names: every character a file system allows in a file or folder name (#, ?, %, spaces,
Chinese, a leading -) reaches SQLite as that exact name — database, backup, restore, lock. And no
output file may be the database, its journal, its lock or a backup."""
import os
import sqlite3
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from models.backup import list_backups
from models.errors import StorageError
from models.lock import lock_path
from models.paths import refuse_database_target, sqlite_uri

ROOT = Path(__file__).parent.parent

ODD = ["a#b", "q?", "pct%2541", "100%", "with space", "报告 文件", "-lead", "#?%& =+;", "[x]{y}!@$'\""]


def run(capsys, *args) -> str:
    """One command through main.main, as the command line runs it; returns what it printed."""
    code = main.main(list(args))
    captured = capsys.readouterr()
    assert code == 0, (args, captured.err)
    return captured.out


def round_trip(capsys, folder: Path, name: str) -> None:
    """demo → backup → demo again → restore the backup → list: only the first report is back."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / name
    run(capsys, "demo", f"--db={db}")
    run(capsys, "backup", f"--db={db}")
    [backup] = list_backups(db)
    with sqlite3.connect(sqlite_uri(backup.path, "ro"), uri=True) as raw:  # a real copy, not an empty file
        assert raw.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    raw.close()
    run(capsys, "demo", f"--db={db}")
    assert len(run(capsys, "list", f"--db={db}").splitlines()) == 2
    run(capsys, "restore", f"--db={db}", str(backup.path))
    assert len(run(capsys, "list", f"--db={db}").splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(["backups", name])  # no stray files
    assert not lock_path(db).exists()


@pytest.mark.parametrize("odd", ODD)
def test_odd_file_and_folder_names(tmp_path, capsys, odd):
    round_trip(capsys, tmp_path / odd, f"{odd}.db")


def test_question_mark_writes_into_the_named_file_only(tmp_path, capsys):
    (tmp_path / "q").write_bytes(b"")  # a file named like the cut-short name must stay untouched
    run(capsys, "demo", f"--db={tmp_path / 'q?.db'}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q", "q?.db"]
    assert (tmp_path / "q").stat().st_size == 0 and (tmp_path / "q?.db").stat().st_size > 0


NAME = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="/\\"),
               min_size=1, max_size=16).filter(
    lambda n: n not in (".", "..") and len(n.encode("utf-8")) <= 60 and n == n.strip("\x85"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folder=NAME, name=NAME)
def test_any_printable_file_and_folder_name(tmp_path_factory, capsys, folder, name):
    round_trip(capsys, tmp_path_factory.mktemp("names") / folder, name)


# -- outputs never overwrite the database ------------------------------------------------------------
@pytest.fixture
def db_file(tmp_path, capsys):
    path = tmp_path / "r.db"
    run(capsys, "demo", f"--db={path}")
    return path


def cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120)


def test_export_onto_the_database_is_refused(db_file, tmp_path):
    link = tmp_path / "link.xlsx"
    link.symlink_to(db_file)
    hard = tmp_path / "hard.pdf"
    os.link(db_file, hard)
    before = db_file.read_bytes()
    for option, target in (("--xlsx", db_file), ("--pdf", db_file), ("--xlsx", link), ("--pdf", hard),
                           ("--xlsx", tmp_path / "sub" / ".." / "r.db")):
        result = cli("export", "--db", str(db_file), option, str(target))
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "不能写入" in result.stderr and "数据文件" in result.stderr
    assert db_file.read_bytes() == before


def test_journal_lock_and_backups_are_refused_as_outputs(db_file, tmp_path, capsys):
    run(capsys, "backup", f"--db={db_file}")
    [backup] = list_backups(db_file)
    for target in (tmp_path / "r.db-journal", tmp_path / "r.db.lock", tmp_path / "r.db-wal", backup.path):
        with pytest.raises(StorageError, match="不能写入"):
            refuse_database_target(target, db_file)
    with pytest.raises(StorageError, match="备份"):
        refuse_database_target(backup.path, tmp_path / "link-dir" / ".." / "r.db")
    for fine in (tmp_path / "r.xlsx", tmp_path / "backups" / "notes.pdf", tmp_path / "r2.db"):
        refuse_database_target(fine, db_file)


def test_uri_escapes_every_special_character():
    uri = sqlite_uri(Path("/tmp/a#b?c%d e中.db"), "ro")
    assert uri.startswith("file://") and uri.endswith("?mode=ro")
    assert set(uri[len("file://"):-len("?mode=ro")]) <= set(string.ascii_letters + string.digits + "/%._-~")


def test_save_copy_onto_the_open_file_or_its_backup_is_refused(db_file, capsys):
    from models.database import open_database

    run(capsys, "backup", f"--db={db_file}")
    [backup] = list_backups(db_file)
    db = open_database(db_file, backup=False)
    try:
        before = db_file.read_bytes()
        for target in (db_file, backup.path, db_file.with_name("r.db.lock")):
            with pytest.raises(StorageError, match="不能写入"):
                db.save_copy(target)
        assert db_file.read_bytes() == before
        db.save_copy(db_file.with_name("copy.db"))
    finally:
        db.close()
