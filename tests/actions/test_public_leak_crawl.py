"""Crawl every public page, feed, download, sitemap and robots.txt with private data in the
database, and prove that none of it appears while the public data does."""

import datetime
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from actions.models import ProgressUpdate, Status
from public.views import pages as public
from tests.actions.public_rows import add_public_rows
from tests.trust.crawler import crawl
from tests.trust.routes import PUBLIC_ROUTES
from themes.models import Commitment, Plan, ResidentStatement

pytestmark = pytest.mark.django_db

PRIVATE_PREFIXES = ("/accounts/", "/admin/", "/dashboards/", "/my-actions/", "/static/")
MAX_PAGES = 800
PUBLISHED, DRAFT = ProgressUpdate.State.PUBLISHED, ProgressUpdate.State.DRAFT

# What no public page, feed or download may ever show.
PRIVATE = [
    "Prudence Privatecontact",  # a contact not marked publishable
    "zzsecretpartneruser",  # accounts: usernames, emails and names
    "zzsecretofficeruser",
    "Wilhelmina",
    "Secretsurname",
    "ZZDRAFTNARRATIVE",  # draft, submitted and sent-back updates
    "ZZDRAFTSUMMARY",
    "ZZSUBMITTEDNARRATIVE",
    "ZZSUBMITTEDSUMMARY",
    "ZZRETURNEDNARRATIVE",
    "ZZRETURNEDSUMMARY",
    "ZZREVIEWCOMMENT",  # officers' comments
    "ZZPUBLISHEDREVIEWCOMMENT",
    "ZZPUBLISHEDINTERNALNARRATIVE",  # the internal side of a published update
    "ZZNEXTSTEPS",
    "ZZSUPERSEDEDWORDING",  # version history
    "ZZDRAFTPLANTITLE",  # a draft plan and everything in it
    "zz-draft-plan",
    "ZZDRAFTPLANTHEME",
    "ZZDRAFTPLANACTION",
    "ZZDRAFTPLANSUMMARY",
    "ZZDRAFTPLANSTATEMENT",
]

# What the public pages must show, so the crawl is seen to reach them.
PUBLIC_TEXT = [
    "Percy Publiccontact",
    "XQPUBLISHEDSUMMARY",
    "XQARCHIVESUMMARY",
    "XQEASYREADTHEME",
    "XQEASYREADACTION",
    "XQCURRENTWORDING",
    "Published summary 3 of the latest round.",
]


def build_private_and_public_data(factories):
    plan, make_plan, make_theme, make_action, make_update, make_round, make_user = (
        getattr(factories, name)
        for name in (
            "plan",
            "make_plan",
            "make_theme",
            "make_action",
            "make_update",
            "make_round",
            "make_user",
        )
    )
    add_public_rows(factories, 5)
    archive = make_plan("Year two business plan 2018–19", state=Plan.State.ARCHIVED)
    add_public_rows(factories, 2, plan=archive)
    [older, latest] = plan.rounds.order_by("starts_on")

    partner_user = make_user(
        "zzsecretpartneruser", first_name="Wilhelmina", last_name="Secretsurname"
    )
    officer_user = make_user("zzsecretofficeruser")
    theme = make_theme(easy_read_summary="XQEASYREADTHEME in short.")
    action = make_action(
        theme=theme,
        text="ZZSUPERSEDEDWORDING of the action.",
        contact_name="Prudence Privatecontact",
        easy_read_summary="XQEASYREADACTION in short.",
    )
    action.text = "XQCURRENTWORDING of the action."
    action.save()
    make_action(theme=theme, contact_name="Percy Publiccontact", contact_is_public=True)
    commitment = Commitment.objects.create(
        statement=ResidentStatement.objects.create(plan=plan, position=99, text="We want"),
        position=1,
        text="We do",
    )
    commitment.actions.add(action)

    early = make_round("Q4 2024–25", starts_on=datetime.date(2025, 1, 1))
    make_update(
        action,
        round=make_round("Q3 2024–25", starts_on=datetime.date(2024, 10, 1)),
        state=PUBLISHED,
        status=Status.ON_TRACK,
        narrative="ZZPUBLISHEDINTERNALNARRATIVE",
        public_summary="XQPUBLISHEDSUMMARY for residents.",
        next_steps="ZZNEXTSTEPS",
        review_comment="ZZPUBLISHEDREVIEWCOMMENT",
        author=officer_user,
        published_at=timezone.now() - datetime.timedelta(days=200),
    )
    make_update(
        action,
        round=early,
        state=DRAFT,
        status=Status.COMPLETE,
        narrative="ZZDRAFTNARRATIVE",
        public_summary="ZZDRAFTSUMMARY",
        author=partner_user,
    )
    make_update(
        action,
        round=older,
        state=ProgressUpdate.State.SUBMITTED,
        status=Status.OFF_TRACK,
        narrative="ZZSUBMITTEDNARRATIVE",
        public_summary="ZZSUBMITTEDSUMMARY",
        author=partner_user,
    )
    make_update(
        action,
        round=latest,
        state=ProgressUpdate.State.RETURNED,
        narrative="ZZRETURNEDNARRATIVE",
        public_summary="ZZRETURNEDSUMMARY",
        review_comment="ZZREVIEWCOMMENT",
        author=partner_user,
    )
    make_update(
        archive.actions.first(),
        round=make_round("2018–19 year end", plan=archive),
        state=PUBLISHED,
        public_summary="XQARCHIVESUMMARY transcribed without a date.",
    )

    draft = make_plan("ZZDRAFTPLANTITLE", state=Plan.State.DRAFT, slug="zz-draft-plan")
    draft_theme = make_theme(plan=draft)
    draft_theme.title = "ZZDRAFTPLANTHEME"
    draft_theme.save()
    draft_action = make_action(theme=draft_theme, text="ZZDRAFTPLANACTION")
    make_update(
        draft_action,
        state=PUBLISHED,
        public_summary="ZZDRAFTPLANSUMMARY",
        published_at=timezone.now(),
    )
    ResidentStatement.objects.create(plan=draft, position=1, text="ZZDRAFTPLANSTATEMENT")
    # A commitment of the current plan wrongly linked to the draft plan's action.
    commitment.actions.add(draft_action)
    return {"plan": plan, "draft": draft, "draft_action": draft_action}


