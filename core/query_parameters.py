"""The GET parameters a public view reads, declared on the view: only they may tell its pages apart.

A view (or its class) says ``@cache_key_parameters("page", "q")``; whatever keeps copies of public
pages (the page cache) reads the declaration with ``declared_parameters`` and never stores a page
asked for with any other parameter, so random query strings cannot multiply copies. A view that
declares nothing is one page whatever the query string says.
"""

VIEW_ATTRIBUTE = "cache_key_parameters"


def cache_key_parameters(*names):
    """Declares the GET parameters a public view reads: only they may form its cached pages' keys.

    Works on a function view and on a class-based view (its subclasses inherit the declaration)."""

    def declare(view):
        setattr(view, VIEW_ATTRIBUTE, frozenset(names))
        return view

    return declare


def declared_parameters(view) -> frozenset:
    """The parameters ``view`` (a function, or a class-based view's ``as_view()``) declares."""
    view = getattr(view, "view_class", view)
    return getattr(view, VIEW_ATTRIBUTE, frozenset())
