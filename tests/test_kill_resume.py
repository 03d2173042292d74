"""A conversion killed mid-run leaves no half-written file; running again completes the same archive."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from gen_wxr import generate  # noqa: E402


def _convert(export: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "wparchive", "convert", str(export), "-o", str(out), "-q",
                             "--jobs", "1", "--comments", "inline"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_kill_then_rerun(tmp_path):
    export = tmp_path / "big.xml"
    generate(800, export, seed=3)
    out = tmp_path / "out"
    proc = _convert(export, out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("posts/*.md"))) < 40:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = list(out.glob("posts/*.md"))
    assert 40 <= len(finished) and not (out / "manifest.json").exists()  # killed mid-run, really
    for path in finished:  # every file under its final name is whole
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n") and text.endswith("\n")
        assert yaml.safe_load(text.split("---\n")[1])["title"] is not None

    assert _convert(export, out).wait() == 0
    assert not list(out.rglob(".wparchive-*.tmp"))
    fresh = tmp_path / "fresh"
    assert _convert(export, fresh).wait() == 0
    assert _tree(out) == _tree(fresh)
