"""``{% responsive_image %}`` and ``{% rendition_url %}``: pictures at the size a page needs.

    {% load renditions %}
    {% responsive_image article.cover_image sizes="(min-width: 992px) 800px, 100vw" alt=article.cover_caption %}
    {% responsive_image article.cover_image width="thumbnail" sizes="(min-width: 768px) 240px, 100vw" %}
    <img src="{% rendition_url article.cover_image 'print' %}" ...>

The ``<img>`` gets ``src`` (the narrowest version at least ``width`` wide: a pixel count or
"thumbnail", "article", "print"; "article" unless told), ``srcset`` with every version,
``sizes``, ``width``/``height`` (so the page does not jump while pictures load), ``alt``,
``loading="lazy"`` unless ``loading="eager"``, an optional ``class`` and ``fetchpriority`` (``"high"`` for
the picture that is the page's largest paint). Nothing is resized
or read here: the versions were made when the picture was saved (``core.renditions``).
"""

import html

from django import template
from django.utils.safestring import mark_safe

from core import renditions as image_renditions

register = template.Library()

DEFAULT_WIDTH = "article"
DEFAULT_SIZES = "100vw"


@register.simple_tag
def responsive_image(fieldfile, *, sizes=DEFAULT_SIZES, width=DEFAULT_WIDTH, alt="", loading="lazy", **attrs):
    versions = image_renditions.renditions(fieldfile) if fieldfile else []
    chosen = image_renditions.pick(versions, width)
    if chosen is None:
        return ""
    attributes = [("src", chosen.url)]
    if len(versions) > 1:
        srcset = ", ".join(f"{version.url} {version.width}w" for version in versions)
        attributes += [("srcset", srcset), ("sizes", sizes)]
    attributes += [("width", chosen.width), ("height", chosen.height), ("alt", alt or "")]
    if loading:
        attributes += [("loading", loading), ("decoding", "async")]
    css_class = attrs.pop("class", "") or attrs.pop("css_class", "")
    if css_class:
        attributes.append(("class", css_class))
    if attrs.get("fetchpriority"):
        attributes.append(("fetchpriority", attrs["fetchpriority"]))
    # Every value is escaped (html.escape, what Django's escape calls; a page has several pictures and
    # format_html per attribute cost more than the rest of the tag).
    return mark_safe("<img " + " ".join(f'{name}="{html.escape(str(value))}"' for name, value in attributes) + ">")


@register.simple_tag
def rendition_url(fieldfile, width=DEFAULT_WIDTH):
    """The address of the version of ``fieldfile`` for ``width`` ("thumbnail", "article", "print" or pixels);
    the picture itself when its size was never recorded (no versions are known); "" without a picture."""
    if not fieldfile:
        return ""
    chosen = image_renditions.pick(image_renditions.renditions(fieldfile), width)
    return chosen.url if chosen else fieldfile.url


@register.simple_tag
def rendition_size(fieldfile, width=DEFAULT_WIDTH):
    """(width, height) of that version, for markup the tag above does not fit (e.g. ``<source>``)."""
    chosen = image_renditions.pick(image_renditions.renditions(fieldfile) if fieldfile else [], width)
    return (chosen.width, chosen.height) if chosen else None
