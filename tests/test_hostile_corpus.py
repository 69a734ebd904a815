"""The hostile corpus (tests/hostile_corpus.py) through the command line, as a user would run it.

Every case is imported into an existing database, as a new report and with --replace (a few also
into a database that does not exist yet), each in its own process with its address space limited: exit
status 1, the problems in Chinese on stderr, no traceback, the database's bytes unchanged (the
missing one still missing), within 10 s of processor time and 500 MB of memory.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_corpus import build

ROOT = Path(__file__).parent.parent
ADDRESS_SPACE = 1536 * 1024 * 1024  # the child is killed well before a bomb could hurt the machine
MAX_SECONDS = 10.0   # processor time of one refusal
MAX_MEMORY_MB = 500  # resident memory of one refusal
WALL_TIMEOUT = 30.0
CHINESE = re.compile(r"[\u4e00-\u9fff]")


# Run between the test and main.py: the peak memory Linux reports for a process includes what its
# parent held when it forked (pytest's hundreds of MB), so main.py is started from this small
# process instead, which reports main.py's own time and peak memory in a file.
MEASURE = """
import os, resource, sys
report, limit, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.execv(args[0], args)
_pid, status, usage = os.wait4(pid, 0)
with open(report, "w") as file:
    file.write(f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss / 1024}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def start_limited(args: list[str], folder: Path, tag: str) -> tuple[subprocess.Popen, Path, Path, Path]:
    """`main.py args` started in a process with its address space limited."""
    out, err, usage = folder / f"{tag}.out", folder / f"{tag}.err", folder / f"{tag}.usage"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JIXIAO_DATA_DIR": str(folder / "userdata")}
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen([sys.executable, "-c", MEASURE, str(usage), str(ADDRESS_SPACE),
                                  sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                                 stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, start_new_session=True)
    return child, out, err, usage


def finish_limited(started) -> tuple[int, str, str, float, float]:
    """(exit status, stdout, stderr, processor seconds, peak memory in MB) of a started process."""
    child, out, err, usage = started
    try:
        child.wait(timeout=WALL_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the group this test started: the wrapper and main.py
        child.wait()
        pytest.fail(f"{child.args[5:]} still running after {WALL_TIMEOUT} s")
    seconds, memory = (float(value) for value in usage.read_text().split())
    return (child.returncode, out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"), seconds, memory)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    from models.database import open_database
    from models.sample import install_sample

    db = open_database(folder / "reports.db", create=True)
    install_sample(db)
    db.close()
    return folder, {case.name: case for case in build(folder / "corpus")}


CASES = ["merged range to the end of the sheet", "merged range beyond the data", "hyperlink over a million rows",
         "two million cells", "a cell on the last row of the sheet", "six million XML elements",
         "a shared string of a million characters in 300 cells", "an inline string of 40,000 characters",
         "11 million characters of text", "600 outline levels", "12 outline levels", "formula in a text cell",
         "XXE", "billion laughs", "declared size of 4 GB", "encrypted workbook (OLE container)", "CSV named .xlsx",
         "empty file", "text file renamed .xlsx"]


# Also imported into a database that does not exist yet (the same refusal, checked before any file is made).
INTO_A_NEW_FILE = {"merged range to the end of the sheet", "XXE", "600 outline levels", "empty file"}


def test_the_list_names_every_case_of_the_corpus(corpus):
    assert sorted(CASES) == sorted(corpus[1])


@pytest.mark.parametrize("name", CASES)
def test_refused_in_chinese_within_bounds_changing_nothing(corpus, name, tmp_path):
    folder, cases = corpus
    case = cases[name]
    database = folder / "reports.db"
    before = database.read_bytes()
    missing = tmp_path / "new.db"
    runs = (["import", "--db", str(database), str(case.path)],
            ["import", "--db", str(database), "--replace", "1", str(case.path)])
    if name in INTO_A_NEW_FILE:
        runs += (["import", "--db", str(missing), str(case.path)],)
    # Side by side: each process's time and memory are its own (os.wait4), and the corpus runs in half the time.
    started = [start_limited(args, tmp_path, str(number)) for number, args in enumerate(runs)]
    for args, process in zip(runs, started):
        status, stdout, stderr, seconds, memory = finish_limited(process)
        shown = " ".join(args[:2] + args[3:-1])
        assert status == 1, (shown, status, stdout, stderr)
        assert "Traceback" not in stdout + stderr and "Error" not in stderr, (shown, stderr)
        assert stderr.strip() and CHINESE.search(stderr.splitlines()[0]), (shown, stdout, stderr)
        assert case.expected in stderr, (shown, stderr)
        assert seconds < MAX_SECONDS and memory < MAX_MEMORY_MB, (shown, seconds, memory)
    assert database.read_bytes() == before
    assert not missing.exists()
