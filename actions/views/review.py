"""CSP officers review submitted updates: publish them, or send them back."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import PUBLISH_UPDATES
from actions.forms import ReviewForm, UpdateCorrectionForm
from actions.models import ProgressUpdate
from actions.privacy import known_names
from actions.services import EditConflict, PublicTextUnchecked, update_publish, update_return
from actions.services import update_correct as correct_update
from actions.views.partners import edit_conflict, site_url_of


@permission_required(PUBLISH_UPDATES, raise_exception=True)
def review_list(request):
    updates = (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED)
        .select_related("action__plan", "round", "partner__parent", "author")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(updates, 50).get_page(request.GET.get("page"))
    return render(request, "actions/review_list.html", {"page": page})


@permission_required(PUBLISH_UPDATES, raise_exception=True)
def update_review(request, pk):
    update = get_object_or_404(
        ProgressUpdate.objects.select_related(
            "action__plan", "action__theme", "round", "partner__parent", "author"
        ),
        pk=pk,
    )
    if update.state != ProgressUpdate.State.SUBMITTED and request.method == "POST":
        # Decided by someone else while this page was open: keep what the officer typed.
        form = ReviewForm(request.POST, update=update, names=known_names())
        form.is_valid()
        reason = _(
            "This update was %(state)s after you opened this page, so your decision is not "
            "saved. What you typed is below."
        ) % {"state": update.get_state_display().lower()}
        return edit_conflict(request, form, update, action=update.action, refusal=reason)
    if update.state != ProgressUpdate.State.SUBMITTED:
        messages.error(request, _("This update is not waiting for review."))
        return redirect("actions:action_manage", update.action_id)
    form = ReviewForm(request.POST or None, update=update, names=known_names())
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == ReviewForm.PUBLISH:
            update.public_summary = form.cleaned_data["public_summary"].strip()
            update_publish(
                update=update,
                user=request.user,
                action_status=form.cleaned_data.get("action_status") or None,
                confirmed=form.cleaned_data["checked_identifying"],
                site_url=site_url_of(request),
            )
            messages.success(request, _("The update is published."))
        else:
            update_return(
                update=update,
                user=request.user,
                comment=form.cleaned_data["comment"],
                site_url=site_url_of(request),
            )
            messages.success(request, _("The update is sent back to its author."))
        return redirect("actions:review_list")
    return render(request, "actions/update_review.html", {"update": update, "form": form})


@permission_required(PUBLISH_UPDATES, raise_exception=True)
def update_correct(request, pk):
    """A CSP officer corrects a published update after its round has closed."""
    update = get_object_or_404(
        ProgressUpdate.objects.select_related(
            "action__plan", "action__theme", "round", "partner__parent"
        ),
        pk=pk,
    )
    if not update.is_changed_only_by_correction:
        return redirect("actions:update_edit", update.pk)
    form = UpdateCorrectionForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        try:
            correct_update(
                update=form.save(commit=False),
                user=request.user,
                reason=form.cleaned_data["reason"].strip(),
                version=form.cleaned_data["version"],
                confirmed=form.flags_confirmed,
            )
        except EditConflict as conflict:
            return edit_conflict(request, form, conflict.current, action=update.action)
        except PublicTextUnchecked as unchecked:
            form.ask_to_confirm(unchecked.flags)
        else:
            messages.success(
                request,
                _("The update on action %(n)s is corrected.") % {"n": update.action.number},
            )
            return redirect("actions:action_manage", update.action_id)
    return render(request, "actions/progressupdate_correct.html", {"update": update, "form": form})
