"""manifest.json: what became of every input item, so nothing is silently lost.

Entries are spooled to a temporary file as they come and the counts kept as counters, so memory
stays flat however many items an export holds; `write` streams the whole file at the end.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import Post, Problem
from .atomic import atomic_stream

__all__ = ["Manifest"]

SHOWN = 20  # problems kept in memory for the command's summary


class Manifest:
    """One entry per item and every problem, in input order; counts derived as entries arrive."""

    def __init__(self, command: str, inputs: list[str]):
        self.command, self.inputs = command, inputs
        self._items = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._problems = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.first_problems: list[Problem] = []
        self.unknown_shortcodes: Counter = Counter()
        self._outcomes: Counter = Counter()
        self._types: Counter = Counter()
        self._reasons: Counter = Counter()
        self._warned = self._problem_count = self._errors = 0

    def _entry(self, post: Post, outcome: str, **extra: Any) -> None:
        entry = {"source": post.source, "id": post.id, "type": post.type, "status": post.status,
                 "title": post.title, "outcome": outcome}
        entry.update({k: v for k, v in extra.items() if v})
        self._items.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._outcomes[outcome] += 1
        self._types[post.type] += 1

    def written(self, post: Post, paths: list[str], warnings: tuple[Problem, ...] = ()) -> None:
        """A written item; its warnings (rendering, downloads) also join the run's problems."""
        self._entry(post, "written", paths=paths, warnings=[str(w) for w in warnings])
        self._warned += bool(warnings)
        for warning in warnings:
            self.problem(warning)

    def skipped(self, post: Post, reason: str, **extra: Any) -> None:
        self._entry(post, "skipped", reason=reason, **extra)
        self._reasons[reason] += 1

    def failed(self, post: Post, reason: str) -> None:
        self._entry(post, "failed", reason=reason)

    def problem(self, problem: Problem) -> None:
        self._problems.write(json.dumps(str(problem), ensure_ascii=False) + "\n")
        self._problem_count += 1
        self._errors += problem.severity == "error"
        if len(self.first_problems) < SHOWN:
            self.first_problems.append(problem)

    def counts(self) -> dict[str, Any]:
        return {
            "items": sum(self._outcomes.values()),
            "written": self._outcomes["written"],
            "skipped": self._outcomes["skipped"],
            "failed": self._outcomes["failed"],
            "by_type": dict(sorted(self._types.items())),
            "skipped_by_reason": dict(sorted(self._reasons.items())),
            "written_with_warnings": self._warned,
            "problems": self._problem_count,
            "errors": self._errors,
            "unknown_shortcodes": dict(sorted(self.unknown_shortcodes.items())),
        }

    def items(self) -> Iterator[dict[str, Any]]:
        """The entries so far, read back from the spool."""
        self._items.flush()
        self._items.seek(0)
        for line in self._items:
            yield json.loads(line)
        self._items.seek(0, 2)

    def _lines(self, spool) -> Iterator[str]:
        spool.flush()
        spool.seek(0)
        first = True
        for line in spool:
            yield ("  " if first else ",\n  ") + line.rstrip("\n")
            first = False
        spool.seek(0, 2)

    def write(self, out: Path, name: str = "manifest.json") -> None:
        """Stream the manifest into `out`; deterministic (no clock), so re-runs are byte-identical."""
        head = {"wparchive": __version__, "command": self.command, "inputs": self.inputs, "counts": self.counts()}
        with atomic_stream(out, name) as handle:
            handle.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ",\n")
            for key, spool in (("problems", self._problems), ("items", self._items)):
                handle.write(f' "{key}": [\n')
                handle.writelines(self._lines(spool))
                handle.write("\n ]" + (",\n" if key == "problems" else "\n"))
            handle.write("}\n")
