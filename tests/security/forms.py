"""Submit a rendered form the way a browser would: every field with its current value.

Lets a test change one or two fields of an admin page (including inline formsets' management
forms) without restating the whole form, and forge fields the page does not offer.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = form_id is None
        self.depth = 0
        self.fields = {}
        self._select = None
        self._select_multiple = False
        self._select_first = None
        self._select_chosen = False
        self._textarea = None

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and self.form_id is not None and attributes.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self._add(name, attributes.get("value") or "on")
                return
            self._add(name, attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
            self._select_multiple = "multiple" in attributes
            self._select_first = None
            self._select_chosen = False
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                self._add(self._select, value)
                self._select_chosen = True

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form and self.form_id is not None:
            self.in_form = False
        if tag == "textarea":
            self._textarea = None
        if tag == "select" and self._select:
            if not self._select_chosen and not self._select_multiple and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            values = self.fields[self._textarea]
            # The HTML parser drops the newline that directly follows <textarea>, like browsers.
            values[-1] = (values[-1] + data).removeprefix("\n") if not values[-1] else values[-1] + data


def form_data(html: str | bytes, form_id: str | None = None) -> dict:
    """The fields of the form ``form_id`` (or of every form on the page) as the test client posts them."""
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser(form_id)
    parser.feed(html)
    return {name: values if len(values) > 1 else values[0] for name, values in parser.fields.items()}
