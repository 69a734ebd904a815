"""bench.shared runs (a smoke test at a few units, SQLite only: whether it works, not how fast)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_shared_bench_runs(tmp_path):
    out = tmp_path / "shared.json"
    result = subprocess.run([sys.executable, "-m", "bench.shared", "--units", "3", "--runs", "1", "--factor", "2",
                             "--sqlite-only", "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sqlite_collected"] == 3 and data["sqlite_collect_rate"] > 0
    assert data["sqlite_summary_rows"] == 3 and data["sqlite_summary_queries"] == 6
    assert data["sqlite_open_ms"] > 0 and data["sqlite_edit_2x_ms"] > 0
    assert "summary of 3 reports on sqlite" in result.stdout
