"""Officers manage accounts: invite partner leads, set roles and partners, deactivate."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import twofactor
from accounts.roles import MANAGE_ACCOUNTS, account_can_manage, account_role, account_roles_for
from actions import account_services as accounts
from actions.forms import AccountEditForm, AccountInviteForm


@dataclass
class AccountRow:
    account: object
    role: str
    partners: list
    can_manage: bool


def _row(account, user):
    role = account_role(account)
    if account.is_superuser:
        label = _("Administrator")
    else:
        label = role.label if role else _("No role")
    partners = [partner.full_name for partner in account.partners.all()]
    return AccountRow(account, label, partners, account_can_manage(account, user))


def _get_account_for_user(request, pk):
    """The account, with its groups and partners, if the user may manage it; else 403."""
    account = get_object_or_404(accounts.accounts_for_list(), pk=pk)
    if not account_can_manage(account, request.user):
        raise PermissionDenied
    return account


@permission_required(MANAGE_ACCOUNTS, raise_exception=True)
def account_list(request):
    page = Paginator(accounts.accounts_for_list(), 50).get_page(request.GET.get("page"))
    rows = [_row(account, request.user) for account in page.object_list]
    return render(request, "actions/account_list.html", {"page": page, "rows": rows})


@permission_required(MANAGE_ACCOUNTS, raise_exception=True)
def account_invite(request):
    form = AccountInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = accounts.account_invite(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                partners=list(data["partners"]),
                invited_by=request.user,
                site_url=_site_url(request),
            )
        except IntegrityError:  # the same address, invited at the same moment
            form.add_error("email", _("An account with this email address already exists."))
        except OSError:  # the mail server refused or could not be reached
            messages.error(
                request,
                _("The invitation could not be sent, so no account was made. Try again later."),
            )
        else:
            messages.success(
                request,
                _("An invitation to choose a password was sent to %(email)s.")
                % {"email": account.email},
            )
            return redirect("actions:account_list")
    return render(request, "actions/account_invite.html", {"form": form})


@permission_required(MANAGE_ACCOUNTS, raise_exception=True)
def account_edit(request, pk):
    account = _get_account_for_user(request, pk)
    role = account_role(account)
    form = AccountEditForm(
        request.POST if request.method == "POST" else None,
        roles=account_roles_for(request.user),
        initial={"role": role.value if role else None, "partners": list(account.partners.all())},
    )
    if request.method == "POST" and form.is_valid():
        accounts.account_update(
            account=account,
            role=form.cleaned_data["role"],
            partners=list(form.cleaned_data["partners"]),
            changed_by=request.user,
        )
        messages.success(request, _("Saved the role and partners of %(name)s.") % _names(account))
        return redirect("actions:account_list")
    context = {
        "form": form,
        "account": account,
        "name": _names(account)["name"],
        "is_invited": not account.has_usable_password(),
        "has_two_factor": twofactor.confirmed_device(account) is not None,
    }
    return render(request, "actions/account_form.html", context)


def _names(account):
    return {"name": account.get_full_name() or account.username}


def _active_set(request, pk, is_active):
    if pk == request.user.pk:
        messages.error(request, _("You cannot deactivate or reactivate your own account."))
        return redirect("actions:account_list")
    account = _get_account_for_user(request, pk)
    accounts.account_active_set(account=account, is_active=is_active, changed_by=request.user)
    if is_active:
        messages.success(request, _("%(name)s can sign in again.") % _names(account))
    else:
        messages.success(request, _("%(name)s can no longer sign in.") % _names(account))
    return redirect("actions:account_list")


@require_POST
@permission_required(MANAGE_ACCOUNTS, raise_exception=True)
def account_deactivate(request, pk):
    return _active_set(request, pk, is_active=False)


@require_POST
@permission_required(MANAGE_ACCOUNTS, raise_exception=True)
def account_reactivate(request, pk):
    return _active_set(request, pk, is_active=True)


@require_POST
@permission_required(MANAGE_ACCOUNTS, raise_exception=True)
def account_invite_resend(request, pk):
    account = _get_account_for_user(request, pk)
    if account.has_usable_password():
        messages.error(
            request,
            _(
                "%(name)s has already chosen a password. If they have forgotten it, they can "
                "reset it from the sign-in page."
            )
            % _names(account),
        )
        return redirect("actions:account_edit", account.pk)
    try:
        accounts.invitation_send(
            account=account, invited_by=request.user, site_url=_site_url(request)
        )
    except OSError:
        messages.error(request, _("The invitation could not be sent. Try again later."))
        return redirect("actions:account_edit", account.pk)
    messages.success(
        request,
        _("The invitation was sent again to %(email)s.") % {"email": account.email},
    )
    return redirect("actions:account_list")


@permission_required(MANAGE_ACCOUNTS, raise_exception=True)
def account_two_factor_reset(request, pk):
    """After a lost phone: asks to confirm, then removes the account's second factor. Officers
    reset partner leads' and Executive members'; only the administrator officers' and staff."""
    account = _get_account_for_user(request, pk)
    if request.method == "POST":
        twofactor.two_factor_reset(account=account, reset_by=request.user)
        messages.success(
            request,
            _(
                "Two-factor sign-in was reset for %(name)s. They sign in with their password "
                "alone, or set up a new app if their role needs one."
            )
            % _names(account),
        )
        return redirect("actions:account_edit", account.pk)
    context = {"account": account, "name": _names(account)["name"]}
    return render(request, "actions/account_confirm_two_factor_reset.html", context)


def _site_url(request):
    return f"{request.scheme}://{request.get_host()}"
