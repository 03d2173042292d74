"""What rendering one post needs to know (its attachments, blog URL) and what it reports back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Image, Problem

__all__ = ["Notes", "RenderContext"]


@dataclass(frozen=True, kw_only=True)
class RenderContext:
    """Per-post facts that WordPress takes from the database while rendering: attachments, the blog URL, meta."""

    base_url: str = ""  # blog URL, to resolve relative URLs
    attachments: Mapping[int, Image] = field(default_factory=dict)  # attachment id -> Image
    children: tuple[Image, ...] = ()  # images attached to this post ([gallery] without ids shows these)
    source: str = ""  # for Problem.source
    item: str = ""  # for Problem.item
    footnotes: str = ""  # the post's `footnotes` meta (JSON), which the core/footnotes block renders


@dataclass
class Notes:
    """Warnings and unknown shortcode names gathered while one post renders."""

    source: str = ""
    item: str = ""
    problems: list[Problem] = field(default_factory=list)
    unknown: dict[str, None] = field(default_factory=dict)  # ordered set
    _seen: dict[str, tuple[int, int]] = field(default_factory=dict, init=False, repr=False)  # message -> place, times

    def warn(self, message: str) -> None:
        """One warning per message and post: forty dropped search blocks are one line saying ×40."""
        place, times = self._seen.get(message, (len(self.problems), 0))
        self._seen[message] = (place, times + 1)
        shown = message if not times else f"{message} (×{times + 1})"
        problem = Problem(source=self.source, item=self.item, message=shown, severity="warning")
        if times:
            self.problems[place] = problem
        else:
            self.problems.append(problem)
