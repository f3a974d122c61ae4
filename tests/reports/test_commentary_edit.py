import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from reports.models import RoundCommentary
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def url(round):
    return reverse("reports:commentary_edit", args=[round.pk])


def page_url(round):
    return reverse("reports:performance_page", args=[round.plan.slug]) + f"?round={round.pk}"


def test_an_officer_adds_a_commentary_and_history_records_who(client, scenario, officer):
    verified_login(client, officer)
    response = client.post(url(scenario.q2), {"text": "Refuges opened on time."}, follow=True)
    assertRedirects(response, page_url(scenario.q2))
    assertContains(response, "Saved the commentary on Q2.")
    assertContains(response, "Refuges opened on time.")
    commentary = RoundCommentary.objects.get(round=scenario.q2)
    assert commentary.text == "Refuges opened on time."
    assert commentary.history.first().history_user == officer


def test_every_version_is_kept_and_listed(client, scenario, officer):
    verified_login(client, officer)
    client.post(url(scenario.q2), {"text": "First words."})
    client.post(url(scenario.q2), {"text": "Second thoughts."})
    commentary = RoundCommentary.objects.get(round=scenario.q2)
    assert [v.text for v in commentary.history.order_by("history_date")] == [
        "First words.",
        "Second thoughts.",
    ]
    response = client.get(url(scenario.q2))
    assertContains(response, "<h1", count=1)
    assertContains(response, "Earlier versions")
    assertContains(response, "First words.")
    assertContains(response, "Second thoughts.", count=2)  # in the box and in the list


def test_a_closed_round_can_have_a_commentary_too(client, scenario, officer):
    verified_login(client, officer)
    client.post(url(scenario.q1), {"text": "Looking back on Q1."})
    assert RoundCommentary.objects.get(round=scenario.q1).text == "Looking back on Q1."


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "This field is required."), ("x" * 1201, "at most 1200 characters")],
)
def test_bad_input_is_explained_and_shown_back(client, scenario, officer, text, message):
    verified_login(client, officer)
    response = client.post(url(scenario.q2), {"text": text})
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "There is a problem")
    if text:
        assertContains(response, text)
    assert not RoundCommentary.objects.exists()


def test_executive_members_may_read_but_not_write_it(client, scenario, executive):
    verified_login(client, executive)
    assert client.get(url(scenario.q2)).status_code == 403
    assert client.post(url(scenario.q2), {"text": "Mine."}).status_code == 403
    assert not RoundCommentary.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(client, scenario):
    response = client.post(url(scenario.q2), {"text": "Anonymous."})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not RoundCommentary.objects.exists()


def test_the_query_count_does_not_grow_with_versions(
    client, scenario, officer, django_assert_num_queries
):
    verified_login(client, officer)
    for n in range(3):
        client.post(url(scenario.q2), {"text": f"Version {n}."})
    # session, user, its two-factor device, the partnership, permissions, round (+plan), commentary,
    # its versions (+user)
    with django_assert_num_queries(8):
        response = client.get(url(scenario.q2))
    assert len(response.context["versions"]) == 3
