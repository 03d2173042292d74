"""manifest.json: what became of every input item, so nothing is silently lost."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..model import Post, Problem

__all__ = ["Manifest"]


@dataclass
class Manifest:
    """Accumulates one entry per item and every problem; counts are derived, never kept by hand."""

    command: str
    inputs: list[str]
    items: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown_shortcodes: Counter = field(default_factory=Counter)

    def _entry(self, post: Post, outcome: str, **extra: Any) -> None:
        entry = {"source": post.source, "id": post.id, "type": post.type, "status": post.status,
                 "title": post.title, "outcome": outcome}
        entry.update({k: v for k, v in extra.items() if v})
        self.items.append(entry)

    def written(self, post: Post, paths: list[str], warnings: tuple[Problem, ...] = ()) -> None:
        """A written item; its warnings (rendering, downloads) also join the run's problems."""
        self._entry(post, "written", paths=paths, warnings=[str(w) for w in warnings])
        self.problems.extend(warnings)

    def skipped(self, post: Post, reason: str) -> None:
        self._entry(post, "skipped", reason=reason)

    def failed(self, post: Post, reason: str) -> None:
        self._entry(post, "failed", reason=reason)

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)

    def counts(self) -> dict[str, Any]:
        outcomes = Counter(e["outcome"] for e in self.items)
        return {
            "items": len(self.items),
            "written": outcomes["written"],
            "skipped": outcomes["skipped"],
            "failed": outcomes["failed"],
            "by_type": dict(sorted(Counter(e["type"] for e in self.items).items())),
            "skipped_by_reason": dict(sorted(Counter(e.get("reason", "") for e in self.items
                                                     if e["outcome"] == "skipped").items())),
            "written_with_warnings": sum(1 for e in self.items if e.get("warnings")),
            "problems": len(self.problems),
            "errors": sum(1 for p in self.problems if p.severity == "error"),
            "unknown_shortcodes": dict(sorted(self.unknown_shortcodes.items())),
        }

    def to_json(self) -> str:
        """Deterministic (no clock, no machine paths beyond the inputs given) so re-runs are byte-identical."""
        data = {
            "wparchive": __version__,
            "command": self.command,
            "inputs": self.inputs,
            "counts": self.counts(),
            "problems": [str(p) for p in self.problems],
            "items": self.items,
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
