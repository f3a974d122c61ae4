"""Nothing private reaches the public site.

The database is filled with private things, each marked with the word "qzpriv": named
contacts not cleared for publication, draft, submitted and sent-back updates, officers'
review comments, internal narratives that differ from the public summaries, accounts and
their partners, a draft plan with its themes, actions, rounds and documents, and records of
failed sign-ins. An anonymous visitor then crawls every page, feed and download reachable
from the home page (and the sitemap, if any); none of the marks may appear anywhere, while the
public things (marked "qzpub") do appear. Pages added later are crawled without edits here.
"""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from accounts.models import SignInAttempt
from actions.models import LinkedDocument, ProgressUpdate, ReportingRound, Status
from tests.trust.conftest import PDF_BYTES
from tests.trust.crawler import crawl
from tests.trust.routes import _build, _candidates, all_routes
from themes.models import Commitment, Plan, Priority, ResidentStatement

pytestmark = pytest.mark.django_db

PRIVATE = "qzpriv"
PUBLIC_MARKS = [
    "qzpub-action-text",
    "qzpub-summary",
    "qzpubcontact",
    "qzpub-plan-title",
    "qzpub-theme",
    "qzpub-lead-role",
    "qzpub-archived-summary",
]


@pytest.fixture(scope="module")
def private_world(shared_data, _shared_media, django_db_blocker):
    """Built once for the module; its tests only read it."""
    with django_db_blocker.unblock():
        return build_private_world(shared_data)


def build_private_world(factories):
    plan, make_plan, make_partner, make_theme, make_action, make_round, make_update, make_user = (
        getattr(factories, name)
        for name in (
            "plan",
            "make_plan",
            "make_partner",
            "make_theme",
            "make_action",
            "make_round",
            "make_update",
            "make_user",
        )
    )
    # Accounts and their partner: nothing about them is public.
    police = make_partner("Bedfordshire Police")
    author = make_user(
        "qzpriv-user",
        first_name="Qzpriv-First",
        last_name="Qzpriv-Last",
        partners=[police],
    )
    officer = make_user("qzpriv-officer", first_name="Qzpriv-Officer")

    # The current plan, with public text and private details.
    plan.title = "qzpub-plan-title"
    plan.save()
    theme = make_theme(1, plan=plan, leads=[police])
    theme.title = "qzpub-theme"
    theme.save()
    action = make_action(
        1,
        theme=theme,
        leads=[police],
        text="qzpub-action-text: reduce knife crime.",
        lead_role="qzpub-lead-role",
        contact_name="Qzpriv-Contact Smith",
        contact_is_public=False,
    )
    make_action(
        2, theme=theme, text="Second action.", contact_name="Qzpubcontact", contact_is_public=True
    )
    Priority.objects.create(plan=plan, number=1, title="Safer streets")
    statement = ResidentStatement.objects.create(plan=plan, position=1, text="We want safety")
    commitment = Commitment.objects.create(statement=statement, position=1, text="Patrols")
    commitment.themes.add(theme)
    action.commitments.add(commitment)

    now = timezone.now()
    published_round = make_round("Quarter 1", plan=plan, starts_on=now.date() - timedelta(90))
    make_update(
        action,
        round=published_round,
        state=ProgressUpdate.State.PUBLISHED,
        narrative="qzpriv-internal-narrative about a named victim",
        public_summary="qzpub-summary: patrols doubled.",
        review_comment="qzpriv-review-comment",
        author=author,
        published_at=now,
    )
    for n, state in enumerate(
        [ProgressUpdate.State.DRAFT, ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.RETURNED]
    ):
        make_update(
            action,
            round=make_round(f"Quarter {n + 2}", plan=plan, starts_on=now.date() - timedelta(n)),
            state=state,
            narrative=f"qzpriv-{state}-narrative",
            public_summary=f"qzpriv-{state}-summary",
            next_steps=f"qzpriv-{state}-next-steps",
            review_comment=f"qzpriv-{state}-review",
            status=Status.OFF_TRACK,
            author=author,
        )
    LinkedDocument.objects.create(
        action=action,
        title="Published strategy",
        file=ContentFile(PDF_BYTES, name="strategy.pdf"),
    )

    # An archived plan: public, with a published update.
    archived = make_plan("Earlier plan", state=Plan.State.ARCHIVED, slug="earlier-plan")
    old_action = make_action(1, theme=make_theme(1, plan=archived), text="Old action.")
    make_update(
        old_action,
        round=make_round("2019", plan=archived),
        state=ProgressUpdate.State.PUBLISHED,
        narrative="qzpriv-archived-narrative",
        public_summary="qzpub-archived-summary",
        published_at=now - timedelta(days=400),
        author=officer,
    )

    # A draft plan: none of it is public.
    draft = make_plan(
        "qzpriv-draft-plan", state=Plan.State.DRAFT, slug="qzpriv-draft", summary="qzpriv-sum"
    )
    draft_theme = make_theme(1, plan=draft)
    draft_theme.title = "qzpriv-draft-theme"
    draft_theme.save()
    draft_action = make_action(1, theme=draft_theme, text="qzpriv-draft-action")
    make_update(
        draft_action,
        round=ReportingRound.objects.create(plan=draft, name="qzpriv-draft-round"),
        state=ProgressUpdate.State.PUBLISHED,
        narrative="qzpriv-draft-narrative",
        public_summary="qzpriv-draft-published-summary",
        published_at=now,
    )
    Priority.objects.create(plan=draft, number=1, title="qzpriv-draft-priority")
    ResidentStatement.objects.create(plan=draft, position=1, text="qzpriv-draft-statement")
    LinkedDocument.objects.create(
        action=draft_action,
        title="qzpriv-draft-document",
        file=ContentFile(PDF_BYTES + b"qzpriv-file-content", name="qzpriv.pdf"),
    )
    SignInAttempt.objects.create(
        username="qzpriv-attempt", ip_address="192.0.2.44", attempted_at=now
    )
    return draft


