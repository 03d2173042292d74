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

    def warn(self, message: str) -> None:
        self.problems.append(Problem(source=self.source, item=self.item, message=message, severity="warning"))
