"""Screenshots of every tab of the editor on the sample report, for the README.

    python -m ui.screenshots docs/screenshots     (under Xvfb, or with QT_QPA_PLATFORM=offscreen)
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings


def take(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["JIXIAO_DATA_DIR"] = scratch
        from ui.app import choose_files, make_application
        from ui.main_window import MainWindow

        app = make_application()
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        path, user_path = choose_files(None)
        window = MainWindow(path, user_path, settings)
        window.resize(1400, 860)
        window.show()
        window.checker.run_now()
        names = ["1-basic", "2-narrative", "3-budget", "4-tasks", "5-indicators", "6-checks"]
        written = []
        for number, name in enumerate(names):
            window.tabs.setCurrentIndex(number)
            for _ in range(5):
                app.processEvents()
            target = folder / f"{name}.png"
            window.grab().save(str(target))
            written.append(target)
        window.close()
    return written


if __name__ == "__main__":
    for written_path in take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(written_path)
