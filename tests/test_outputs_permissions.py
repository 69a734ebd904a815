"""An exported PDF or workbook gets the permissions any new file gets (a colleague or the office's
file server can read it), or keeps those of the file it replaces — not the owner-only mode of the
temporary file it was written to."""
import os
import stat
import sys

import pytest

from models.views import load_report
from reports.pdf import render_pdf
from reports.xlsx_export import export_workbook

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("suffix", ["pdf", "xlsx"])
def test_new_outputs_are_readable_by_others_and_replaced_ones_keep_their_mode(sample, tmp_path, usual_umask, suffix):
    db, report_id = sample
    report = load_report(db, report_id)
    write = (lambda target: render_pdf(report, target)) if suffix == "pdf" else (lambda t: export_workbook(report, t))
    target = tmp_path / f"报告.{suffix}"
    write(target)
    assert mode(target) == 0o644
    target.chmod(0o640)
    write(target)
    assert mode(target) == 0o640
