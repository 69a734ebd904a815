"""Starts the editor exactly as `main.py --db FILE` does and quits once the window has been painted.
Timed from outside by bench.cold_start."""
import sys

from PySide6.QtCore import QTimer

from ui import app as editor_app


def main(path: str) -> int:
    application = editor_app.make_application()
    QTimer.singleShot(0, application.quit)  # runs after the first show/paint events are processed
    return editor_app.run_editor(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
