"""``/media/<name>`` when the file is not in the public area (core/private_media.py).

Behind nginx this view sees only what nginx did not find among the public links; under ``make run``
it sees every request for an upload. It answers:

- the file, cacheable by anyone, if some public row owns it (its link is made on the way, so that
  nginx serves it next time: a scheduled article becomes public without anybody saving it);
- the file, ``Cache-Control: private, no-store``, to active staff who may view a row that owns it
  (an editor previewing a draft's picture or an unpublished programme's PDF);
- 404 otherwise, the same 404 as for a name that does not exist: a private file's existence is not
  revealed.

On disk, the bytes are sent by nginx when ``MEDIA_ACCEL_REDIRECT`` is on (``X-Accel-Redirect`` to
the ``internal`` location ``MEDIA_ACCEL_PREFIX``, see docs/deploy/nginx.conf), by Django otherwise.
On the object store (core/object_store.py) a public file is streamed by Django (only until its copy
in the public area is made, on the way), and staff are redirected to a signed address of the object
valid for minutes: a 20 MB signed PDF then never holds a gunicorn worker, the address cannot be
passed on for long, and the redirect itself is ``private, no-store``.
"""

import mimetypes
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import private_media
from core.public_area import checked_name

PUBLIC_CACHE_CONTROL = "public, max-age=3600"
PRIVATE_CACHE_CONTROL = "private, no-store"


def may_view(user, found) -> bool:
    """Active staff with the view permission on the owning model or on one it follows (a
    programme's viewers see its reviews' reports, as on its admin page)."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    models = [found.model, *(apps.get_model(label) for label in found.owner.follows)]
    return any(user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}") for model in models)


def access(request, name):
    """(who may see ``name``: "public", "staff" or None, the public ``Owning`` if any)."""
    if private_media.is_linked(name):
        return "public", None
    now = timezone.now()
    user = getattr(request, "user", None)
    staff = False
    for found in private_media.owning(name):
        if found.public_rows(now).exists():
            return "public", found
        staff = staff or (may_view(user, found) and found.rows.exists())
    return ("staff" if staff else None), None


def file_response(name, cache_control):
    content_type, encoding = mimetypes.guess_type(name)
    if encoding or not content_type:  # a .gz stays a file to download, never unpacked by the browser
        content_type = "application/octet-stream"
    signs = hasattr(default_storage, "signed_url")
    if signs and cache_control == PRIVATE_CACHE_CONTROL:
        response = HttpResponseRedirect(default_storage.signed_url(name))
    elif getattr(settings, "MEDIA_ACCEL_REDIRECT", False) and not signs:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(name)
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def serve_media(request, name):
    try:
        if not default_storage.exists(checked_name(name)):
            raise Http404
    except (SuspiciousFileOperation, ValueError):
        raise Http404 from None
    except OSError:  # the object store is down: the page holding the picture still works
        return HttpResponse("Tệp tạm thời chưa đọc được, xin thử lại sau.", status=503, headers={"Retry-After": "30"})
    who, found = access(request, name)
    if who is None:
        raise Http404
    if found is not None:
        # Public now but not linked (a scheduled article whose time has come): nginx serves it next time.
        private_media.sync([(found.model, found.field_name, found.original)])
    return file_response(name, PUBLIC_CACHE_CONTROL if who == "public" else PRIVATE_CACHE_CONTROL)
