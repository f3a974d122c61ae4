"""The demo accounts a newcomer's first `make run` creates, one for each role."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.roles import EXECUTIVE, OFFICERS, PARTNER_LEADS, roles_ensure
from themes.models import Partner


@dataclass
class DemoAccount:
    username: str
    description: str
    password: str  # empty when the account already existed and was left alone


DEMO_ACCOUNTS = [
    # username, description, role, partner slug, superuser
    ("admin", "Administrator", None, None, True),
    ("officer", "CSP officer", OFFICERS, "community-safety-partnership", False),
    ("partner", "Partner lead (Bedfordshire Police)", PARTNER_LEADS, "bedfordshire-police", False),
    ("executive", "CSP Executive member", EXECUTIVE, None, False),
]


@transaction.atomic
def demo_accounts_create(*, reset_passwords=False):
    """Create the demo accounts with fresh random passwords; leave existing ones alone."""
    groups = roles_ensure()
    user_model = get_user_model()
    accounts = []
    for username, description, role, partner_slug, is_superuser in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "is_staff": is_superuser or role == OFFICERS,
                "is_superuser": is_superuser,
            },
        )
        password = ""
        if created or reset_passwords:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
        if role:
            user.groups.add(groups[role])
        if partner_slug:
            partner = Partner.objects.filter(slug=partner_slug).first()
            if partner:
                partner.members.add(user)
        accounts.append(DemoAccount(username, description, password))
    return accounts
