"""Typed errors the library raises for whole-input failures; the CLI turns them into one-line messages."""

__all__ = ["WparchiveError", "InputError"]


class WparchiveError(Exception):
    """Base class: the message is one line a user can act on."""


class InputError(WparchiveError):
    """An input cannot be read at all (missing, not an export, not a page)."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message
