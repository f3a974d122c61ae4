"""CSV and Excel downloads of the actions exactly as filtered on screen."""

from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.roles import VIEW_INTERNAL_PAGES
from portal.downloads import in_blocks
from portal.page_cache import shared_download
from reports import exports
from reports.views.common import plan_or_404, select
from reports.views.dashboards import render_action_list


def _export(selection):
    """(values of every row, file name stem) of the selection."""
    plan = selection.plan
    choice = selection.choice
    if choice.is_frozen:
        closed_on = timezone.localdate(choice.snapshot.closed_at).isoformat()
        figures = _("Frozen on %(date)s") % {"date": closed_on}
    else:
        figures = _("Live on %(date)s") % {"date": timezone.localdate().isoformat()}
    round_name = choice.selected.name if choice.selected else ""
    values = (
        exports.row_values(
            row,
            plan=plan,
            round_name=round_name,
            figures=figures,
            has_compare=choice.compare is not None,
        )
        for row in exports.action_rows(selection.source, selection.rows)
    )
    round_part = (slugify(round_name) or "round") if round_name else "live"
    stem = f"actions-{plan.slug}-{round_part}"
    return values, stem


def _download(request, slug, write, *, content_type, extension):
    """The selection's rows as a streamed file written by `write(values)`, or the list page
    with its errors (400) when the filters are not valid."""
    selection = select(request, plan_or_404(slug))
    if not selection.filterset.form.is_valid():
        return render_action_list(request, selection, status=400)
    values, stem = _export(selection)
    return StreamingHttpResponse(
        write(values),
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{stem}.{extension}"'},
    )


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
@shared_download
def action_export_csv(request, slug):
    return _download(
        request,
        slug,
        lambda values: in_blocks(exports.csv_lines(values)),
        content_type="text/csv; charset=utf-8",
        extension="csv",
    )


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
@shared_download
def action_export_xlsx(request, slug):
    return _download(
        request,
        slug,
        lambda values: exports.xlsx_chunks(values, title=_("Actions")),
        content_type=exports.XLSX_CONTENT_TYPE,
        extension="xlsx",
    )
