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

from agreements.models import Commitment, Party, Programme, Signatory
from news.models import Article, ArticleImage

PARAMETER = "ban-in"
LENGTH = 12
_VALID = re.compile(rf"[0-9a-f]{{{LENGTH}}}")


def _name(file_value) -> str:
    """A stored file's name, from a model's FieldFile or a history row's plain text."""
    return str(getattr(file_value, "name", file_value) or "")


def _moment(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value.isoformat() if value else ""


def fingerprint(content) -> str:
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:LENGTH]


def parse(value) -> str | None:
    """The fingerprint in ``value`` if it has the right shape, else None (never an error)."""
    value = (value or "").strip().lower()
    return value if _VALID.fullmatch(value) else None


# Article ---------------------------------------------------------------------------------------


def _article_content(article, images) -> dict:
    """What the article's print view puts on paper; ``article`` and ``images`` are model instances
    or history rows (they have the same attributes)."""
    return {
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "byline": article.byline,
        "source": [article.source_name, article.source_url],
        "cover": [_name(article.cover_image), article.cover_caption],
        "published_at": _moment(article.published_at),
        "images": [
            [_name(image.image), image.caption] for image in sorted(images, key=lambda image: (image.order, image.id))
        ],
    }


def article_fingerprint(article: Article, images=None) -> str:
    """The fingerprint of ``article`` as it is now: its ``images`` as given (the article page has read
    them), else ``article.images.all()`` (prefetched: no query)."""
    return fingerprint(_article_content(article, article.images.all() if images is None else images))


def _article_timeline(article):
    return _timeline(
        main=Article.history.filter(id=article.pk),
        children={"images": ArticleImage.history.filter(article_id=article.pk)},
        content=lambda record, children: _article_content(record, children["images"]),
    )


# Programme -------------------------------------------------------------------------------------


def _programme_content(programme, parties, signatories, commitments) -> dict:
    """What the programme's print sheet puts on paper (organizations by id: renaming a party in the
    directory is not an edit of the programme)."""
    return {
        "title": programme.title,
        "reference_number": programme.reference_number,
        "signing_date": _moment(programme.signing_date),
        "venue": programme.venue,
        "period": [programme.start_year, programme.end_year],
        "summary": programme.summary,
        "parties": [[p.organization_id, p.role] for p in sorted(parties, key=lambda p: (p.order, p.id))],
        "signatories": [
            [s.name, s.position, s.organization_id] for s in sorted(signatories, key=lambda s: (s.order, s.id))
        ],
        "commitments": [[c.number, c.title, c.description] for c in sorted(commitments, key=lambda c: c.number)],
    }


def programme_fingerprint(programme: Programme) -> str:
    """The fingerprint of ``programme`` as it is now (parties, signatories, commitments prefetched)."""
    return fingerprint(
        _programme_content(programme, programme.parties.all(), programme.signatories.all(), programme.commitments.all())
    )


def _programme_timeline(programme):
    return _timeline(
        main=Programme.history.filter(id=programme.pk),
        children={
            "parties": Party.history.filter(programme_id=programme.pk),
            "signatories": Signatory.history.filter(programme_id=programme.pk),
            "commitments": Commitment.history.filter(programme_id=programme.pk),
        },
        content=lambda record, children: _programme_content(
            record, children["parties"], children["signatories"], children["commitments"]
        ),
    )


# Both ------------------------------------------------------------------------------------------


def _timeline(*, main, children, content):
    """[(moment, fingerprint)] of every state the item went through, oldest first, rebuilt from its
    history rows and those of its parts (one query per table)."""
    events = [(record.history_date, 0, record.history_id, None, record) for record in main]
    for order, (name, records) in enumerate(children.items(), start=1):
        events += [(record.history_date, order, record.history_id, name, record) for record in records]
    events.sort(key=lambda event: event[:3])
    current, parts, states = None, {name: {} for name in children}, []
    for moment, _order, _id, name, record in events:
        if name is None:
            current = None if record.history_type == "-" else record
        elif record.history_type == "-":
            parts[name].pop(record.id, None)
        else:
            parts[name][record.id] = record
        if current is not None:
            states.append((moment, fingerprint(content(current, {n: list(p.values()) for n, p in parts.items()}))))
    return states


@dataclass(frozen=True)
class ChangeNotice:
    """The printed version is genuine and older than what the page shows now."""

    printed: str
    current: str
    changed_at: datetime.datetime  # when the content shown now took its present form


def _history(obj):
    return _article_timeline(obj) if isinstance(obj, Article) else _programme_timeline(obj)


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
    """A notice if ``printed_value`` is the fingerprint of a real earlier version of ``obj`` (an
    Article or a Programme) that differs from ``current``; None otherwise, including for values
    nobody printed."""
    printed = parse(printed_value)
    if printed is None or printed == current:
        return None
    timeline = _history(obj)
    if not any(fingerprint == printed for _moment, fingerprint in timeline):
        return None
    changed_at = _current_since(timeline, current) or obj.updated_at
    return ChangeNotice(printed=printed, current=current, changed_at=changed_at)
