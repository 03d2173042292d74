"""Clean posts from saved or scraped WordPress pages: find the post, drop the theme around it."""

from .page import ExtractOptions, extract_page
from .related import find_related_links

__all__ = ["ExtractOptions", "extract_page", "find_related_links"]
