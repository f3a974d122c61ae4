"""Print, as JSON, the pages the benchmark measures on the database in DB_NAME.

Run by benchmarks/run.py as `python -m benchmarks.targets`. It picks the pages from the
generated data (the current plan, its busiest theme, the action with the most updates, the
partner lead with the most actions, a deep page...) and signs in the accounts the benchmark
needs by creating sessions for them, whose cookies it prints. Pages whose URL does not exist
in this version of the portal are listed as not measurable.
"""

import json
import os
import sys

import django


def _session_cookie(user):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(24 * 60 * 60)
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _reverse(name, *args):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Count, Q

    from accounts.roles import EXECUTIVE
    from actions.models import Action, ActionLead
    from themes.models import Plan

    user_model = get_user_model()
    plan = Plan.objects.filter(slug__startswith="demo-", state=Plan.State.CURRENT).first()
    if plan is None:
        sys.exit("No generated current plan in this database: run generate_demo_data first.")
    theme = plan.themes.annotate(n=Count("actions")).order_by("-n", "number").first()
    action = (
        Action.objects.filter(plan=plan)
        .annotate(n=Count("updates", filter=Q(updates__state="published")))
        .order_by("-n", "number")
        .first()
    )
    count = plan.actions.count()
    last_page = max(1, -(-count // 25))
    # The lead whose organisations lead the most actions of the current plan.
    links = (
        ActionLead.objects.filter(action__plan=plan)
        .values("partner")
        .annotate(n=Count("pk"))
        .order_by("-n", "partner")
    )
    lead = None
    for row in links:
        lead = user_model.objects.filter(partners=row["partner"]).order_by("pk").first()
        if lead:
            break
    admin, _ = user_model.objects.get_or_create(
        username="bench-admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "bench-admin@example.org"},
    )
    if admin.has_usable_password():
        admin.set_unusable_password()
        admin.save()
    executive, created = user_model.objects.get_or_create(
        username="bench-executive", defaults={"email": "bench-executive@example.org"}
    )
    if created:
        executive.set_unusable_password()
        executive.save()
        executive.groups.add(Group.objects.get(name=EXECUTIVE))

    search_word = "knife"
    public = {"cookie": None}
    pages = [
        ("Home", _reverse("public:home"), public),
        ("You said, we're doing", _reverse("public:statement_list", plan.slug), public),
        ("Action list, page 1", _reverse("public:action_list", plan.slug), public),
        (
            "Action list, filtered",
            f"{_reverse('public:action_list', plan.slug)}?theme={theme.pk}&status=on_track",
            public,
        ),
        (
            f"Action list, last page ({last_page})",
            f"{_reverse('public:action_list', plan.slug)}?page={last_page}",
            public,
        ),
        (
            f"Action list, search “{search_word}”",
            f"{_reverse('public:action_list', plan.slug)}?q={search_word}",
            public,
        ),
        (
            f"Action detail ({action.n} updates)",
            _reverse("public:action_detail", plan.slug, action.number),
            public,
        ),
        ("Theme page (public)", _reverse("public:theme_detail", plan.slug, theme.number), public),
        ("Plan page (public)", _reverse("public:plan_detail", plan.slug), public),
    ]
    signed_in = {"cookie": _session_cookie(executive)}
    pages += [
        (
            "Theme dashboard",
            _reverse("reports:theme_dashboard", plan.slug, theme.number),
            signed_in,
        ),
        ("Plan dashboard", _reverse("reports:plan_dashboard", plan.slug), signed_in),
    ]
    csv_exports = [
        ("CSV export (open data)", _reverse("public:action_list_csv", plan.slug), public),
        ("CSV export (dashboards)", _reverse("reports:action_export_csv", plan.slug), signed_in),
    ]
    pages += [
        (
            "My actions (partner lead)",
            _reverse("actions:my_actions"),
            {"cookie": _session_cookie(lead) if lead else None},
        ),
        (
            "Admin change list of actions",
            _reverse("admin:actions_action_changelist"),
            {"cookie": _session_cookie(admin)},
        ),
    ]

    def row(name, url, access):
        # Public pages are cached for anonymous visitors, the content of the dashboards and
        # My actions and small downloads shared per version of the data
        # (portal/page_cache.py): these are measured afresh too. The admin's change list is
        # the reference, as Django ships it.
        cached = not name.startswith("Admin")
        return {"name": name, "url": url, "cookie": access["cookie"], "cached": cached}

    print(
        json.dumps(
            {
                "plan": plan.slug,
                "plan_actions": count,
                "actions": Action.objects.count(),
                "pages": [row(*page) for page in pages],
                "exports": [row(*export) for export in csv_exports],
                "lead": lead.username if lead else None,
                "lead_actions": (
                    Action.objects.led_by_any(lead.partners.all())
                    .exclude(plan__state=Plan.State.ARCHIVED)
                    .count()
                    if lead
                    else 0
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
