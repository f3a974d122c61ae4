import pytest
from django.urls import reverse

from accounts.roles import PARTNER_LEADS
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

URL = reverse("actions:my_actions")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).url.startswith(reverse("login"))


def test_actions_needing_attention_come_first(
    client, police_lead, police, make_action, make_update, open_round
):
    fine = make_action(1, leads=[police])
    make_update(fine, round=open_round, state="submitted")
    missing = make_action(2, leads=[police])
    returned = make_action(3, leads=[police])
    make_update(returned, round=open_round, state="returned")
    make_action(4)  # someone else's
    verified_login(client, police_lead)
    response = client.get(URL)
    assert [a.number for a in response.context["page"].object_list] == [3, 2, 1]
    assert missing.number == 2


def test_the_query_count_does_not_grow_with_actions(
    client, make_user, make_partner, make_action, open_round, django_assert_num_queries
):
    partners = [make_partner() for _ in range(3)]
    user = make_user(role=PARTNER_LEADS, partners=partners)
    for partner in partners:
        make_action(leads=[partner, make_partner()])
    verified_login(client, user)
    # session, user, its two-factor device, the partnership, count, whether the user has partners,
    # permissions, the page of actions (+ plan, theme, open round annotations), their leads, current
    # plans
    with django_assert_num_queries(10):
        client.get(URL)
    for partner in partners:
        make_action(leads=[partner])
    with django_assert_num_queries(10):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 6
