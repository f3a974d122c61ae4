"""Only the administrator (a superuser) grants privileges or sets passwords in the Django
admin. Officers hold no account, group or permission permission at all (they manage partner
leads' and Executive members' accounts on the portal's own pages), and a staff account that
is given the account permissions anyway still cannot raise anyone's privileges."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import EXECUTIVE, OFFICERS, PARTNER_LEADS
from tests.signing_in import verified_login

# The admin's own templates leave some variables undefined.
pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


def permissions(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.parametrize("role", [OFFICERS, EXECUTIVE, PARTNER_LEADS])
def test_no_role_holds_a_permission_on_accounts_groups_or_permissions(role):
    assert not {p for p in permissions(role) if p.startswith("auth.")}


def user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "groups": [g.pk for g in user.groups.all()],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_officer_cannot_make_themself_a_superuser(client, staff_officer):
    verified_login(client, staff_officer)
    url = reverse("admin:auth_user_change", args=[staff_officer.pk])
    response = client.post(url, user_form(staff_officer, is_superuser="on"))
    assert response.status_code == 403
    staff_officer.refresh_from_db()
    assert not staff_officer.is_superuser


def test_an_officer_cannot_open_the_set_password_form(client, staff_officer, superuser):
    verified_login(client, staff_officer)
    url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.get(url).status_code == 403
    password = {"password1": "a-new-long-password-1", "password2": "a-new-long-password-1"}
    assert client.post(url, password).status_code == 403
    superuser.refresh_from_db()
    assert not superuser.check_password("a-new-long-password-1")


@pytest.fixture
def account_keeper(make_user):
    """A staff account given Django's account permissions directly, as an administrator
    might by mistake: the user admin still keeps privileges to superusers."""
    user = make_user("keeper", role=OFFICERS, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="auth",
            codename__in=["add_user", "change_user", "view_user", "change_group"],
        )
    )
    return user


def test_a_staff_account_with_the_user_permissions_cannot_raise_its_own(client, account_keeper):
    verified_login(client, account_keeper)
    url = reverse("admin:auth_user_change", args=[account_keeper.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content
    assert b'name="user_permissions"' not in page.content
    every = Permission.objects.values_list("pk", flat=True)
    client.post(
        url,
        user_form(account_keeper, is_superuser="on", user_permissions=list(every)),
    )
    account_keeper.refresh_from_db()
    assert not account_keeper.is_superuser
    assert account_keeper.user_permissions.count() == 4


def test_it_cannot_give_a_group_that_grants_more_than_it_holds(client, account_keeper, make_user):
    lead = make_user("lead", role=PARTNER_LEADS)
    powerful = Group.objects.create(name="Everything")
    powerful.permissions.set(Permission.objects.all())
    verified_login(client, account_keeper)
    url = reverse("admin:auth_user_change", args=[lead.pk])
    page = client.get(url)
    assert b"Everything" not in page.content
    response = client.post(url, user_form(lead, is_staff=None, groups=[powerful.pk]))
    assert response.status_code == 200  # the form refuses the group
    assert list(lead.groups.values_list("name", flat=True)) == [PARTNER_LEADS]


def test_it_cannot_change_or_set_the_password_of_a_superuser(client, account_keeper, superuser):
    verified_login(client, account_keeper)
    change = reverse("admin:auth_user_change", args=[superuser.pk])
    response = client.post(change, user_form(superuser, email="keeper@example.org"))
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@example.org"
    password = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.get(password).status_code == 403


def test_it_cannot_open_the_group_admin_or_add_accounts(client, account_keeper):
    verified_login(client, account_keeper)
    group = Group.objects.get(name=OFFICERS)
    assert client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403
    assert client.get(reverse("admin:auth_user_add")).status_code == 403


def test_the_administrator_still_grants_privileges_and_sets_passwords(
    client, superuser, staff_officer
):
    verified_login(client, superuser)
    url = reverse("admin:auth_user_change", args=[staff_officer.pk])
    response = client.post(url, user_form(staff_officer, is_superuser="on"))
    assert response.status_code == 302
    staff_officer.refresh_from_db()
    assert staff_officer.is_superuser
    password = reverse("admin:auth_user_password_change", args=[staff_officer.pk])
    assert client.get(password).status_code == 200
