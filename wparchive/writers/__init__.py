"""Writers: a post in, the files that hold it out. The CLI builds its --format choices from FORMATS."""

from .html import html_files
from .jsonl import jsonl_files
from .markdown import markdown_files

# format -> (function(post, rel, **options) -> [(relative path, bytes)], file extension of rel)
FORMATS = {
    "md": (markdown_files, ".md"),
    "jsonl": (jsonl_files, ".jsonl"),
    "html": (html_files, ".html"),
}
# Formats that put every post in one file: no file per post, so links between posts keep their URLs.
ONE_FILE = frozenset({"jsonl"})

__all__ = ["FORMATS", "ONE_FILE"]
