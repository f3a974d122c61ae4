"""The sign-in backend reads a user's permissions in one statement, with Django's answers."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from accounts.roles import EXECUTIVE, OFFICERS, PARTNER_LEADS
from accounts.security import ThrottledModelBackend

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def own_permission():
    return Permission.objects.get(codename="view_signinattempt")


@pytest.mark.parametrize("role", [None, PARTNER_LEADS, EXECUTIVE, OFFICERS])
def test_a_users_permissions_are_djangos_own_and_their_groups(make_user, own_permission, role):
    user = make_user(role=role)
    user.user_permissions.add(own_permission)
    expected = ModelBackend().get_all_permissions(fresh(user))
    assert "accounts.view_signinattempt" in expected
    if role:
        assert expected - {"accounts.view_signinattempt"}
    assert ThrottledModelBackend().get_all_permissions(fresh(user)) == expected


def test_two_groups_sharing_a_permission_give_it_once(make_user):
    user = make_user(role=EXECUTIVE)
    user.groups.add(Group.objects.get(name=OFFICERS))
    assert ThrottledModelBackend().get_all_permissions(fresh(user)) == (
        ModelBackend().get_all_permissions(fresh(user))
    )


def test_they_are_read_in_one_query_once_per_request(make_user, django_assert_num_queries):
    user = fresh(make_user(role=OFFICERS))
    with django_assert_num_queries(1):
        assert user.has_perm("actions.change_action")
        assert not user.has_perm("auth.delete_user")
        assert user.has_perms(["actions.view_action", "actions.add_action"])


def test_inactive_users_have_none_and_superusers_every_one(make_user):
    inactive = make_user(role=OFFICERS, is_active=False)
    superuser = make_user(is_superuser=True)
    backend = ThrottledModelBackend()
    assert backend.get_all_permissions(fresh(inactive)) == set()
    assert len(backend.get_all_permissions(fresh(superuser))) == Permission.objects.count()


def test_a_role_taken_away_is_gone_on_the_next_request(make_user):
    user = make_user(role=OFFICERS)
    assert fresh(user).has_perm("actions.change_action")
    user.groups.clear()
    assert not fresh(user).has_perm("actions.change_action")
