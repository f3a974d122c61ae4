"""Officers' pages for what the public site says about the partnership: its name, area,
contact details, logo and colour, and the text of the accessibility statement, privacy
notice, cookies and contact pages. Every save keeps a version in the model's history."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from themes.forms import PartnershipForm, PublicPageForm
from themes.models import Partnership, PublicPage
from themes.page_texts import DEFAULTS


@permission_required("themes.change_partnership", raise_exception=True)
def partnership_edit(request):
    partnership = Partnership.current()
    form = PartnershipForm(request.POST or None, request.FILES or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved the partnership’s details."))
        return redirect("actions:partnership_edit")
    pages = {page.kind: page for page in PublicPage.objects.all()}
    context = {
        "form": form,
        "partnership": partnership,
        "pages": [
            {"kind": kind, "label": kind.label, "page": pages.get(kind.value)}
            for kind in PublicPage.Kind
        ],
        "history": list(partnership.history.select_related("history_user")[:10])
        if partnership.pk and not partnership._state.adding
        else [],
    }
    return render(request, "actions/partnership_form.html", context)


@permission_required("themes.change_publicpage", raise_exception=True)
def publicpage_edit(request, kind):
    try:
        kind = PublicPage.Kind(kind)
    except ValueError:
        raise Http404 from None
    page = PublicPage.objects.filter(kind=kind).first() or PublicPage(
        kind=kind, body=str(DEFAULTS[kind])
    )
    form = PublicPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved the page “%(page)s”.") % {"page": kind.label})
        return redirect("actions:partnership_edit")
    context = {
        "form": form,
        "kind": kind,
        "history": list(page.history.select_related("history_user")[:10]) if page.pk else [],
    }
    return render(request, "actions/publicpage_form.html", context)
