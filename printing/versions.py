"""Which version of an article or a programme a sheet of paper shows, and whether it has changed since.

The print views put a short fingerprint of the content that appears on paper into the footer
and into the QR code (``?ban-in=<fingerprint>``). When somebody opens that address later, the page
compares it with the fingerprint of the current content. A different value is only believed if
some earlier version of the item, rebuilt from django-simple-history's tables, had exactly that
fingerprint: a tampered or garbage value shows the normal page, never a false "it has changed".

Only what is printed counts: featuring an article on the home page or fixing a typo in a field
that is not printed changes neither the fingerprint nor the notice.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass

from core.printable import PRINTED_VERSION_PARAMETER

PARAMETER = PRINTED_VERSION_PARAMETER
LENGTH = 12
_VALID = re.compile(rf"[0-9a-f]{{{LENGTH}}}")


def fingerprint(content) -> str:
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:LENGTH]


def parse(value) -> str | None:
    """The fingerprint in ``value`` if it has the right shape, else None (never an error)."""
    value = (value or "").strip().lower()
    return value if _VALID.fullmatch(value) else None


@dataclass(frozen=True)
class ChangeNotice:
    """The printed version is genuine and older than what the page shows now."""

    printed: str
    current: str
    changed_at: datetime.datetime  # when the content shown now took its present form


def _history(obj):
    """[(moment, fingerprint)] of every printed state of ``obj``, oldest first."""
    return [(when, fingerprint(content)) for when, content in obj.printed_states()]


def current_fingerprint(obj, **parts) -> str:
    """The fingerprint of what ``obj`` puts on paper now (its parts prefetched or given: no query)."""
    return fingerprint(obj.printed_content(**parts))


def _current_since(timeline, current: str):
    """When the content took the form whose fingerprint is ``current`` (None if the history does
    not end with it, e.g. after a bulk update that wrote no history)."""
    since = None
    for moment, fingerprint in reversed(timeline):
        if fingerprint != current:
            break
        since = moment
    return since


def content_changed_at(obj, *, current: str) -> datetime.datetime:
    """The last time what is printed of ``obj`` changed: saves that change nothing on paper (a
    featured flag, a search field) do not count; the item's ``updated_at`` if the history is silent."""
    return _current_since(_history(obj), current) or obj.updated_at


def change_since_print(obj, printed_value, *, current: str) -> ChangeNotice | None:
    """A notice if ``printed_value`` is the fingerprint of a real earlier version of ``obj`` (a
    ``core.printable.Printable``) that differs from ``current``; None otherwise, including for values
    nobody printed."""
    printed = parse(printed_value)
    if printed is None or printed == current:
        return None
    timeline = _history(obj)
    if not any(fingerprint == printed for _moment, fingerprint in timeline):
        return None
    changed_at = _current_since(timeline, current) or obj.updated_at
    return ChangeNotice(printed=printed, current=current, changed_at=changed_at)
