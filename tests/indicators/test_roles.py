import pytest
from django.contrib.auth.models import Group

from accounts.roles import EXECUTIVE, OFFICERS, PARTNER_LEADS

pytestmark = pytest.mark.django_db


def permissions(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_officers_may_manage_indicators_their_figures_and_targets():
    assert {
        "indicators.change_indicator",
        "indicators.add_indicatorvalue",
        "indicators.change_indicatorvalue",
        "indicators.add_indicatortarget",
    } <= permissions(OFFICERS)


def test_the_executive_only_reads_them():
    granted = {p for p in permissions(EXECUTIVE) if p.startswith("indicators.")}
    assert granted == {
        "indicators.view_indicator",
        "indicators.view_indicatorvalue",
        "indicators.view_indicatortarget",
    }


def test_partner_leads_get_no_indicator_permission_from_their_role():
    assert not {p for p in permissions(PARTNER_LEADS) if p.startswith("indicators.")}
