"""Issue 19's CI check, as a new user's machine sees the program: `make deb` builds the bundle and the
package, `dpkg -i` installs it, the installed program runs with no virtual environment on the PATH
(--version, demo, export with a 仿宋 face embedded, the editor up to its first window), `dpkg -r`
removes it and the user's data folder is still there. Needs root and a few minutes: it runs when
JIXIAO_PACKAGE_TEST=1 (set by .ci/run)."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ui.startup_checks import debian_packages

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(os.environ.get("JIXIAO_PACKAGE_TEST") != "1" or os.geteuid() != 0
                                or not shutil.which("dpkg-deb"),
                                reason="builds and installs the .deb: JIXIAO_PACKAGE_TEST=1, as root (.ci/run)")


def _run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def installed():
    built = _run(["make", "-s", "deb"], cwd=ROOT, timeout=3600)
    assert built.returncode == 0, built.stdout + built.stderr
    deb = Path(built.stdout.strip().splitlines()[-1])
    bundle = ROOT / "dist" / "jixiao-ziping"
    done = _run(["dpkg", "-i", str(deb)], timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    yield deb, bundle
    _run(["dpkg", "-r", "jixiao-ziping"], timeout=600)


def _user(home: Path, **extra) -> dict:
    """A user's environment: no virtual environment, no PYTHONPATH, the system PATH only."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", **extra}


def test_sizes(installed):
    deb, bundle = installed
    unpacked = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert unpacked <= 250e6 and deb.stat().st_size <= 120e6


def test_the_installed_program_works_without_the_virtual_environment_and_survives_removal(installed, tmp_path):
    deb, _bundle = installed
    assert shutil.which("jixiao-ziping", path="/usr/bin") == "/usr/bin/jixiao-ziping"
    fields = _run(["dpkg-query", "-W", "-f", "${Depends}", "jixiao-ziping"], check=True).stdout
    assert fields.split(", ") == debian_packages()
    home, env = tmp_path / "home", _user(tmp_path / "home")
    home.mkdir()
    version = _run(["jixiao-ziping", "--version"], env=env, cwd=home, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("绩效自评 "), version.stderr
    db, pdf = tmp_path / "a.db", tmp_path / "a.pdf"
    demo = _run(["jixiao-ziping", "demo", "--db", str(db)], env=env, cwd=home, timeout=120)
    assert demo.returncode == 0 and demo.stdout.strip() == "1", demo.stderr
    export = _run(["jixiao-ziping", "export", "--db", str(db), "--pdf", str(pdf)], env=env, cwd=home, timeout=300)
    assert export.returncode == 0 and "页" in export.stdout, export.stderr
    forms = _run(["jixiao-ziping", "forms"], env=env, cwd=home, timeout=60)   # the shipped forms are bundled
    assert forms.returncode == 0 and [line.split("\t")[0] for line in forms.stdout.splitlines()] == [
        "mof", "sichuan", "suzhou"], forms.stderr
    switched = _run(["jixiao-ziping", "form", "--db", str(db), "mof"], env=env, cwd=home, timeout=60)
    scored = _run(["jixiao-ziping", "score", "--db", str(db)], env=env, cwd=home, timeout=60)
    assert switched.returncode == 0 and scored.stdout.splitlines()[-1].startswith("总分\t"), scored.stderr
    faces = _run(["pdffonts", str(pdf)], check=True).stdout
    assert re.search(r"\+(FandolFang|FangSong|SimFang|STFangsong|FZFangSong)", faces, re.IGNORECASE), faces
    chinese = _run(["fc-list", ":lang=zh", "file"]).stdout.strip() if shutil.which("fc-list") else ""
    if not chinese:   # no Chinese font on the machine: the bundled 仿宋 prints the body, and export says so
        assert "+FandolFang-Regular" in faces and "仿宋 → Fandol 仿宋（内置）" in export.stderr
    shown = _run(["jixiao-ziping"], env={**env, "QT_QPA_PLATFORM": "offscreen", "JIXIAO_EXIT_WHEN_SHOWN": "1"},
                 cwd=home, timeout=120)
    assert shown.returncode == 0 and shown.stdout.strip() == "shown", shown.stderr
    data = home / ".local" / "share" / "jixiao-ziping"
    assert (data / "reports.db").is_file() and (data / "sample.db").is_file()
    before = {p.name for p in data.iterdir()}
    removed = _run(["dpkg", "-r", "jixiao-ziping"], timeout=600)
    assert removed.returncode == 0, removed.stderr
    assert not Path("/opt/jixiao-ziping").exists() and not Path("/usr/bin/jixiao-ziping").exists()
    assert {p.name for p in data.iterdir()} == before and (data / "reports.db").stat().st_size > 0
    again = _run(["dpkg", "-i", str(deb)], timeout=600)   # installed again for the rest of the module
    assert again.returncode == 0, again.stderr
