"""One measured operation in a fresh process: prints a JSON line with the median seconds of the runs
(the benchmark takes the process's peak memory from outside).

    python -m bench.worker OPERATION DB REPORT_ID RUNS
"""
from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


MIN_SAMPLE = 0.05  # seconds: an operation quicker than this is repeated within each sample


def _timed(action, runs: int) -> list[float]:
    """Seconds per call of `action`, one sample per run; a quick action is repeated within each
    sample (like timeit) so that a millisecond's operation is not measured by the clock's noise."""
    start = time.perf_counter()
    action()
    first = time.perf_counter() - start
    repeat = max(1, int(MIN_SAMPLE / first)) if first > 0 else 1
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(repeat):
            action()
        samples.append((time.perf_counter() - start) / repeat)
    return samples


def _editor_ops(db_path: str, report_id: int, runs: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application()
    folder = tempfile.mkdtemp()
    window = MainWindow(Path(db_path), None, QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    app.processEvents()

    def open_report():
        window.open_report(report_id)
        for number in range(window.tabs.count()):
            window.tabs.setCurrentIndex(number)
            app.processEvents()
    start = time.perf_counter()
    open_report()  # the first time: every tab is built
    first_open = time.perf_counter() - start
    opens = _timed(open_report, runs)

    window.tabs.setCurrentIndex(2)
    app.processEvents()
    page = window.pages[2]
    values = itertools.cycle(["12.44", "12.45"])

    def edit():
        model = page.model
        model.setData(model.index_of(model.rows[3].id, 4), next(values))
        page.view.viewport().repaint()
        app.processEvents()
    edits = _timed(edit, runs * 2)
    undos, redos = _paste_undo_redo(window, app, runs)
    window.checker.wait()
    findings = window.checker.run_now()

    def refresh_marks():  # what follows every run of the checks: counts, list, tinted cells
        window.checker.finished.emit(findings)
        app.processEvents()
    marks = _timed(refresh_marks, runs)
    window.close()
    return {"open_first": first_open, "open": statistics.median(opens), "edit": statistics.median(edits),
            "marks": statistics.median(marks), "findings": len(findings),
            "paste_undo": statistics.median(undos), "paste_redo": statistics.median(redos)}


def _scored_edit(db_path: str, report_id: int, runs: int) -> dict:
    """A cell edit round trip in a scored form: a 分值 typed on the 部门整体自评表 tab, its 得分 and the
    tab's 总分 · 等级 redrawn (the report must be in such a form)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application()
    folder = tempfile.mkdtemp()
    window = MainWindow(Path(db_path), None, QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    window.open_report(report_id)
    page = next(p for p in window.pages if getattr(p, "table", "") == "indicators")
    window.tabs.setCurrentWidget(page)
    app.processEvents()
    model = page.model
    column = next(n for n, c in enumerate(model.columns) if c.field == "weight")
    values = itertools.cycle(["1.25", "1.50"])

    def edit():
        model.setData(model.index(3, column), next(values))
        page.view.viewport().repaint()
        window.tabs.tabBar().repaint()
        app.processEvents()
    edits = _timed(edit, runs * 2)
    title = window.tabs.tabText(window.tabs.indexOf(page))
    window.close()
    return {"edit": statistics.median(edits), "title": title}


def _paste_undo_redo(window, app, runs: int) -> tuple[list, list]:
    """撤销 and 重做 of a paste of 100 cells (25 rows × 4 columns of 年度重点任务), each shown."""
    window.tabs.setCurrentIndex(window.pages.position("tasks"))
    app.processEvents()
    page = window.pages.by_key("tasks")
    ids = [row.id for row in page.model.rows[:25]]
    undos, redos = [], []
    for run in range(max(runs, 3)):
        window.session.paste("tasks", [(row_id, name, f"第{run}次粘贴{n}") for n, row_id in enumerate(ids)
                                       for name in ("duty", "name", "content", "completion")], 0)
        app.processEvents()
        for step, samples in ((window.undo, undos), (window.redo, redos)):
            start = time.perf_counter()
            step()
            page.view.viewport().repaint()
            app.processEvents()
            samples.append(time.perf_counter() - start)
    return undos, redos


def main() -> None:
    operation, db_path, report_id, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    from models.database import open_database
    from models.views import load_report

    out = Path(tempfile.mkdtemp())
    if operation == "editor":
        result = _editor_ops(db_path, report_id, runs)
    elif operation == "edit_scored":
        result = _scored_edit(db_path, report_id, runs)
    else:
        db = open_database(db_path, read_only=True)
        report = load_report(db, report_id)
        if operation == "checks":
            from models.checks import run_checks
            action = lambda: run_checks(report)  # noqa: E731  as the editor does: on the report it holds
        elif operation == "scoring":
            from models.scoring import score_report
            action = lambda: score_report(report)  # noqa: E731  every score, the total and the grade
        elif operation == "pdf":
            from reports.pdf import render_pdf
            action = lambda: render_pdf(report, out / "r.pdf")  # noqa: E731
        elif operation == "pdf_floor":
            from bench.floors import pdf_floor
            action = lambda: pdf_floor(report, out / "f.pdf")  # noqa: E731
        elif operation == "xlsx":
            from reports.xlsx_export import export_workbook
            action = lambda: export_workbook(report, out / "r.xlsx")  # noqa: E731
        elif operation == "xlsx_floor":
            from bench.floors import excel_floor
            action = lambda: excel_floor(report, out / "f.xlsx")  # noqa: E731
        elif operation == "docx":
            from reports.docx import render_docx
            action = lambda: render_docx(report, out / "r.docx")  # noqa: E731
        elif operation == "docx_floor":
            from bench.docx_floor import docx_floor
            action = lambda: docx_floor(report, out / "f.docx")  # noqa: E731
        elif operation == "import":
            from reports.xlsx_export import export_workbook
            from reports.xlsx_import import read_workbook
            from models.services.bulk import create_report_from_data
            export_workbook(report, out / "in.xlsx")
            target = open_database(out / "target.db", backup=False)
            action = lambda: create_report_from_data(target, read_workbook(out / "in.xlsx"))  # noqa: E731
        elif operation == "import_floor":
            from bench.floors import import_floor
            from reports.xlsx_export import export_workbook
            export_workbook(report, out / "in.xlsx")
            action = lambda: import_floor(out / "in.xlsx")  # noqa: E731
        else:
            sys.exit(f"unknown operation {operation}")
        result = {"time": statistics.median(_timed(action, runs))}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
