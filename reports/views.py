"""The report builder in the admin (``/quan-tri/bao-cao/``): staff with the right to view
programmes choose a period and get the report on screen, on paper (A4), as DOCX and as XLSX."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from agreements.models import Programme
from reports import period_document, programme_document
from reports.docx_writer import write_docx
from reports.forms import ReportForm
from reports.xlsx_writer import write_xlsx

PERMISSION = "agreements.view_programme"
FORMAT_PARAMETER = "dinh-dang"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def download(document, fmt):
    """The document as a DOCX or XLSX attachment, or None for the other formats."""
    if fmt == "docx":
        response = HttpResponse(write_docx(document), content_type=DOCX_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(write_xlsx(document), content_type=XLSX_TYPE)
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{fmt}"'
    return response


def render(request, document, *, context, fmt):
    response = download(document, fmt)
    if response is not None:
        return response
    template = "reports/report_print.html" if fmt == "in" else "reports/report_admin.html"
    return TemplateResponse(request, template, {**admin.site.each_context(request), "document": document, **context})


def query_without_format(request) -> str:
    query = request.GET.copy()
    query.pop(FORMAT_PARAMETER, None)
    return query.urlencode()


@never_cache
def period_report(request):
    require_permission(request)
    form = ReportForm(request.GET if "kind" in request.GET else None, initial={"year": timezone.localdate().year})
    context = {"form": form, "title": "Báo cáo", "query": query_without_format(request)}
    if not form.is_bound or not form.is_valid():
        return TemplateResponse(
            request, "reports/report_admin.html", {**admin.site.each_context(request), **context}, status=200
        )
    document = period_document.build(form.period(), **form.filters())
    return render(request, document, context=context, fmt=request.GET.get(FORMAT_PARAMETER, ""))


@never_cache
def programme_report(request, pk):
    require_permission(request)
    programme = get_object_or_404(Programme, pk=pk)
    document = programme_document.build(programme)
    context = {"programme": programme, "title": document.subject, "query": ""}
    return render(request, document, context=context, fmt=request.GET.get(FORMAT_PARAMETER, ""))
