"""What is in an export, without writing anything: `wparchive info`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .model import Post, Problem, Site
from .readers.inputs import expand_inputs
from .readers.wxr import read_wxr

__all__ = ["Survey", "survey"]


@dataclass
class Survey:
    inputs: list[str]
    sites: list[Site] = field(default_factory=list)
    types: Counter = field(default_factory=Counter)  # (type, status) -> count
    authors: Counter = field(default_factory=Counter)
    comments: int = 0
    approved_comments: int = 0
    first: datetime | None = None
    last: datetime | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(self.types.values())

    def add(self, post: Post) -> None:
        self.types[(post.type, post.status)] += 1
        self.comments += len(post.comments)
        self.approved_comments += sum(c.approved for c in post.comments)
        if post.type in ("post", "page") and post.author:
            self.authors[post.author] += 1
        if post.type in ("post", "page") and post.date is not None and post.status == "publish":
            self.first = min(self.first, post.date) if self.first else post.date
            self.last = max(self.last, post.date) if self.last else post.date


def survey(inputs: Iterable[str | Path]) -> Survey:
    """Read every input once and count; damage is collected as problems, like convert does."""
    sources = expand_inputs(inputs)
    result = Survey(inputs=[s.name for s in sources])
    for source in sources:
        for record in read_wxr(source):
            if isinstance(record, Site):
                result.sites.append(record)
            elif isinstance(record, Post):
                result.add(record)
            else:
                result.problems.append(record)
    return result
