"""Editor timings: opening a report in a running editor, and one cell edit's round trip
(setData → commit → derived values → repaint), at 1×, 10× and 100× the sample.

    QT_QPA_PLATFORM=offscreen python -m bench.editor
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings

from bench.scale import scaled_data
from models.database import open_database
from models.services.bulk import create_report_from_data

RUNS = 5


def _median_ms(samples):
    return round(statistics.median(samples) * 1000, 1)


def measure(factor: int, folder: Path) -> dict:
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application()
    path = folder / f"bench_{factor}.db"
    db = open_database(path)
    report_id = create_report_from_data(db, scaled_data(factor))
    db.close()
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)

    window = MainWindow(path, None, settings)
    window.show()
    app.processEvents()
    opens = []
    for _ in range(RUNS):
        start = time.perf_counter()
        window.open_report(report_id)
        for number in range(window.tabs.count()):  # every tab shown once, as a user looking around would
            window.tabs.setCurrentIndex(number)
            app.processEvents()
        opens.append(time.perf_counter() - start)

    results = {"factor": factor, "open_ms": _median_ms(opens)}
    for number, table, row, column, values in (
            (2, "budget", 3, 4, ("12.44", "12.45")),
            (3, "tasks", None, 3, ("完成。", "已完成。")),
            (4, "indicators", None, 4, ("99%", "100%"))):
        window.tabs.setCurrentIndex(number)
        app.processEvents()
        page = window.pages[number]
        model = page.model
        edits = []
        for run in range(RUNS * 2):
            if table == "budget":
                leaf = model.rows[row]
                index = model.index_of(leaf.id, column)
            else:
                index = model.index(model.rowCount() // 2, column)
            start = time.perf_counter()
            model.setData(index, values[run % 2])
            page.view.viewport().repaint()
            app.processEvents()
            edits.append(time.perf_counter() - start)
        results[f"edit_{table}_ms"] = _median_ms(edits)
    window.close()
    return results


def main(factors=(1, 10, 100)) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        print("规模\t打开报告(ms)\t编辑预算(ms)\t编辑任务(ms)\t编辑指标(ms)")
        for factor in factors:
            r = measure(factor, Path(scratch))
            print(f"{factor}×\t{r['open_ms']}\t{r['edit_budget_ms']}\t{r['edit_tasks_ms']}\t{r['edit_indicators_ms']}")


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (1, 10, 100))
