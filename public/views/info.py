"""The pages UK public bodies publish (accessibility, privacy, cookies, contact), what the
statuses mean, and the partnership's own stylesheet colours and browser tab icon."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from actions.models import Status
from actions.statuses import OVERDUE, OVERDUE_LABEL, OVERDUE_MEANING, STATUS_MEANINGS
from portal.page_cache import FRESH_COOKIE, public_page_cache
from portal.uploads import content_type_of
from themes.context_processors import current_partnership
from themes.models import PublicPage
from themes.page_texts import DEFAULTS

# Long enough to be cached, short enough that a new logo or colour shows the same day; the
# pages ask for these with the partnership's last change in the address.
IDENTITY_MAX_AGE = 60 * 60 * 24


def page_text(kind):
    """The officer's text of the page `kind`, or its default, and when it last changed (one
    query)."""
    page = PublicPage.objects.filter(kind=kind).first()
    if page is None:
        return str(DEFAULTS[kind]), None
    return page.body, page.updated_at


def _info_page(request, kind, template, **context):
    body, updated_at = page_text(kind)
    context = {"kind": kind, "title": PublicPage.Kind(kind).label, "body": body, **context}
    context["updated_at"] = updated_at
    return render(request, template, context)


@login_not_required
@public_page_cache
def accessibility(request):
    return _info_page(request, PublicPage.Kind.ACCESSIBILITY, "public/info_page.html")


@login_not_required
@public_page_cache
def privacy(request):
    return _info_page(request, PublicPage.Kind.PRIVACY, "public/info_page.html")


def essential_cookies():
    """The cookies the portal may set, by their configured names, and why."""
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": _("Keeps you signed in as you move from page to page."),
            "expires": _("8 hours after your last visit, or when you sign out"),
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": _("Protects the sign-in page and other forms against forged requests."),
            "expires": _("1 year"),
        },
        {
            "name": "messages",
            "purpose": _("Shows you a message (such as “Saved”) on the next page you open."),
            "expires": _("When you close your browser"),
        },
        {
            "name": FRESH_COOKIE,
            "purpose": _("After you save something, makes sure the next pages show your change."),
            "expires": _("%(seconds)s seconds")
            % {"seconds": int(settings.PUBLIC_PAGE_VERSION_SECONDS) + 1},
        },
    ]


@login_not_required
@public_page_cache
def cookies(request):
    return _info_page(
        request, PublicPage.Kind.COOKIES, "public/cookies.html", cookies=essential_cookies()
    )


@login_not_required
@public_page_cache
def contact(request):
    return _info_page(request, PublicPage.Kind.CONTACT, "public/contact.html")


def status_meanings(*, with_overdue=True):
    """Every status residents may see, with its code, label and meaning, in order; with
    "Overdue" last, which the portal shows but no partner reports."""
    meanings = [
        {"value": status.value, "label": status.label, "meaning": STATUS_MEANINGS[status]}
        for status in Status
    ]
    if with_overdue:
        meanings.append({"value": OVERDUE, "label": OVERDUE_LABEL, "meaning": OVERDUE_MEANING})
    return meanings


@login_not_required
@public_page_cache
def status_list(request):
    return render(request, "public/status_list.html", {"statuses": status_meanings()})


@login_not_required
@require_GET
@cache_control(public=True, max_age=IDENTITY_MAX_AGE)
def partnership_css(request):
    """The partnership's brand colour as GOV.UK Frontend's custom properties; a stylesheet
    rather than a style attribute, so the Content-Security-Policy needs no 'unsafe-inline'."""
    css = render_to_string("public/partnership.css", {"partnership": current_partnership()})
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@login_not_required
@require_GET
@cache_control(public=True, max_age=IDENTITY_MAX_AGE)
def favicon(request):
    """The browser tab icon: the partnership's initials on its brand colour."""
    svg = render_to_string("public/favicon.svg", {"partnership": current_partnership()})
    return HttpResponse(svg, content_type="image/svg+xml")


@login_not_required
@require_GET
@cache_control(public=True, max_age=IDENTITY_MAX_AGE)
def logo(request):
    partnership = current_partnership()
    file_type = content_type_of(partnership.logo.name) if partnership.logo else None
    if file_type is None:
        raise Http404
    try:
        handle = partnership.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=file_type.content_type)
