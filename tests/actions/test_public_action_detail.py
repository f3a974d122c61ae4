import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import LinkedDocument, ProgressUpdate, Status
from tests.actions.public_rows import LATEST_ROUND, OLDER_ROUND, add_public_rows
from themes.models import Plan

pytestmark = pytest.mark.django_db


def url(action):
    return reverse("public:action_detail", args=[action.plan.slug, action.number])


def test_it_needs_no_sign_in(client, make_action):
    assert client.get(url(make_action())).status_code == 200


def test_an_action_of_a_draft_plan_is_not_found(client, make_plan, make_theme, make_action):
    action = make_action(theme=make_theme(plan=make_plan(state=Plan.State.DRAFT)))
    assert client.get(url(action)).status_code == 404


def test_it_shows_text_leads_documents_priorities_and_commitments(client, plan, request):
    action = add_public_rows(request, 1)[0]
    action.lead_role = "Community Safety Partnership Manager"
    action.save()
    LinkedDocument.objects.create(
        action=action, position=2, title="Strategy", url="https://example.org/strategy.pdf"
    )
    response = client.get(url(action))
    heading = '<h1 class="govuk-heading-l">Action 1: Public action text 1.</h1>'
    assertContains(response, heading, html=False)
    assertContains(response, "Public action text 1.")
    assertContains(response, f"Organisation {plan.pk}-1 Team 1; Community Safety Partnership")
    assertContains(response, 'Document 1 <span class="csp-muted">(not available', html=False)
    assertContains(response, '<a class="govuk-link" href="https://example.org/strategy.pdf">')
    assertContains(response, "1. Priority 1")
    assertContains(response, "“Residents said 1”")


def test_it_shows_published_updates_newest_first_and_only_their_public_summary(
    client, plan, request
):
    action = add_public_rows(request, 1)[0]
    response = client.get(url(action))
    text = response.content.decode()
    assert text.index("Published summary 1 of the latest round.") < text.index(
        "Published summary 1 of the older round."
    )
    assertContains(response, f"{LATEST_ROUND} · Organisation {plan.pk}-1 Team 1")
    assertNotContains(response, "Internal progress narrative.")


def test_unpublished_updates_and_review_comments_are_never_shown(client, make_action, make_update):
    action = make_action()
    for state in ["draft", "submitted", "returned"]:
        make_update(
            action,
            state=state,
            public_summary=f"Summary while {state}",
            review_comment=f"Comment while {state}",
        )
    response = client.get(url(action))
    assertContains(response, "No progress has been published for this action yet.")
    for state in ["draft", "submitted", "returned"]:
        assertNotContains(response, f"Summary while {state}")
        assertNotContains(response, f"Comment while {state}")


def test_a_private_contact_is_never_shown_and_a_public_one_is(client, make_action):
    private = make_action(contact_name="Prudence Privately")
    public = make_action(contact_name="Percy Publicly", contact_is_public=True)
    assertNotContains(client.get(url(private)), "Prudence Privately")
    assertContains(client.get(url(public)), "Percy Publicly")


def test_html_in_a_summary_is_shown_as_text(client, make_action, make_update):
    action = make_action()
    make_update(
        action,
        state=ProgressUpdate.State.PUBLISHED,
        public_summary='We met.\n\n- <script>alert("x")</script>\n- <b>bold</b> claims',
    )
    response = client.get(url(action))
    assertNotContains(response, '<script>alert("x")</script>', html=False)
    assertContains(response, "<li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</li>")
    assertContains(response, "<li>&lt;b&gt;bold&lt;/b&gt; claims</li>", html=False)


def test_it_shows_the_easy_read_summary_where_there_is_one(client, make_action):
    action = make_action(easy_read_summary="We will light the park at night.")
    response = client.get(url(action))
    assertContains(response, "In short")
    assertContains(response, "We will light the park at night.")


def test_it_says_when_the_last_update_is_older_than_the_latest_round(client, request):
    fresh, stale = add_public_rows(request, 2)
    assertContains(client.get(url(stale)), f"Not updated since {OLDER_ROUND}")
    assertNotContains(client.get(url(fresh)), "Not updated since")


def test_it_dates_the_last_update(client, make_action, make_update):
    action = make_action()
    make_update(
        action,
        state=ProgressUpdate.State.PUBLISHED,
        status=Status.COMPLETE,
        published_at=timezone.make_aware(datetime.datetime(2025, 9, 3, 12)),
    )
    response = client.get(url(action))
    assertContains(response, '<time datetime="2025-09-03T12:00:00+01:00">3 Sep 2025</time>')
    published = 'Published <time datetime="2025-09-03T12:00:00+01:00">3 September 2025</time>'
    assertContains(response, published, html=False)


def test_its_query_count_does_not_grow_with_rows(
    client, public_rows, make_partner, make_update, django_assert_num_queries
):
    action = public_rows[0]
    for other in public_rows[1:]:
        other.priorities.add(*action.priorities.all())
        action.priorities.add(*other.priorities.all())
        action.commitments.add(*other.commitments.all())
        LinkedDocument.objects.create(action=action, position=other.number, title="Another")
    page = url(action)
    # plan, action (+ plan, theme, last round), leads, documents, priorities, commitments
    # (+ statement), published updates (+ round, partner), their frozen copies, latest round
    with django_assert_num_queries(10):
        response = client.get(page)
    assertContains(response, f"Priority {len(public_rows)}")


def test_a_partners_part_shows_no_status_of_its_own(
    client, make_action, make_partner, make_update, open_round
):
    police, health = make_partner("Police Team"), make_partner("Health Team")
    action = make_action(leads=[police, health])
    make_update(
        action,
        round=open_round,
        partner=health,
        state="published",
        status="not_recorded",
        public_summary="Clinics ran.",
    )
    response = client.get(action.get_absolute_url())
    article = response.content.decode().split('class="csp-update"')[1]
    assert "Clinics ran." in article and "Not recorded" not in article
