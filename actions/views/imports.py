"""Bringing a plan in from a spreadsheet: upload, preview, confirm. For CSP officers.

The uploaded file is held between the preview and the confirmation by portal.held_uploads,
under "imports/": the session holds its random name and a SHA-256 digest of its content.
Confirming reads and checks it all again, then deletes it; a new upload replaces it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts.roles import ADD_ACTIONS, VIEW_INTERNAL_PAGES
from actions.import_forms import (
    ImportChoicesForm,
    ImportRoundForm,
    ImportSizeLimitHandler,
    PlanImportUploadForm,
    PlanStartForm,
)
from actions.import_services import ImportRefused, default_round, plan_import_apply
from actions.imports import (
    CREATE,
    IGNORE,
    READ_COLUMNS,
    ImportFileError,
    import_preview,
    parse_rows,
    read_table,
)
from actions.models import PlanImportChoices
from portal.held_uploads import UploadChanged, UploadGone, upload_held, upload_hold, upload_release
from themes.models import Plan

IMPORT_PERMISSION = ADD_ACTIONS
SESSION_KEY = "plan_import"
COLUMN_CHOICES = {IGNORE, *(column.key for column in READ_COLUMNS)}
RESULT_KEY = "plan_import_result"
UPLOAD_PREFIX = "imports/"
PLANS_PER_PAGE = 50


def _expired_message():
    return _(
        "The uploaded file is no longer available (uploads last as long as your session). "
        "Upload it again."
    )


def _changed_message():
    return _(
        "The uploaded file has changed since its preview was shown (another upload replaced "
        "it). Check the preview of the file now uploaded before importing it."
    )


def _import_plan(slug):
    # Officers import into any plan, drafts included; the public pages show no drafts.
    return get_object_or_404(Plan, slug=slug)


def _forget_upload(request):
    """Delete the file waiting for confirmation, if any, and forget it."""
    upload_release(request, SESSION_KEY, folder=UPLOAD_PREFIX)


def _keep_upload(request, plan, data, table, filename):
    extension = ".xlsx" if table.format == "xlsx" else ".csv"
    upload_hold(
        request,
        SESSION_KEY,
        data,
        folder=UPLOAD_PREFIX,
        extension=extension,
        filename=filename,
        plan=plan.pk,
    )


def _pending_table(request, plan):
    """(pending upload, its Table, None), or (None, None, why it cannot be used)."""
    try:
        pending, data = upload_held(request, SESSION_KEY, plan=plan.pk)
    except UploadGone:
        return None, None, _expired_message()
    except UploadChanged:
        return None, None, _changed_message()
    try:
        return pending, _read_with_choices(request, plan, data), None
    except ImportFileError as error:
        return None, None, str(error)


def _read_with_choices(request, plan, data):
    """The pending file's Table, its columns as the officer chose them on the preview (a
    POST), or as remembered from the plan's last import, or as guessed."""
    memory = PlanImportChoices.objects.filter(plan=plan).first()
    columns = dict(memory.columns) if memory else {}
    sheet = request.POST.get("sheet") or None
    table = read_table(data, columns=columns, sheet=sheet)
    # Choices of columns apply to the headings they were made for: not to another sheet's.
    if request.method == "POST" and request.POST.get("columns_of") == _columns_of(table):
        posted = {
            heading.name: request.POST[f"column_{heading.index}"]
            for heading in table.headings
            if request.POST.get(f"column_{heading.index}") in COLUMN_CHOICES
        }
        if posted and any(columns.get(name) != key for name, key in posted.items()):
            table = read_table(data, columns={**columns, **posted}, sheet=sheet)
    table.remembered = memory
    return table


def _columns_of(table):
    """Which headings the column selects of a preview were made for."""
    return f"{table.sheet}|{table.heading_row}"


def _remember_choices(plan, table, form, user):
    """Keep the columns and lead names chosen, for the next import of the plan."""
    memory = table.remembered or PlanImportChoices(plan=plan)
    partners = dict(memory.partners)
    partners.update({key: value for key, value in form.partner_mapping().items() if value})
    partners = {key: value for key, value in partners.items() if value != CREATE}
    if memory.pk and memory.columns == table.mapping and memory.partners == partners:
        return
    memory.columns, memory.partners = table.mapping, partners
    memory._change_reason = _("Choices of an import")
    memory._history_user = user
    memory.save()


def _round_form(request, plan, table):
    """The choice of round for the file's progress, when it has progress and no Round
    column; posted with the preview's other choices."""
    if not ImportRoundForm.needed(table):
        return None
    data = request.POST if "round_name" in request.POST else None
    return ImportRoundForm(data, plan=plan)


def _round_name(plan, round_form):
    return round_form.chosen if round_form else default_round(plan)


def _preview(plan, parsed, table, partner_mapping=None, theme_mapping=None, default="suggest"):
    remembered = dict(table.remembered.partners) if table.remembered else {}
    return import_preview(
        plan=plan,
        parsed=parsed,
        partner_mapping={**remembered, **(partner_mapping or {})},
        theme_mapping=theme_mapping,
        default=default,
    )


def _preview_chosen(plan, parsed, table, form):
    """The preview with the officer's choices for unknown names, and no guesses."""
    return _preview(
        plan,
        parsed,
        table,
        partner_mapping=form.partner_mapping(),
        theme_mapping=form.theme_mapping(),
        default=None,
    )


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def import_start(request):
    """Plans to import into or export, and a form to start a new plan."""
    return _render_start(request, PlanStartForm())