def searched(path):
    return " ".join(parse_qs(urlsplit(path).query).get("q", []))


def search_paths(plan):
    """Searches for private words, which must find nothing, on the page and in the
    downloads: {url name: [path]}."""
    return {
        name: [
            f"{reverse(f'public:{name}', args=[plan.slug])}?{urlencode({'q': word})}"
            for word in PRIVATE
        ]
        for name in ["action_list", "action_list_csv", "action_list_json"]
    }


@pytest.fixture(scope="module")
def crawled(shared_data, django_db_blocker):
    """The data, and one anonymous crawl of it, with two actions a page so that pagination
    is followed, from the home page, the sitemap, robots.txt and the searches: built once
    for the module's tests, which only read it."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(public, "ACTIONS_PER_PAGE", 2)
        data = build_private_and_public_data(shared_data)
        searches = search_paths(data["plan"])
        start = ["/", reverse("public:sitemap"), reverse("public:robots_txt")]
        start += [path for paths in searches.values() for path in paths]
        result = crawl(Client(), start=start, limit=MAX_PAGES, skip=PRIVATE_PREFIXES)
        yield data, searches, result


def test_no_public_page_feed_or_download_shows_private_data(client, crawled):
    data, searches, result = crawled
    draft, draft_action = data["draft"], data["draft_action"]
    assert result.complete, "the crawl did not finish"
    pages = {
        path: (status, result.content_types[path], result.bodies[path])
        for path, status in result.statuses.items()
    }
    for path in searches["action_list"]:
        assert "0 actions match your search." in pages[path][2], path
    for path in searches["action_list_csv"]:
        assert len(pages[path][2].splitlines()) == 1, path
    for path in searches["action_list_json"]:
        assert '"count": 0,' in pages[path][2], path

    # A draft plan's own addresses answer the helpful 404.
    for path in [
        draft.get_absolute_url(),
        reverse("public:statement_list", args=[draft.slug]),
        reverse("public:action_list", args=[draft.slug]),
        reverse("public:action_list_csv", args=[draft.slug]),
        reverse("public:action_list_json", args=[draft.slug]),
        reverse("public:plan_feed", args=[draft.slug]),
        reverse("public:theme_feed", args=[draft.slug, draft_action.theme.number]),
        draft_action.theme.get_absolute_url(),
        draft_action.get_absolute_url(),
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        pages[path] = (404, response["Content-Type"], response.content.decode())

    # What was sent, and what a reader sees in it (the parts of a zip, a PDF's text).
    seen = {path: f"{body}\n{result.pages.get(path, '')}" for path, (_, _, body) in pages.items()}
    leaks = [
        (word, path)
        for path, text in seen.items()
        for word in PRIVATE
        # A search shows back the words searched for; that is no leak.
        if word not in searched(path) and word.casefold() in text.casefold()
    ]
    assert leaks == []

    everything = "\n".join(body for status, content_type, body in pages.values())
    assert [text for text in PUBLIC_TEXT if text not in everything] == []

    broken = [path for path, (status, _, _) in pages.items() if status not in (200, 404)]
    assert broken == []
    not_found = [path for path, (status, _, _) in pages.items() if status == 404]
    assert all("zz-draft-plan" in path for path in not_found), not_found

    reached = {resolve(urlsplit(path).path).view_name for path in pages}
    # This data's documents are links without files; tests/trust downloads one. The logo is
    # linked only once the partnership has one.
    public = {key for key in PUBLIC_ROUTES if key.startswith(("public:", "actions:"))}
    public -= {"actions:document_download", "public:logo"}
    assert public <= reached, public - reached
    assert any("page=3" in path for path in pages), "the crawl followed pagination"
    assert any("theme=" in path and "actions.csv" in path for path in pages)


def test_every_crawled_html_page_has_one_heading_a_title_a_description_and_a_language(crawled):
    _, _, result = crawled
    pages = {
        path: (status, result.content_types[path], result.bodies[path])
        for path, status in result.statuses.items()
    }
    html_pages = {
        path: body
        for path, (status, content_type, body) in pages.items()
        if content_type.startswith("text/html")
    }
    assert len(html_pages) > 20
    for path, body in html_pages.items():
        assert body.count("<h1") == 1, path
        assert '<html lang="en-gb"' in body, path
        assert re.search(r"<title>.+ – Community Safety Partnership</title>", body), path
        assert re.search(r'<meta name="description" content="[^"]{20,}">', body), path
