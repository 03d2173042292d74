"""A second run into a folder another run is writing to is refused, and touches nothing there."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES

from wparchive.cli import main
from wparchive.writers.lock import output_lock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="runs are not guarded on Windows (no flock)")


@contextmanager
def held_elsewhere(folder: Path):
    """The folder held by another process, as a second run would find it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from wparchive.writers.lock import output_lock\n"
         "with output_lock(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()", str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.mark.parametrize("command", [["convert", str(SAMPLES / "sample-export.xml")],
                                     ["extract", str(SAMPLES / "wordpress-com-post.html")]])
def test_a_busy_output_folder_is_refused_in_one_line(tmp_path, command):
    live = tmp_path / ".wparchive-index-live.tmp"  # the other run's working file
    live.write_bytes(b"in use")
    with held_elsewhere(tmp_path):
        result = CliRunner().invoke(main, [*command, "-o", str(tmp_path), "-q"])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "another wparchive run is writing to this folder" in lines[0], result.output
    assert live.read_bytes() == b"in use" and not (tmp_path / "manifest.json").exists()
    result = CliRunner().invoke(main, [*command, "-o", str(tmp_path), "-q"])  # free again: the run goes ahead
    assert result.exit_code == 0, result.output
    assert not live.exists() and (tmp_path / "manifest.json").exists()


def test_a_crawl_into_a_busy_folder_stops_before_touching_its_warc(tmp_path):
    from wparchive.crawl.crawler import STATE_NAME, WARC_NAME, crawl
    from wparchive.writers.lock import OutputBusy

    warc = tmp_path / WARC_NAME
    warc.write_bytes(b"the other crawl's records")
    with held_elsewhere(tmp_path), pytest.raises(OutputBusy):
        crawl("http://127.0.0.1:9/", tmp_path)
    assert warc.read_bytes() == b"the other crawl's records" and not (tmp_path / STATE_NAME).exists()


def test_one_process_may_nest_its_own_runs_and_workers_let_go(tmp_path):
    from wparchive.writers.lock import _HELD, release_in_child

    with output_lock(tmp_path), output_lock(tmp_path):  # crawl, then its archive, under one hold
        assert len(_HELD) == 1
    assert not _HELD
    with held_elsewhere(tmp_path):
        pass  # released by the holder's exit: nothing lingers
    with output_lock(tmp_path):
        release_in_child()  # what a forked worker does: its copy of the descriptor closes, the table empties
        assert not _HELD
