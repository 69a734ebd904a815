"""The benchmark runs at 1× (a smoke test: whether it works, not how fast)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_bench_runs_at_1x(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run([sys.executable, "-m", "bench", "--runs", "1", "--factors", "1", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    row = data["factors"]["1"]
    for key in ("startup", "startup_floor", "checks", "pdf", "pdf_floor", "xlsx", "xlsx_floor", "import"):
        assert row[key]["time"] > 0
    assert row["editor"]["open"] > 0 and row["editor"]["edit"] > 0 and row["pdf"]["peak_mb"] > 0
    assert "| PDF export (floor) |" in result.stdout
    names = [t["target"] for t in data["targets"]]
    assert names[:3] == ["start-up at 1× against its floor", "PDF export at 1× against its floor",
                         "Excel export at 1× against its floor"]
    assert all(isinstance(t["met"], bool) and t["value"] > 0 for t in data["targets"])
    assert "| start-up at 1× against its floor |" in result.stdout
