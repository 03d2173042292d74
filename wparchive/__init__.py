"""wparchive: WordPress exports, saved pages and live sites into clean, lasting archives."""

import logging

from .errors import InputError, WparchiveError
from .model import Author, Comment, Image, Link, Post, Problem, Site, Term

__all__ = [
    "Author", "Comment", "Image", "InputError", "Link", "Post", "Problem", "Site", "Term",
    "WparchiveError",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
