"""What an item offers to be put on paper: the interface the print views and QR codes use.

Articles and programmes inherit from ``Printable`` (``news/printable.py``, ``agreements/printable.py``)
and say, each for itself, what goes on paper and how it looked before. The printing app (print
sheets, QR codes, the "changed since printed" notice) uses only this interface: it never asks which
kind of item it holds.
"""

import datetime

#: The query parameter of a printed QR code's address: the fingerprint of the printed version
#: (``?ban-in=…``); the item's page reads it to say whether the content changed since.
PRINTED_VERSION_PARAMETER = "ban-in"


class Printable:
    """An item with a print sheet and a QR code. Its title is ``title``, its address ``get_absolute_url()``."""

    #: Names the item in sentences: "<Bài viết> đã được cập nhật sau khi bản in này được tạo".
    print_noun = ""
    #: The kind in the URL names of its sheet and code: ``printing:<kind>-print``, ``printing:<kind>-qr``.
    print_kind = ""
    print_template = ""
    #: The downloaded QR image's file name, formatted with ``pk``.
    qr_filename = ""

    @classmethod
    def printable(cls, user):
        """The items ``user`` may print, with everything the sheet shows fetched (no query per part)."""
        raise NotImplementedError

    def is_public(self) -> bool:
        raise NotImplementedError

    def printed_content(self, **parts) -> dict:
        """What the sheet puts on paper now, as plain data: its fingerprint names the printed version.
        ``parts`` the page has read already may be given (an article's ``images``): no query for them."""
        raise NotImplementedError

    def printed_states(self) -> list[tuple[datetime.datetime, dict]]:
        """[(moment, printed content)] of every state the item went through, oldest first."""
        raise NotImplementedError

    def print_context(self) -> dict:
        """What the sheet's template needs beyond the item itself."""
        return {}


def file_name(file_value) -> str:
    """A stored file's name, from a model's FieldFile or a history row's plain text."""
    return str(getattr(file_value, "name", file_value) or "")


def moment(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value.isoformat() if value else ""


def states_from_history(*, main, children, content):
    """[(moment, content)] of every state an item went through, oldest first, rebuilt from the history
    rows of the item (``main``) and of its parts (``children``: name -> history rows), one query per
    table. ``content(record, parts)`` gives what is printed of one state; records and model instances
    have the same attributes."""
    events = [(record.history_date, 0, record.history_id, None, record) for record in main]
    for order, (name, records) in enumerate(children.items(), start=1):
        events += [(record.history_date, order, record.history_id, name, record) for record in records]
    events.sort(key=lambda event: event[:3])
    current, parts, states = None, {name: {} for name in children}, []
    for when, _order, _id, name, record in events:
        if name is None:
            current = None if record.history_type == "-" else record
        elif record.history_type == "-":
            parts[name].pop(record.id, None)
        else:
            parts[name][record.id] = record
        if current is not None:
            states.append((when, content(current, {n: list(p.values()) for n, p in parts.items()})))
    return states
