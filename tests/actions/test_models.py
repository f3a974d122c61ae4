import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import Action, LinkedDocument, ProgressUpdate, Status, StatusCounts
from tests.themes.test_models import assert_refused

pytestmark = pytest.mark.django_db


def test_action_numbers_are_unique_within_a_plan(make_action):
    action = make_action(1)
    duplicate = Action(plan=action.plan, theme=action.theme, number=1, text="Again")
    assert_refused(duplicate, "already has an action with that number")


def test_action_numbers_may_have_gaps(make_action):
    make_action(3)
    make_action(5)
    assert list(Action.objects.values_list("number", flat=True).order_by("number")) == [3, 5]


def test_an_action_cannot_be_due_before_it_starts(make_theme):
    theme = make_theme()
    action = Action(
        plan=theme.plan,
        theme=theme,
        number=1,
        text="Backwards",
        starts_on=datetime.date(2026, 4, 1),
        due_on=datetime.date(2026, 3, 31),
    )
    assert_refused(action, "An action cannot be due before it starts.")


def test_an_action_needs_text(make_theme):
    theme = make_theme()
    assert_refused(Action(plan=theme.plan, theme=theme, number=1, text=""), "cannot be blank")


def test_an_action_number_is_positive(make_theme):
    theme = make_theme()
    assert_refused(Action(plan=theme.plan, theme=theme, number=0, text="x"), "start at 1")


def test_the_theme_must_belong_to_the_actions_plan(make_theme, make_plan):
    other_theme = make_theme(plan=make_plan())
    theme = make_theme()
    action = Action(plan=theme.plan, theme=other_theme, number=1, text="Mismatched")
    with pytest.raises(ValidationError, match="must belong to the action's plan"):
        action.full_clean()


def test_a_document_needs_a_title(make_action):
    assert_refused(LinkedDocument(action=make_action(), title=""), "cannot be blank")


def test_one_update_per_action_per_round(make_action, make_update):
    action = make_action()
    first = make_update(action)
    again = ProgressUpdate(action=action, round=first.round, narrative="Again")
    assert_refused(again, "already has an update for that round")


def test_each_lead_partner_may_post_its_own_update_in_a_shared_action(
    make_action, make_partner, make_update
):
    police, council = make_partner(), make_partner()
    action = make_action(leads=[police, council])
    first = make_update(action, partner=police)
    make_update(action, round=first.round, partner=council)
    again = ProgressUpdate(action=action, round=first.round, partner=police, narrative="Again")
    assert_refused(again, "This partner already has an update")


def test_an_update_needs_a_narrative(make_action, make_round):
    action = make_action()
    update = ProgressUpdate(action=action, round=make_round(), narrative="")
    assert_refused(update, "cannot be blank")


def test_the_round_must_belong_to_the_actions_plan(make_action, make_round, make_plan):
    update = ProgressUpdate(
        action=make_action(), round=make_round(plan=make_plan()), narrative="Progress."
    )
    with pytest.raises(ValidationError, match="must belong to the action's plan"):
        update.full_clean()


def test_a_round_cannot_be_due_before_it_starts(make_round):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_round(starts_on=datetime.date(2026, 1, 1), due_on=datetime.date(2025, 12, 1))


def test_contacts_are_private_unless_marked_publishable(make_action):
    action = make_action(contact_name="Jo Bloggs")
    assert action.public_contact_name == ""
    action.contact_is_public = True
    assert action.public_contact_name == "Jo Bloggs"


def test_public_status_follows_the_latest_published_update_only(
    make_action, make_update, make_round
):
    action = make_action(status=Status.OFF_TRACK)
    make_update(action, status=Status.AT_RISK, state=ProgressUpdate.State.DRAFT)
    action.refresh_from_db()
    assert action.public_status == Status.NOT_RECORDED
    published = make_update(
        action,
        round=make_round(starts_on=datetime.date(2026, 1, 1)),
        status=Status.ON_TRACK,
        state=ProgressUpdate.State.PUBLISHED,
    )
    action.refresh_from_db()
    assert action.public_status == Status.ON_TRACK
    assert action.last_published_round == published.round


def test_status_counts_list_statuses_in_order_and_skip_zeroes(make_action):
    actions = [
        make_action(public_status=Status.COMPLETE),
        make_action(public_status=Status.ON_TRACK),
        make_action(public_status=Status.COMPLETE),
    ]
    counts = StatusCounts.of(actions)
    assert [(row["label"], row["count"]) for row in counts] == [("On track", 1), ("Complete", 2)]
    assert counts.total == 3


def test_saving_an_action_records_history(make_action):
    action = make_action()
    action.text = "Changed"
    action.save()
    assert action.history.count() == 2
    assert action.history.first().text == "Changed"
