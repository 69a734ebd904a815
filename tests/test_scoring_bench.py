"""The benchmark's scoring figure: scoring the report in a scored form beside all checks on it."""
import subprocess
import sys
from pathlib import Path

from bench.__main__ import TARGETS, check_targets
from bench.scale import scored_data

ROOT = Path(__file__).parent.parent


def test_only_scoring_prints_scoring_beside_all_checks():
    result = subprocess.run([sys.executable, "-m", "bench", "--only-scoring", "--runs", "1", "--factors", "1"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "| operation | 1× |"
    labels = [line.split("|")[1].strip() for line in lines[2:]]
    assert labels == ["scoring (mof, every indicator weighted)", "all checks, same report (mof)",
                      "all checks (suzhou)", "scoring ÷ all checks (mof)",
                      "cell edit round trip, mof (分值 → 得分 and 总分)"]
    assert lines[-2].rstrip(" |").endswith("%") and lines[-1].rstrip(" |").endswith("ms")


def test_the_scored_bench_report_is_in_mof_with_every_indicator_weighted(db):
    from models.scoring import score_report
    from models.services.bulk import create_report_from_data
    from models.views import load_report

    report = load_report(db, create_report_from_data(db, scored_data(2)))
    scores = score_report(report)
    assert report.form == "mof" and len(scores.rows) == 150 + 1
    assert all(row.weight is not None for row in scores.rows)
    assert sum(1 for row in scores.rows if row.score is None) == 2      # 第41行 has no values, twice


def test_the_scoring_target_is_read_at_100x():
    row = {"editor": {"edit": 0.01, "paste_undo": 0.05, "paste_redo": 0.05},
           "scoring": {"time": 0.02}, "checks_scored": {"time": 0.4}}
    for key in ("startup", "checks", "pdf", "pdf_floor", "xlsx", "xlsx_floor", "import", "import_floor", "docx",
                "docx_floor"):
        row[key] = {"time": 1.0, "peak_mb": 100}
    row["editor"]["peak_mb"] = 100
    targets = {t["target"]: t for t in check_targets({"factors": {"100": row}})}
    share = targets["scoring against all checks at 100× (mof)"]
    assert share["value"] == 0.05 and share["limit"] == TARGETS["scoring_share"] == 0.10 and share["met"]
