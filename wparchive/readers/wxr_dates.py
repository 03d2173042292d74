"""Dates of WXR items: WordPress writes local and GMT wall-clock pairs, never an explicit UTC offset.

`post_date` is the blog's local time and `post_date_gmt` the same moment in UTC, so their
difference is the blog's offset. Drafts that were never published carry `0000-00-00 00:00:00` as
GMT (wp_insert_post leaves post_date_gmt empty for drafts), so only the local time is known.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

__all__ = ["OffsetMemory", "aware_date", "parse_wp_date", "round_offset"]

_WP_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_QUARTER_HOUR = 15 * 60
_MAX_OFFSET = timedelta(hours=14)  # UTC+14 (Kiribati) is the widest real offset


def parse_wp_date(text: str | None) -> datetime | None:
    """A naive datetime from WordPress's `Y-m-d H:i:s`; None for empty or zero (`0000-00-00`) dates."""
    if not text:
        return None
    if len(text) == 19 and text[4::3] == "-- ::" and text.isascii() and text[:4] != "0000":
        try:  # the usual `2020-01-31 09:30:00`, parsed in C
            value = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            if value.tzinfo is None:
                return value
    match = _WP_DATE.match(text)
    if not match:
        return None
    parts = [int(p) if p else 0 for p in match.groups()]
    if parts[0] == 0:
        return None
    try:
        return datetime(*parts)
    except ValueError:
        return None


def round_offset(local: datetime, gmt: datetime) -> timezone | None:
    """The UTC offset local − gmt, rounded to 15 minutes (seconds drift between the two columns)."""
    seconds = (local - gmt).total_seconds()
    quarters = round(seconds / _QUARTER_HOUR)
    offset = timedelta(seconds=quarters * _QUARTER_HOUR)
    if abs(offset) > _MAX_OFFSET:
        return None
    return timezone(offset) if offset else timezone.utc


class OffsetMemory:
    """The blog's offset seen on earlier items, for drafts whose GMT date is zero."""

    def __init__(self) -> None:
        self.offset: timezone | None = None
        self.guessed_blind = False  # a date was assumed UTC while no offset was known

    def learn(self, offset: timezone) -> None:
        self.offset = offset


def aware_date(local_text: str | None, gmt_text: str | None, memory: OffsetMemory,
               moment: datetime | None = None) -> tuple[datetime | None, bool]:
    """The aware datetime of a local/GMT pair, and whether its offset had to be assumed (UTC).

    `moment`, an aware datetime that may name the same instant (an item's RSS pubDate, which
    WordPress writes from the GMT column), gives the offset when the GMT column is missing and the
    two are a plausible pair. It is not remembered for other items: a hand-made pubDate may be anything.
    """
    local, gmt = parse_wp_date(local_text), parse_wp_date(gmt_text)
    if gmt is not None and local is not None:
        offset = round_offset(local, gmt)
        if offset is not None:
            memory.learn(offset)
            return _shifted(gmt, offset), False
    if gmt is not None:
        return gmt.replace(tzinfo=timezone.utc), False
    if local is None:
        return None, False
    if moment is not None:
        instant = moment.astimezone(timezone.utc).replace(tzinfo=None)
        if (offset := round_offset(local, instant)) is not None:
            return _shifted(instant, offset), False
    if memory.offset is not None:
        return local.replace(tzinfo=memory.offset), False
    memory.guessed_blind = True
    return local.replace(tzinfo=timezone.utc), True


def _shifted(gmt: datetime, offset: timezone) -> datetime:
    """The GMT moment seen at the offset; at the edges of the calendar (year 1, 9999) kept in UTC."""
    try:
        return gmt.replace(tzinfo=timezone.utc).astimezone(offset)
    except OverflowError:
        return gmt.replace(tzinfo=timezone.utc)
