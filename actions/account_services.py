"""The accounts officers manage on the portal: invitations, roles and partners."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.roles import Role, role_set
from themes.context_processors import current_partnership
from themes.models import Partner

audit = logging.getLogger("csp_portal.audit")


def accounts_for_list():
    """Every account with its groups and partners, for the account pages (3 queries)."""
    partners = Partner.objects.select_related("parent").order_by("name")
    return (
        get_user_model()
        .objects.prefetch_related("groups", Prefetch("partners", partners))
        .order_by("username")
    )


def _partners_set(*, account, partners):
    """Change the account's partners from each partner's side, so that every partner's
    history records the change (and who made it)."""
    current = set(account.partners.all())
    chosen = set(partners)
    for partner in chosen - current:
        partner.members.add(account)
    for partner in current - chosen:
        partner.members.remove(account)


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
    role_set(account=account, role=Role.PARTNER_LEAD)
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
        "partnership": current_partnership(),
    }
    subject = render_to_string("actions/account_invite_subject.txt", context)
    body = render_to_string("actions/account_invite_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [account.email])
    audit.info("account invited user=%r by=%r", account.username, invited_by.username)


@transaction.atomic
def account_update(*, account, role, partners, changed_by):
    """Give the account one role of the account pages and exactly these partners."""
    role_set(account=account, role=role)
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
