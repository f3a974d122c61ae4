"""Roles (Django groups with their permissions) and the demo accounts."""

import secrets
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from themes.models import Partner

OFFICERS = "CSP officers"
EXECUTIVE = "Executive"
PARTNER_LEADS = "Partner leads"

_EDITABLE_MODELS = {
    "themes": [
        "partner",
        "plan",
        "theme",
        "themelead",
        "priority",
        "residentstatement",
        "commitment",
    ],
    "actions": ["action", "actionlead", "linkeddocument", "reportinground", "progressupdate"],
    "reports": ["indicator", "indicatorvalue", "indicatortarget"],
}


def _model_permissions(verbs):
    return [
        f"{app}.{verb}_{model}"
        for app, models in _EDITABLE_MODELS.items()
        for model in models
        for verb in verbs
    ]


ROLE_PERMISSIONS = {
    # Officers run the plan: everything but deleting progress, which is never deleted. No
    # role holds a permission on accounts, groups or permissions: only the administrator (a
    # superuser) grants privileges, in the Django admin.
    OFFICERS: [
        *_model_permissions(["add", "change", "view"]),
        *[p for p in _model_permissions(["delete"]) if not p.endswith("_progressupdate")],
        "themes.view_internal_pages",
        "actions.publish_progressupdate",
    ],
    EXECUTIVE: [*_model_permissions(["view"]), "themes.view_internal_pages"],
    # What a lead may change is narrowed further to their own partners' actions.
    PARTNER_LEADS: [
        "actions.view_action",
        "actions.change_action",
        "actions.add_progressupdate",
        "actions.change_progressupdate",
    ],
}


@transaction.atomic
def roles_ensure():
    """Create the role groups and give each exactly its permissions."""
    # After migrate, each app's permissions are created in INSTALLED_APPS order, so those of
    # apps listed after this one would not exist yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    groups = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
        groups[name] = group
    return groups


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
