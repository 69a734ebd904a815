"""Where an output goes: a link is written through, and a folder, a device or a pipe is refused in
Chinese with nothing replaced (a rename would silently turn them into plain files)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "JIXIAO_DATA_DIR": str(Path(cwd) / "data")}, timeout=120)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("targets")
    assert run("demo", "--db", "s.db", cwd=folder).returncode == 0
    return folder


@pytest.mark.parametrize("option", ["--pdf", "--xlsx", "--docx"])
def test_a_pipe_is_refused_and_stays_a_pipe(demo, option):
    pipe = demo / f"pipe{option[2:]}"
    os.mkfifo(pipe)
    try:
        done = run("export", "--db", "s.db", option, str(pipe), cwd=demo)
        assert done.returncode == 1 and "不是普通文件" in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert pipe.is_fifo()
    finally:
        pipe.unlink()


def test_a_folder_is_refused_in_chinese(demo):
    (demo / "folder.pdf").mkdir()
    done = run("export", "--db", "s.db", "--pdf", "folder.pdf", cwd=demo)
    assert done.returncode == 1 and "这是一个文件夹" in done.stderr and "Is a directory" not in done.stderr
    assert (demo / "folder.pdf").is_dir()


def test_a_link_is_written_through_and_stays_a_link(demo):
    target, link = demo / "real.pdf", demo / "link.pdf"
    target.write_bytes(b"old")
    link.symlink_to(target)
    done = run("export", "--db", "s.db", "--pdf", "link.pdf", cwd=demo)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and target.read_bytes().startswith(b"%PDF")


def test_no_english_from_the_system(demo, tmp_path):
    unwritable = tmp_path / "ro"
    unwritable.mkdir()
    (unwritable / "sub").write_text("a file, not a folder")
    done = run("export", "--db", "s.db", "--pdf", str(unwritable / "sub" / "x.pdf"), cwd=demo)
    assert done.returncode == 1 and done.stderr.strip() and not any(
        word in done.stderr for word in ("Not a directory", "No such file", "Errno")), done.stderr
