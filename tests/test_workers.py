"""Worker processes belong to their run: a stopped run does not wait for the jobs they hold."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from wparchive.workers import Runner


def _hold(marker: str) -> None:
    """A job that would keep its worker for two minutes, as a chunk of slow image downloads can."""
    Path(marker).write_text(str(os.getpid()))
    time.sleep(120)


def test_a_stopped_run_stops_its_workers_at_once(tmp_path):
    runner = Runner(2)
    runner.start()
    marker = tmp_path / "pid"
    runner.submit(_hold, str(marker))
    for _ in range(400):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.05)
    pid = int(marker.read_text())
    closing = threading.Thread(target=runner.close, kwargs={"abandon": True})
    closing.start()
    closing.join(timeout=30)
    assert not closing.is_alive()  # it did not wait for the job in hand
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the worker that held it is gone
