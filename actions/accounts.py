"""Roles (Django groups with their permissions), the accounts officers manage on the
portal, and the demo accounts."""

import logging
import secrets
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from themes.models import Partner

audit = logging.getLogger("csp_portal.audit")

OFFICERS = "CSP officers"
EXECUTIVE = "Executive"
PARTNER_LEADS = "Partner leads"

MANAGE_ACCOUNTS = "themes.manage_accounts"


class Role(models.TextChoices):
    """The roles an account may be given on the portal's account pages; each is a group."""

    PARTNER_LEAD = PARTNER_LEADS, _("Partner lead")
    EXECUTIVE = EXECUTIVE, _("Executive")
    OFFICER = OFFICERS, _("Officer")


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
        MANAGE_ACCOUNTS,
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


def accounts_for_list():
    """Every account with its groups and partners, for the account pages (3 queries)."""
    partners = Partner.objects.select_related("parent").order_by("name")
    return (
        get_user_model()
        .objects.prefetch_related("groups", Prefetch("partners", partners))
        .order_by("username")
    )


def account_role(account):
    """The account's role for the account pages: a Role, or None (reads prefetched groups)."""
    names = {group.name for group in account.groups.all()}
    for role in [Role.OFFICER, Role.EXECUTIVE, Role.PARTNER_LEAD]:
        if role.value in names:
            return role
    return None


def account_can_manage(account, user):
    """Whether `user` may change `account` on the portal's account pages.

    Nobody manages their own account or a superuser's there. Officers manage partner leads,
    Executive members and accounts without a role; officers' and staff accounts are left to
    the administrator, who may manage them too. Reads the account's prefetched groups."""
    if account.pk == user.pk or account.is_superuser or not user.has_perm(MANAGE_ACCOUNTS):
        return False
    if user.is_superuser:
        return True
    return not account.is_staff and account_role(account) != Role.OFFICER


def account_roles_for(user):
    """The roles `user` may give: an officer may not make other officers."""
    if user.is_superuser:
        return list(Role)
    return [Role.PARTNER_LEAD, Role.EXECUTIVE]


def _partners_set(*, account, partners):
    """Change the account's partners from each partner's side, so that every partner's
    history records the change (and who made it)."""
    current = set(account.partners.all())
    chosen = set(partners)
    for partner in chosen - current:
        partner.members.add(account)
    for partner in current - chosen:
        partner.members.remove(account)


def _role_set(*, account, role):
    groups = Group.objects.filter(name__in=Role.values)
    account.groups.remove(*[group for group in groups if group.name != role])
    account.groups.add(next(group for group in groups if group.name == role))


@transaction.atomic
def account_invite(*, email, first_name, last_name, partners, invited_by, site_url):
    """Create a partner lead's account without a password and email them a link to choose
    one. The email is sent inside the transaction: when it cannot be sent, no account is left
    behind."""
    account = get_user_model()(
        username=email, email=email, first_name=first_name, last_name=last_name
    )
    account.set_unusable_password()
    account.save()
    _role_set(account=account, role=Role.PARTNER_LEAD)
    _partners_set(account=account, partners=partners)
    invitation_send(account=account, invited_by=invited_by, site_url=site_url)
    return account


def invitation_send(*, account, invited_by, site_url):
    """Email the account a link to choose its password (Django's password reset link, which
    works once and for PASSWORD_RESET_TIMEOUT). Reads the account's partners."""
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    token = default_token_generator.make_token(account)
    context = {
        "account": account,
        "partners": sorted(partner.full_name for partner in account.partners.all()),
        "link": site_url + reverse("password_reset_confirm", args=[uid, token]),
    }
    subject = render_to_string("actions/account_invite_subject.txt", context)
    body = render_to_string("actions/account_invite_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [account.email])
    audit.info("account invited user=%r by=%r", account.username, invited_by.username)


@transaction.atomic
def account_update(*, account, role, partners, changed_by):
    """Give the account one role of the account pages and exactly these partners."""
    _role_set(account=account, role=role)
    _partners_set(account=account, partners=partners)
    audit.info(
        "account changed user=%r by=%r role=%r partners=%r",
        account.username,
        changed_by.username,
        str(role),
        sorted(partner.slug for partner in partners),
    )


def account_active_set(*, account, is_active, changed_by):
    """Let the account sign in again, or stop it: its open sessions end on their next
    request, since Django's backend refuses inactive accounts."""
    account.is_active = is_active
    account.save(update_fields=["is_active"])
    audit.info(
        "account %s user=%r by=%r",
        "reactivated" if is_active else "deactivated",
        account.username,
        changed_by.username,
    )


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
