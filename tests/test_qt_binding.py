"""The Qt binding itself: a signal emitted from Python must not lose a reference to True or False.

PySide6 6.12.0 drops one reference to True with every emit; after some thousands of edits (each
emits several signals, a refresh of the checks one per marked row) the interpreter aborts with
"deallocating True or False". pyproject.toml keeps that version out; this test keeps it honest.
"""
import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    changed = Signal(str, object)


def test_emitting_signals_keeps_every_reference():
    sender, received = _Sender(), []
    sender.changed.connect(lambda name, value: received.append(name))
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(100):  # enough to see a lost reference, too few to bring the interpreter down
        sender.changed.emit("budget", None)
    assert len(received) == 100
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
