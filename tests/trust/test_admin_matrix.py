"""Who may open which page of the Django admin: every registered ModelAdmin's change list,
add, change, delete and history pages, and the user admin's set-password page, opened as
each role. The expected answers below are the permission matrix of docs/security.md; a model
registered later fails `test_every_registered_model_is_in_the_matrix` until it is added."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.roles import EXECUTIVE, PARTNER_LEADS
from actions.models import ReportingRound
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from reports.models import RoundCommentary, RoundSnapshot
from tests.signing_in import confirmed_device, verified_login
from themes.models import Partnership, Priority, PublicPage

# The admin's own templates (django-simple-history's) use variables they leave undefined.
pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

PAGES = ["list", "add", "change", "delete", "history"]
EVERYTHING = {"list", "add", "change", "delete", "history"}

# What a CSP officer (a staff account with the Officers role) may open; everything else
# answers 403. They hold no permission on accounts or groups: the portal's account pages
# are theirs instead.
OFFICER_MAY = {
    "themes.partner": EVERYTHING,
    "themes.plan": EVERYTHING,
    "themes.theme": EVERYTHING,
    "themes.priority": EVERYTHING,
    "themes.residentstatement": EVERYTHING,
    "themes.partnership": EVERYTHING,
    "themes.publicpage": EVERYTHING,
    "actions.action": EVERYTHING,
    "actions.reportinground": EVERYTHING,
    "actions.progressupdate": EVERYTHING - {"delete"},  # progress is never deleted
    "indicators.indicator": EVERYTHING,
    "indicators.indicatorvalue": EVERYTHING,
    "indicators.indicatortarget": EVERYTHING,
    "reports.roundcommentary": set(),  # written on the portal's round pages
    "reports.roundsnapshot": set(),
    "auth.user": set(),
    "auth.group": set(),
    # Two-factor devices: officers reset a partner lead's on the portal's account pages.
    "otp_totp.totpdevice": set(),
    "otp_static.staticdevice": set(),
}

# The administrator (a superuser) opens everything, the set-password page included, but
# frozen round figures are only read: closing a round writes them.
SUPERUSER_MAY = {label: EVERYTHING for label in OFFICER_MAY} | {
    "reports.roundsnapshot": {"list", "view", "history"},
}


def expected(role, label, page):
    """ "sign in", "refused", "opens" (with a Save button on the change page) or "read only"."""
    if role in ("anonymous", "partner lead", "executive"):
        return "sign in"  # the admin is for staff accounts only
    allowed = (OFFICER_MAY if role == "officer" else SUPERUSER_MAY)[label]
    if page == "password":
        return "opens" if role == "superuser" else "refused"
    if page == "change" and "view" in allowed:
        return "read only"
    return "opens" if page in allowed else "refused"


def admin_pages():
    """[(model label, page, url)] for every registered ModelAdmin, first row of each model."""
    pages = []
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"no {model._meta.label} to open"
        for page in PAGES:
            name = {"list": "changelist"}.get(page, page)
            args = [] if page in ("list", "add") else [row.pk]
            pages.append((model._meta.label_lower, page, reverse(f"{info}_{name}", args=args)))
        if model._meta.label_lower == "auth.user":
            url = reverse("admin:auth_user_password_change", args=[row.pk])
            pages.append(("auth.user", "password", url))
    return pages


def outcome(client, page, url):
    response = client.get(url)
    sign_in_pages = (reverse("admin:login"), reverse("login"))
    if response.status_code == 302 and response["Location"].startswith(sign_in_pages):
        return "sign in"
    if response.status_code == 403:
        return "refused"
    if response.status_code == 200:
        if page == "change" and b'name="_save"' not in response.content:
            return "read only"
        return "opens"
    return f"answered {response.status_code}"


@pytest.fixture
def every_model(portal, superuser):
    """The portal's data, plus a row of each model that it leaves empty."""
    round_ = ReportingRound.objects.order_by("pk").first()
    if not Priority.objects.exists():
        Priority.objects.create(plan=portal, number=1, title="Serious violence")
    indicator = Indicator.objects.order_by("pk").first()
    if not IndicatorValue.objects.exists():
        IndicatorValue.objects.create(
            indicator=indicator,
            period_start=datetime.date(2025, 1, 1),
            frequency=indicator.frequency,
            figure=Decimal("10"),
        )
    if not IndicatorTarget.objects.exists():
        IndicatorTarget.objects.create(
            indicator=indicator, target_on=datetime.date(2028, 3, 31), figure=Decimal("5")
        )
    if not Partnership.objects.exists():
        Partnership.objects.create(name="Anytown Community Safety Partnership")
    if not PublicPage.objects.exists():
        PublicPage.objects.create(kind=PublicPage.Kind.CONTACT, body="Write to us.")
    if not RoundCommentary.objects.exists():
        RoundCommentary.objects.create(round=round_, text="The quarter in short.")
    if not RoundSnapshot.objects.exists():
        RoundSnapshot.objects.create(round=round_, closed_at=timezone.now(), closed_by=superuser)
    confirmed_device(superuser)
    StaticDevice.objects.create(user=superuser, name="Recovery codes")


@pytest.fixture
def personas(make_user, make_partner, staff_officer, superuser):
    return {
        "anonymous": None,
        "partner lead": make_user(
            "matrixlead", role=PARTNER_LEADS, partners=[make_partner("Matrix Partner")]
        ),
        "executive": make_user("matrixboard", role=EXECUTIVE),
        "officer": staff_officer,
        "superuser": superuser,
    }


def test_every_registered_model_is_in_the_matrix():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(OFFICER_MAY), "add the model to OFFICER_MAY and docs/security.md"


@pytest.mark.parametrize("role", ["anonymous", "partner lead", "executive", "officer", "superuser"])
def test_each_role_opens_exactly_its_admin_pages(client, every_model, personas, role):
    if personas[role] is not None:
        verified_login(client, personas[role])
    pages = admin_pages()
    assert len(pages) == 5 * len(admin.site._registry) + 1
    wrong = [
        f"{label} {page}: {got}, expected {want}"
        for label, page, url in pages
        if (got := outcome(client, page, url)) != (want := expected(role, label, page))
    ]
    assert not wrong, f"{role}: " + "; ".join(wrong)
