"""Downloading a plan in the import format, and the empty template, as CSV or .xlsx."""

import io

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from accounts.roles import ADD_ACTIONS, VIEW_INTERNAL_PAGES
from actions.exports import plan_export_rows, rows_to_csv, rows_to_xlsx
from actions.imports import COLUMNS
from themes.models import Plan

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def may_export(user):
    """Officers and Executive members may download plans."""
    return user.has_perm(ADD_ACTIONS) or user.has_perm(VIEW_INTERNAL_PAGES)


def _download(rows, name, file_format):
    if file_format not in CONTENT_TYPES:
        raise Http404
    content = rows_to_csv(rows) if file_format == "csv" else rows_to_xlsx(rows)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"{name}.{file_format}",
        content_type=CONTENT_TYPES[file_format],
    )


def plan_export(request, slug, file_format):
    if not may_export(request.user):
        raise PermissionDenied
    if file_format not in CONTENT_TYPES:
        raise Http404
    plan = get_object_or_404(Plan, slug=slug)
    return _download(plan_export_rows(plan), plan.slug, file_format)


def import_template(request, file_format):
    """The headings of the import format, with no rows: a file to fill in."""
    if not may_export(request.user):
        raise PermissionDenied
    return _download([[column.heading for column in COLUMNS]], "plan-import-template", file_format)
