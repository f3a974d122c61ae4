"""Crawl every public page, feed, download, sitemap and robots.txt with private data in the
database, and prove that none of it appears while the public data does."""

import datetime
import html
import re
from collections import deque
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from actions.models import ProgressUpdate, Status
from public.views import pages as public
from tests.actions.public_rows import add_public_rows
from tests.actions.test_public_urls import PUBLIC
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


@pytest.fixture
def private_and_public_data(
    request, plan, make_plan, make_theme, make_action, make_update, make_round, make_user
):
    add_public_rows(request, 5)
    archive = make_plan("Year two business plan 2018–19", state=Plan.State.ARCHIVED)
    add_public_rows(request, 2, plan=archive)
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


def links_in(body, base):
    """Every same-site address in an HTML page, a feed, a sitemap or robots.txt, resolved
    against the address `base` it was found on ("?page=2" links included)."""
    found = re.findall(r'href="([^"]*)"', body)
    found += re.findall(r"<loc>([^<]*)</loc>", body)
    found += re.findall(r"^Sitemap: (\S+)$", body, flags=re.MULTILINE)
    paths = []
    for link in found:
        parts = urlsplit(urljoin(f"http://testserver{base}", html.unescape(link)))
        if parts.netloc != "testserver":
            continue
        if parts.path.startswith(PRIVATE_PREFIXES):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def searched(path):
    return " ".join(parse_qs(urlsplit(path).query).get("q", []))


def crawl(client, start):
    """{path: (status, body)} of every page reachable from `start`."""
    seen, queue, pages = set(start), deque(start), {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        body = response.getvalue().decode("utf-8-sig")
        pages[path] = (response.status_code, response["Content-Type"], body)
        for link in links_in(body, path):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert len(pages) < MAX_PAGES, "the crawl did not finish"
    return pages


def test_no_public_page_feed_or_download_shows_private_data(
    client, private_and_public_data, monkeypatch
):
    monkeypatch.setattr(public, "ACTIONS_PER_PAGE", 2)
    plan, draft = private_and_public_data["plan"], private_and_public_data["draft"]
    draft_action = private_and_public_data["draft_action"]
    start = ["/", reverse("public:sitemap"), reverse("public:robots_txt")]
    # Searching for private words must find nothing, on the page and in the downloads.
    searches = {
        name: [f"{reverse(f'public:{name}', args=[plan.slug])}?{urlencode({'q': word})}"]
        for name in ["action_list", "action_list_csv", "action_list_json"]
        for word in PRIVATE
    }
    pages = crawl(client, start + [path for paths in searches.values() for path in paths])
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

    leaks = [
        (word, path)
        for path, (status, content_type, body) in pages.items()
        for word in PRIVATE
        # A search shows back the words searched for; that is no leak.
        if word not in searched(path) and word.casefold() in body.casefold()
    ]
    assert leaks == []

    everything = "\n".join(body for status, content_type, body in pages.values())
    assert [text for text in PUBLIC_TEXT if text not in everything] == []

    broken = [path for path, (status, _, _) in pages.items() if status not in (200, 404)]
    assert broken == []
    not_found = [path for path, (status, _, _) in pages.items() if status == 404]
    assert all("zz-draft-plan" in path for path in not_found), not_found

    reached = {resolve(urlsplit(path).path).url_name for path in pages}
    # The logo is linked only once the partnership has one.
    assert PUBLIC - {"logo"} <= reached, PUBLIC - {"logo"} - reached
    assert any("page=3" in path for path in pages), "the crawl followed pagination"
    assert any("theme=" in path and "actions.csv" in path for path in pages)


def test_every_crawled_html_page_has_one_heading_a_title_a_description_and_a_language(
    client, private_and_public_data, monkeypatch
):
    monkeypatch.setattr(public, "ACTIONS_PER_PAGE", 2)
    pages = crawl(client, ["/", reverse("public:sitemap")])
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
