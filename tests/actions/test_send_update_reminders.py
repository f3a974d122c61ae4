from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from accounts.roles import PARTNER_LEADS
from actions.models import ReminderSent

pytestmark = pytest.mark.django_db


def remind(*args):
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_update_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def missing(make_action, make_update, police, council, open_round):
    actions = [make_action(n, leads=[police]) for n in (1, 2)]
    make_action(3, leads=[council])
    done = make_action(4, leads=[police])
    make_update(done, round=open_round, state="submitted")
    make_action(5, leads=[police], status="complete")
    return actions


def test_each_lead_gets_one_email_listing_all_their_missing_actions(
    police_lead, council_lead, make_user, police, missing
):
    make_user("observer", partners=[police])  # not a partner lead: not reminded
    output = remind()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "inspector@example.org",
        "manager@example.org",
    ]
    police_mail = next(m for m in mail.outbox if m.to == ["inspector@example.org"])
    assert "action 1." in police_mail.body and "action 2." in police_mail.body
    assert "action 4." not in police_mail.body and "action 5." not in police_mail.body
    assert "Reminded inspector" in output


def test_nobody_is_reminded_twice_in_one_day(police_lead, missing):
    remind()
    assert len(mail.outbox) == 1
    assert "Nobody needs a reminder today." in remind()
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_a_dry_run_sends_and_records_nothing(police_lead, missing):
    output = remind("--dry-run")
    assert "Would remind inspector <inspector@example.org>: actions 1, 2" in output
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_members_of_the_parent_organisation_are_reminded_for_their_teams(
    make_user, make_partner, make_action, open_round
):
    council = make_partner("Luton Council")
    team = make_partner("Public Health", slug="lc-ph", parent=council)
    make_action(leads=[team])
    make_user("director", role=PARTNER_LEADS, partners=[council])
    remind()
    assert [m.to for m in mail.outbox] == [["director@example.org"]]


def test_the_reminder_links_to_the_page_for_the_whole_round(police_lead, missing, settings):
    settings.SITE_URL = "https://csp.example.org"
    remind()
    (message,) = mail.outbox
    plan = missing[0].plan
    link = "https://csp.example.org" + reverse("actions:update_bulk", args=[plan.slug])
    assert link in message.body
    assert "CSP Portal: 2 progress updates needed" == message.subject