def _render_start(request, form):
    plans = Plan.objects.annotate(action_count=Count("actions")).newest_first()
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "can_import": request.user.has_perm(IMPORT_PERMISSION),
    }
    return render(request, "actions/import_start.html", context)


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_plan_create(request):
    form = PlanStartForm(request.POST)
    if not form.is_valid():
        return _render_start(request, form)
    plan = form.save()
    messages.success(
        request,
        _("Plan “%(plan)s” created as a draft. Now upload its spreadsheet.") % {"plan": plan},
    )
    return redirect("actions:plan_import_upload", plan.slug)


@csrf_exempt
def plan_import_upload(request, slug):
    # The size limit must be in place before anything reads the request body, which the
    # CSRF check does; so the check runs inside, once the handler is set.
    if request.method == "POST":
        request.upload_handlers.insert(0, ImportSizeLimitHandler(request))
    return _plan_import_upload(request, slug)


@csrf_protect
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def _plan_import_upload(request, slug):
    plan = _import_plan(slug)
    if request.method != "POST":
        form = PlanImportUploadForm()
    else:
        form = PlanImportUploadForm(
            request.POST,
            request.FILES,
            too_large=getattr(request, "import_file_too_large", False),
        )
        if form.is_valid():
            data, table = form.cleaned_data["data"], form.cleaned_data["table"]
            _keep_upload(request, plan, data, table, form.cleaned_data["file"].name)
            return redirect("actions:plan_import_preview", plan.slug)
    context = {"plan": plan, "form": form, "columns": READ_COLUMNS}
    return render(request, "actions/import_upload.html", context)


def _render_preview(request, plan, pending, preview, form, round_form, extra_problems=()):
    context = {
        "round_form": round_form,
        "plan": plan,
        "filename": pending["filename"],
        "digest": pending["digest"],
        "columns_of": _columns_of(preview.parsed.table),
        "preview": preview,
        "problems": [str(problem) for problem in [*preview.problems, *extra_problems]],
        "form": form,
    }
    return render(request, "actions/import_preview.html", context)


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def plan_import_preview(request, slug):
    """What the import would do. A POST here only shows the preview again with the officer's
    choices for unknown names; nothing is saved until the confirmation."""
    plan = _import_plan(slug)
    pending, table, error = _pending_table(request, plan)
    if error:
        messages.error(request, error)
        return redirect("actions:plan_import_upload", plan.slug)
    round_form = _round_form(request, plan, table)
    parsed = parse_rows(table, default_round=_round_name(plan, round_form))
    preview = _preview(plan, parsed, table)
    data = None
    if request.method == "POST":
        # The selects show the columns as read: the posted ones, unless they were made for
        # another sheet's headings.
        data = request.POST.copy()
        for heading in table.headings:
            data[f"column_{heading.index}"] = heading.key or IGNORE
    form = ImportChoicesForm(data, preview=preview)
    if request.method == "POST" and form.is_valid():
        preview = _preview_chosen(plan, parsed, table, form)
        form = ImportChoicesForm(data, preview=preview)
        form.is_valid()
    return _render_preview(request, plan, pending, preview, form, round_form)


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def plan_import_confirm(request, slug):
    plan = _import_plan(slug)
    pending, table, error = _pending_table(request, plan)
    if error:
        messages.error(request, error)
        return redirect("actions:plan_import_upload", plan.slug)
    if request.POST.get("digest") != pending["digest"]:
        messages.error(request, _changed_message())
        return redirect("actions:plan_import_preview", plan.slug)
    round_form = _round_form(request, plan, table)
    round_name = _round_name(plan, round_form)
    parsed = parse_rows(table, default_round=round_name)
    preview = _preview(plan, parsed, table)
    form = ImportChoicesForm(request.POST, preview=preview)
    round_chosen = round_form is None or round_form.is_valid()
    if not (form.is_valid() and round_chosen):
        return _render_preview(request, plan, pending, preview, form, round_form)
    remembered = dict(table.remembered.partners) if table.remembered else {}
    try:
        outcome = plan_import_apply(
            plan=plan,
            rows=table,
            user=request.user,
            partner_mapping={**remembered, **form.partner_mapping()},
            theme_mapping=form.theme_mapping(),
            source=pending["filename"],
            publish=form.publishes,
            publish_flagged=form.publishes_flagged,
            default_round=round_name,
        )
    except ImportRefused as refused:
        preview = _preview_chosen(plan, parsed, table, form)
        # Problems found only while saving, and unknown names left without a choice.
        extra = [p for p in refused.problems if p not in preview.problems]
        return _render_preview(request, plan, pending, preview, form, round_form, extra)
    _remember_choices(plan, table, form, request.user)
    _forget_upload(request)
    request.session[RESULT_KEY] = {
        "plan": plan.pk,
        "filename": pending["filename"],
        **outcome.as_dict(),
    }
    messages.success(
        request,
        _(
            "Imported “%(file)s” into %(plan)s: %(created)s actions created, %(changed)s "
            "changed and %(unchanged)s unchanged."
        )
        % {
            "file": pending["filename"],
            "plan": plan,
            "created": outcome.created,
            "changed": outcome.changed,
            "unchanged": outcome.unchanged,
        },
    )
    return redirect("actions:plan_import_done", plan.slug)


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def plan_import_done(request, slug):
    """The confirmation page: what the last import into this plan did."""
    plan = _import_plan(slug)
    result = request.session.get(RESULT_KEY)
    if not result or result.get("plan") != plan.pk:
        result = None
    return render(request, "actions/import_done.html", {"plan": plan, "result": result})
