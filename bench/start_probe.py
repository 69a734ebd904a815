"""Starts the editor exactly as `python main.py --db FILE` does, says "shown" on stdout once its
window is shown with the report loaded, and quits. Timed from outside by the benchmark: from
starting the process to that line."""
import sys

import main


def _quit() -> None:
    from PySide6.QtWidgets import QApplication
    print("shown", flush=True)  # the moment the benchmark takes; then the process ends
    QApplication.instance().quit()


if __name__ == "__main__":
    sys.exit(main.main(["--db", sys.argv[1]], on_shown=_quit))
