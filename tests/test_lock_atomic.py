"""The lock keeps writers out: one holder at a time however many copies try at once, whatever the
lock file contains, and whatever path leads to the file."""
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.database import open_database
from models.lock import FileLock, LockedError, lock_path, read_lock

ROOT = Path(__file__).parent.parent
PROCESSES, ROUNDS = 16, 20

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes, FIFOs and links")


def test_sixteen_processes_never_two_holders(tmp_path):
    from tests.helpers.lock_contender import contend

    context = multiprocessing.get_context("forkserver")
    db = tmp_path / "r.db"
    db.write_bytes(b"")
    barrier, guard = context.Barrier(PROCESSES), context.Lock()
    holders, most, taken = context.Value("i", 0), context.Value("i", 0), context.Value("i", 0)
    started = time.monotonic()
    workers = [context.Process(target=contend, args=(str(db), ROUNDS, barrier, guard, holders, most, taken))
               for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    assert most.value == 1, f"{most.value} holders at once"
    assert taken.value >= ROUNDS  # someone got it every round
    assert not lock_path(db).exists()
    assert time.monotonic() - started < 30


@pytest.fixture
def db_file(tmp_path):
    from models.sample import install_sample

    path = tmp_path / "r.db"
    db = open_database(path, backup=False)
    install_sample(db)
    db.close()
    return path


def cli(*args, timeout=60):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout)


def one_chinese_line(result):
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and any("\u4e00" <= ch <= "\u9fff" for ch in lines[0]), result.stderr
    return lines[0]


@pytest.mark.parametrize("content", [
    json.dumps({"pid": 2 ** 63, "host": "x", "since": "now"}),       # OverflowError in os.kill
    json.dumps({"pid": -1, "host": "x", "since": "now"}),
    "[" * 200000,                                                    # RecursionError in json
    json.dumps({"pid": os.getpid(), "host": {"a": 1}, "since": 5}),
    "",                                                              # just created, not yet written
    "\udcff garbage",
])
def test_a_strange_lock_nobody_holds_is_taken_over(db_file, content):
    lock_path(db_file).write_text(content, encoding="utf-8", errors="surrogateescape")
    assert read_lock(db_file) is None
    db = open_database(db_file, backup=False)
    try:
        assert read_lock(db_file).pid == os.getpid()
    finally:
        db.close()
    assert not lock_path(db_file).exists()


def test_a_fifo_at_the_lock_is_refused_without_hanging(db_file):
    os.mkfifo(lock_path(db_file))
    before = db_file.read_bytes()
    for command in ("demo", "backup", "finalize"):
        message = one_chinese_line(cli(command, "--db", str(db_file), timeout=30))
        assert "r.db.lock" in message and "不是普通文件" in message
    assert cli("list", "--db", str(db_file), timeout=30).returncode == 0  # readers take no lock
    assert db_file.read_bytes() == before


HOLDER = ("import sys, time; sys.path.insert(0, %r)\n"
          "from models.database import open_database\n"
          "db = open_database(%r, backup=False); print('OPEN', flush=True); time.sleep(60)")


@pytest.fixture
def held(db_file):
    """Another copy of the program holding the file."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER % (str(ROOT), str(db_file))],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "OPEN"
    yield holder
    holder.kill()
    holder.wait()
    holder.stdout.close()


def test_a_held_lock_holds_whatever_its_file_says(db_file, held):
    for content in ("", "{not json", json.dumps({"pid": 2 ** 63, "host": "x", "since": "y"})):
        lock_path(db_file).write_text(content, encoding="utf-8")  # the information, damaged
        with pytest.raises(LockedError, match="另一个绩效自评程序"):
            open_database(db_file, backup=False)


def test_another_path_to_a_held_file_is_refused(db_file, tmp_path, held):
    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(db_file)
    before = db_file.read_bytes()
    with pytest.raises(LockedError, match=f"进程 {held.pid}"):
        open_database(link, backup=False)
    for path in (link, tmp_path / "elsewhere" / ".." / "r.db"):
        assert f"进程 {held.pid}" in one_chinese_line(cli("demo", "--db", str(path)))
    assert db_file.read_bytes() == before


def test_another_path_to_a_file_open_here_is_refused(db_file, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(db_file)
    hard = tmp_path / "hard.db"
    os.link(db_file, hard)
    db = open_database(db_file, backup=False)
    try:
        for path in (link, hard):
            with pytest.raises(LockedError, match="另一个窗口"):
                open_database(path, backup=False)
    finally:
        db.close()
    again = open_database(link, backup=False)  # once closed, any path opens it
    again.close()


def test_a_crashed_holder_is_taken_over(db_file, held):
    held.kill()
    held.wait()
    assert lock_path(db_file).exists()
    lock = FileLock(db_file)
    lock.acquire()
    lock.release()
