"""Odd files around the database get a Chinese message, never a traceback, a hang or a silent change:
stray names in backups/, a FIFO or a device as the database, restoring a file onto itself or a
backup from a newer version, a bad JIXIAO_KEEP_BACKUPS, and empty or foreign files given to the
commands that only write into an existing report file."""
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.backup import list_backups, make_backup

ROOT = Path(__file__).parent.parent


def cli(*args, timeout=60):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout)


def one_chinese_line(result):
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and any("\u4e00" <= ch <= "\u9fff" for ch in lines[0]), result.stderr
    return lines[0]


def in_process(capsys, *args):
    """A command through main.main (as the command line runs it, without a new interpreter)."""
    import main

    code = main.main(list(args))
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


@pytest.fixture
def db_file(tmp_path, capsys):
    path = tmp_path / "r.db"
    assert in_process(capsys, "demo", "--db", str(path)).returncode == 0
    make_backup(path)
    return path


def test_stray_names_in_backups_are_left_alone(db_file, capsys):
    folder = db_file.parent / "backups"
    for stray in ("r-20231399-999999-000000.db", "r-20230101-120000-000000.db.part", "r-notes.db"):
        (folder / stray).write_bytes(b"stray")
    (folder / "r-20230230-120000-000000.db").mkdir()  # a folder with a backup-like, impossible date
    backup = in_process(capsys, "backup", "--db", str(db_file))
    assert backup.returncode == 0, backup.stderr
    assert in_process(capsys, "demo", "--db", str(db_file)).returncode == 0
    restored = in_process(capsys, "restore", "--db", str(db_file), backup.stdout.strip())
    assert restored.returncode == 0, restored.stderr
    assert len(list_backups(db_file)) == 4  # the fixture's, backup, demo's open, restore's own
    assert (folder / "r-20231399-999999-000000.db").read_bytes() == b"stray"


def test_restore_onto_itself_is_refused_at_once(db_file):  # hung forever: a new interpreter, a timeout
    before = db_file.read_bytes()
    message = one_chinese_line(cli("restore", "--db", str(db_file), str(db_file), timeout=20))
    assert "本身" in message and db_file.read_bytes() == before


def test_restore_refuses_a_backup_from_a_newer_version(db_file, tmp_path, capsys):
    newer = tmp_path / "newer.db"
    shutil.copy(db_file, newer)
    with sqlite3.connect(newer) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0099_future'")
    raw.close()
    before = db_file.read_bytes()
    assert "更新版本" in one_chinese_line(in_process(capsys, "restore", "--db", str(db_file), str(newer)))
    assert db_file.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/null are POSIX")
def test_fifo_and_device_as_the_database(tmp_path):
    fifo = tmp_path / "f.db"
    os.mkfifo(fifo)
    for command in (["list"], ["check"], ["demo"], ["backup"], ["export", "--pdf", str(tmp_path / "x.pdf")]):
        assert "不是普通文件" in one_chinese_line(cli(command[0], "--db", str(fifo), *command[1:], timeout=20))
    assert "不是普通文件" in one_chinese_line(cli("demo", "--db", os.devnull, timeout=20))
    assert not Path(os.devnull + ".lock").exists()


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1e3", "２０"])
def test_bad_keep_backups_setting(db_file, value, capsys, monkeypatch):
    monkeypatch.setenv("JIXIAO_KEEP_BACKUPS", value)
    before = sorted(p.name for p in (db_file.parent / "backups").iterdir())
    message = one_chinese_line(in_process(capsys, "backup", "--db", str(db_file)))
    assert "JIXIAO_KEEP_BACKUPS" in message
    assert sorted(p.name for p in (db_file.parent / "backups").iterdir()) == before


def test_keep_backups_setting_is_used(db_file, monkeypatch):
    monkeypatch.setenv("JIXIAO_KEEP_BACKUPS", "3")
    for _ in range(6):
        make_backup(db_file)
    assert len(list_backups(db_file)) >= 3  # three newest, plus one per day (all today: the newest)
    assert len(list_backups(db_file)) == 3


def empty_and_foreign_files(folder: Path):
    empty = folder / "empty.db"
    empty.write_bytes(b"")
    blank = folder / "blank.db"  # a SQLite database with nothing in it
    with sqlite3.connect(blank) as raw:
        raw.execute("PRAGMA user_version = 7")
    raw.close()
    viewed = folder / "view.db"  # another program's: only a view
    with sqlite3.connect(viewed) as raw:
        raw.execute("CREATE VIEW answer AS SELECT 42")
    raw.close()
    return [empty, blank, viewed]


@pytest.mark.parametrize("command", [["backup"], ["finalize"], ["next-year"], ["list"], ["check"],
                                     ["versions"], ["verify", "0123456789ab"]])
def test_empty_or_foreign_files_are_not_turned_into_report_files(tmp_path, capsys, command):
    for path in empty_and_foreign_files(tmp_path):
        before = path.read_bytes()
        result = in_process(capsys, command[0], "--db", str(path), *command[1:])
        assert result.stdout == "" and "不是绩效自评的数据文件" in one_chinese_line(result), command
        assert path.read_bytes() == before, (command, path.name)
        assert not (tmp_path / "backups").exists() or not list_backups(path)
