"""Who is asking: the visitor's address and the sign-in name django-axes counts.

Imports neither ``core.logging`` nor ``core.middleware``, which both use it.
"""

import unicodedata

from django.conf import settings


def client_ip(request) -> str | None:
    """The visitor's address. Behind ``DJANGO_TRUSTED_PROXY_COUNT`` reverse proxies it is taken from
    X-Forwarded-For, counting from the right: entries further left are whatever the client sent and
    cannot be trusted. Also used by django-axes (``AXES_CLIENT_IP_CALLABLE``)."""
    meta = getattr(request, "META", {})
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return meta.get("REMOTE_ADDR") or None


# django-axes stores the username in a varchar(255) (axes.models.AccessBase.username).
AXES_USERNAME_LENGTH = 255


def axes_username(request, credentials=None) -> str | None:
    """The username django-axes counts failed sign-ins for (``AXES_USERNAME_CALLABLE``): the name as
    the sign-in form reads it (stripped, NFKC), cut to the length axes can store.

    Without it axes stores the raw value, and the admin's sign-in form does not enforce the User
    model's max_length: a name over 255 characters, or padded with spaces past that, failed to save
    (a DataError on PostgreSQL, a 500) instead of showing the form's message.
    """
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(field)
    if username is None:
        return None
    # PostgreSQL text cannot hold a NUL character.
    username = unicodedata.normalize("NFKC", str(username).strip()).replace("\x00", "")
    return username[:AXES_USERNAME_LENGTH]
