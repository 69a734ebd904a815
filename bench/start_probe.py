"""Starts the editor exactly as `python main.py --db FILE` does and quits once its window is shown
with the report loaded. Timed from outside (whole process) by the benchmark."""
import sys

import main


def _quit() -> None:
    from PySide6.QtWidgets import QApplication
    QApplication.instance().quit()


if __name__ == "__main__":
    sys.exit(main.main(["--db", sys.argv[1]], on_shown=_quit))
