"""Shared fixtures: where the public corpus lives (../shared beside the clone) and how tests skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["imagesim"]  # the `overlapping` image server fixture

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
NO_CORPUS = f"public corpus not found at {CORPUS} (it sits in ../shared beside a CI clone, not in a user's clone)"


def corpus_dir(*parts: str) -> Path:
    """Path inside the corpus, or skip the calling test with the reason."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(NO_CORPUS)
    return path


def corpus_files(sub: str, pattern: str) -> list[Path]:
    """Corpus files for parametrizing at collection time: empty when the corpus is absent."""
    base = CORPUS / sub
    return sorted(base.rglob(pattern)) if base.exists() else []


@pytest.fixture
def corpus():
    return corpus_dir()


def corpus_params(sub: str, pattern: str) -> list:
    """Parameters for a test over corpus files; one skipped parameter saying why when the corpus is absent."""
    files = corpus_files(sub, pattern)
    if files:
        return [pytest.param(f, id=str(f.relative_to(CORPUS / sub))) for f in files]
    return [pytest.param(None, marks=pytest.mark.skip(reason=NO_CORPUS), id="no-corpus")]


# Test modules whose every case feeds a bad or hostile input (damaged XML, entity bombs, hostile slugs,
# XSS, binary files, server faults, kills, fuzzing); the run ends by saying how many were tried.
HOSTILE_MODULES = frozenset({
    "test_cli_errors.py", "test_crawl_faults.py", "test_crawl_resume.py", "test_extract_fuzz.py",
    "test_extract_pages_reader.py", "test_kill_resume.py", "test_mojibake.py", "test_transform_clean.py",
    "test_transform_fuzz.py", "test_transform_scaling.py", "test_shortcode_scanner.py", "test_writers_paths.py",
    "test_wxr_fuzz.py", "test_wxr_safety.py", "test_writers_comments.py",
})
_hostile = {"passed": 0, "failed": 0}


def pytest_runtest_logreport(report):
    if report.when == "call" and report.fspath.rsplit("/", 1)[-1] in HOSTILE_MODULES:
        _hostile["passed" if report.passed else "failed"] += 1


def pytest_terminal_summary(terminalreporter):
    tried = _hostile["passed"] + _hostile["failed"]
    if tried:
        terminalreporter.write_line(
            f"hostile and broken inputs: {tried} test cases tried ({_hostile['failed']} failed); "
            "fuzz tests among them run hundreds of generated inputs each")
