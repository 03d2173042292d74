"""Writers: a post in, the files that hold it out. The CLI builds its --format choices from FORMATS."""

from .html import html_files
from .jsonl import jsonl_files
from .markdown import markdown_files

# format -> (function(post, rel, **options) -> [(relative path, bytes)], file extension of rel)
FORMATS = {
    "md": (markdown_files, ".md"),
    "jsonl": (jsonl_files, ".md"),
    "html": (html_files, ".html"),
}

__all__ = ["FORMATS"]
