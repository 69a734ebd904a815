"""One of many processes taking the same file's lock at the same moment, round after round; used by
tests/test_lock_atomic.py. Counts how many hold the lock at once (must never exceed one)."""
import time
from pathlib import Path

from models.lock import FileLock, LockedError


def contend(db_path: str, rounds: int, barrier, guard, holders, most, taken) -> None:
    for _round in range(rounds):
        barrier.wait()
        lock = FileLock(Path(db_path))
        try:
            lock.acquire()
        except LockedError:
            continue
        with guard:
            holders.value += 1
            most.value = max(most.value, holders.value)
            taken.value += 1
        time.sleep(0.003)  # hold it a moment, as a writer would, while the others try
        with guard:
            holders.value -= 1
        lock.release()
