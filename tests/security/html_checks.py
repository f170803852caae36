"""What "no script survives" means, checked the way a browser would read the markup.

``body_problems`` is strict: it judges sanitized rich text, which may only hold the sanitizer's
allowlist. ``page_problems`` judges a whole rendered page, whose own templates legitimately hold
scripts, forms and styles: there, nothing may execute code except same-origin external scripts,
and the dangerous elements a page holds must be the ones its templates put there (the counts of a
page rendered for harmless content, ``baseline``).
"""

import json
import re
from collections import Counter
from html.parser import HTMLParser

from news.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "background", "poster", "cite", "longdesc",
    "dynsrc", "lowsrc", "codebase", "xlink:href", "srcset", "manifest", "icon", "ping", "to", "values",
}  # fmt: skip
DANGEROUS_ELEMENTS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param", "base",
    "link", "meta", "form", "input", "button", "select", "textarea", "svg", "math", "template",
    "noscript", "xmp", "plaintext", "portal", "noembed", "noframes", "listing", "video", "audio",
    "source", "animate", "set", "use", "image", "foreignobject", "marquee", "isindex", "keygen",
}  # fmt: skip
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))


def url_scheme(value: str) -> str | None:
    """The scheme a browser (WHATWG URL parser) sees in an attribute value, None if relative."""
    value = value.strip(_C0_OR_SPACE)
    value = re.sub(r"[\t\n\r]", "", value)
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else None


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs dict, inline text for script/style)
        self._raw_tag = None

    def handle_starttag(self, tag, attrs):
        self.elements.append([tag, attrs, ""])
        if tag in {"script", "style"}:
            self._raw_tag = tag

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == self._raw_tag:
            self._raw_tag = None

    def handle_data(self, data):
        if self._raw_tag and self.elements:
            self.elements[-1][2] += data


def elements(html: str):
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser.elements


def _attribute_problems(tag, name, value, *, strict):
    problems = []
    value = value or ""
    if name.startswith("on"):
        problems.append(f"<{tag} {name}=…> event handler")
    if name in {"srcdoc", "formaction", "xlink:href", "style"} and strict:
        problems.append(f"<{tag} {name}=…> not allowed in rich text")
    if name in URL_ATTRIBUTES:
        candidates = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
        for candidate in candidates:
            scheme = url_scheme(candidate)
            if strict:
                allowed = ALLOWED_URL_SCHEMES
            else:
                allowed = LINK_SCHEMES | ({"data"} if tag == "img" else set())
            if scheme is not None and scheme not in allowed:
                problems.append(f"<{tag} {name}={value!r}> {scheme}: URL")
    if name == "style":
        folded = re.sub(r"\s|/\*.*?\*/|\\", "", value.lower())
        for needle in ("expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding", "url(", "@import"):
            if needle in folded:
                problems.append(f"<{tag} style={value!r}> contains {needle}")
    if tag == "meta" and name == "http-equiv" and value.strip().lower() in {"refresh", "set-cookie"}:
        problems.append(f"<meta http-equiv={value!r}>")
    return problems


def body_problems(html: str) -> list[str]:
    """Everything in sanitized rich text that the allowlist does not allow or that could execute."""
    problems = []
    for tag, attrs, _text in elements(html):
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}> not in the allowlist")
        # nh3 adds rel="noopener noreferrer nofollow" to every link itself.
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            if name not in allowed:
                problems.append(f"<{tag} {name}=…> attribute not in the allowlist")
            problems += _attribute_problems(tag, name, value, strict=True)
    return problems


def dangerous_counts(html: str) -> Counter:
    return Counter(tag for tag, _attrs, _text in elements(html) if tag in DANGEROUS_ELEMENTS)


def page_problems(html: str, *, baseline: Counter) -> list[str]:
    """Anything on a rendered page that could run script, beyond what its own templates hold."""
    problems = []
    for tag, attrs, text in elements(html):
        attributes = dict(attrs)
        for name, value in attrs:
            problems += _attribute_problems(tag, name, value, strict=False)
        if tag == "script":
            script_type = (attributes.get("type") or "").strip().lower()
            if script_type in {"application/ld+json", "application/json"}:
                try:
                    json.loads(text)
                except ValueError:
                    problems.append(f"data block is not JSON: {text[:80]!r}")
                if "</" in text.lower():
                    problems.append("data block contains '</'")
            elif "src" not in attributes or text.strip():
                problems.append(f"inline script: {text[:80]!r}")
            elif not (attributes["src"] or "").startswith("/static/"):
                problems.append(f"script from elsewhere: {attributes['src']!r}")
    counts = dangerous_counts(html)
    for tag, count in counts.items():
        if count > baseline.get(tag, 0):
            problems.append(f"{count - baseline.get(tag, 0)} extra <{tag}> element(s)")
    return problems
