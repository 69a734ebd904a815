"""Start-up: the first window shows the report having loaded only what it needs."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

PROBE = """
import gc, sys
import main

def shown():
    from PySide6.QtWidgets import QApplication
    window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")
    later = ("sqlalchemy.orm", "models.schema", "models.services.rows", "models.checks", "ui.pages.tables")
    print("TITLE", window.windowTitle())
    print("TABS", [window.tabs.tabText(n) for n in range(window.tabs.count())])
    print("BUILT", [type(page).__name__ for page in window.pages.built()])
    print("LOADED", [name for name in later if name in sys.modules])
    print("GC", gc.isenabled())
    QApplication.instance().quit()

sys.exit(main.main(["--db", sys.argv[1]], on_shown=shown))
"""


import pytest


@pytest.mark.parametrize("previous_year_shown", [False, True])
def test_first_window_shows_the_report_without_loading_the_rest(sample, tmp_path, previous_year_shown):
    db, _report_id = sample
    db.close()
    if previous_year_shown:  # 显示上年数 left on: last year is looked up without loading the ORM
        settings = tmp_path / ".config" / "JixiaoZiping" / "绩效自评.conf"
        settings.parent.mkdir(parents=True)
        settings.write_text("[view]\nprevious_year=true\n", encoding="utf-8")
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(db.path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
                                              "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert "2022 年度 · 苏州市便民服务中心" in lines["TITLE"]
    assert "部门整体自评表" in lines["TABS"] and "检查" in lines["TABS"]
    assert lines["BUILT"] == "['BasicInfoPage']"
    assert lines["LOADED"] == "[]"   # the ORM, the services, the checks and the table tabs come after
    assert lines["GC"] == "True"