@pytest.fixture(scope="module")
def public_crawl(private_world, django_db_blocker):
    """One anonymous crawl of the private world, for every test that reads it."""
    with django_db_blocker.unblock():
        return crawl(Client())


def test_the_crawl_reaches_every_kind_of_public_page(public_crawl):
    pages = public_crawl.pages
    assert "/" in pages
    assert any("/actions/1/" in url for url in pages)
    assert any("/themes/1/" in url for url in pages)
    assert any("/you-said-we-are-doing/" in url for url in pages)
    assert any("/documents/" in url for url in pages)
    assert any("earlier-plan" in url for url in pages)
    assert len(pages) >= 12


def test_no_private_data_appears_on_any_public_page_feed_or_download(public_crawl):
    leaks = {
        url: sorted(set(re.findall(rf"{PRIVATE}[\w-]*", text, re.I)))
        for url, text in public_crawl.pages.items()
        if PRIVATE in text.lower()
    }
    assert leaks == {}


def test_no_personal_data_of_accounts_appears(public_crawl):
    text = public_crawl.text()
    assert "192.0.2.44" not in text
    assert "@example.org" not in text


def test_the_public_things_do_appear(public_crawl):
    text = public_crawl.text().lower()
    assert [mark for mark in PUBLIC_MARKS if mark not in text] == []


def test_every_public_route_hides_the_draft_plan(private_world, client):
    checked = 0
    for route in all_routes():
        names = [name for name, _ in route.parameters]
        if route.is_admin or "slug" not in names:
            continue
        values = [
            "qzpriv-draft" if name == "slug" else _candidates(route, name, converter)[0]
            for name, converter in route.parameters
        ]
        response = client.get(_build(route, values))
        assert response.status_code in (302, 404), route.key
        if response.status_code == 302:
            assert "/login/" in response["Location"], route.key
        checked += 1
    assert checked >= 5


def test_searching_for_private_words_reveals_nothing(public_crawl, client):
    """The search must not act as an oracle: a word found only in private text gives the
    same page as a word found nowhere."""
    searched = 0
    for _page, action, inputs in public_crawl.get_forms:
        for name in inputs:
            for secret in ("qzpriv-internal-narrative", "qzpriv-submitted-summary"):
                private = client.get(action, {name: secret}).content.decode()
                nowhere = client.get(action, {name: "zzzznowhere"}).content.decode()
                assert private.replace(secret, "X") == nowhere.replace("zzzznowhere", "X")
                searched += 1
    assert searched >= 2


def test_the_leak_test_catches_a_careless_page(private_world, settings):
    """The detector itself: a public page showing unpublished narratives is found."""
    settings.ROOT_URLCONF = "tests.trust.urls_with_a_leak"
    pages = crawl(Client(), start=("/", "/careless/")).pages
    assert PRIVATE in pages["/careless/"].lower()
