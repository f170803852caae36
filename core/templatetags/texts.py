"""``{{ text|truncate_chars:200 }}``: Django's ``truncatechars``, the same text, cheaper for a text that
fits (``core.text.truncate_chars``); the pages' descriptions and titles use it."""

from django import template
from django.template.defaultfilters import stringfilter

from core import text

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def truncate_chars(value, length):
    try:
        length = int(length)
    except ValueError:  # as truncatechars: a bad length leaves the text alone
        return value
    return text.truncate_chars(value, length)
