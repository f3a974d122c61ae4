"""Small downloads are kept whole per version of the data and shared; large ones stream."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from portal.downloads import in_blocks
from portal.page_cache import _kept_whole
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def caching_on(settings):
    settings.SHARED_CONTENT_CACHE_SECONDS = 300
    settings.DOWNLOAD_CACHE_BYTES = 512 * 1024
    # Ask for the version of the data on every request, so that tests see changes at once.
    settings.PUBLIC_PAGE_VERSION_SECONDS = 0
    caches["downloads"].clear()
    yield
    caches["downloads"].clear()


@pytest.fixture
def actions(make_action, make_partner):
    council = make_partner("Luton Council")
    return [
        make_action(1, leads=[council], text="Patrol the town centre on Friday nights."),
        make_action(2, leads=[council], text="Light the underpass by the station."),
    ]


def open_data(plan, query=""):
    return reverse("public:action_list_csv", args=[plan.slug]) + query


def dashboards_csv(plan):
    return reverse("reports:action_export_csv", args=[plan.slug])


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def test_a_second_download_is_the_same_file_for_one_query(
    client, plan, actions, django_assert_num_queries
):
    first = client.get(open_data(plan))
    first_body = body(first)
    # The version of the data, and nothing else.
    with django_assert_num_queries(1):
        second = client.get(open_data(plan))
    assert body(second) == first_body
    assert second["Content-Type"] == first["Content-Type"] == "text/csv; charset=utf-8"
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_a_change_to_the_data_is_in_the_next_download(client, plan, actions):
    body(client.get(open_data(plan)))
    actions[1].text = "Light the underpass and the car park."
    actions[1].save()
    assert b"Light the underpass and the car park." in body(client.get(open_data(plan)))


def test_each_filter_is_a_download_of_its_own(client, plan, actions):
    everything = body(client.get(open_data(plan)))
    searched = body(client.get(open_data(plan, "?q=underpass")))
    assert b"Friday nights" in everything
    assert b"Friday nights" not in searched


def test_a_download_larger_than_the_limit_is_streamed_and_not_kept(
    client, plan, actions, settings, django_assert_max_num_queries
):
    settings.DOWNLOAD_CACHE_BYTES = 100
    first = body(client.get(open_data(plan)))
    assert len(first) > 100
    with django_assert_max_num_queries(6) as queries:
        assert body(client.get(open_data(plan))) == first
    assert len(queries) > 1


def test_a_download_is_kept_only_once_it_has_all_gone_out():
    # Through the test client, closing a response half read would also close the test's
    # database connection, so the part that keeps the blocks is tested on its own.
    kept = []
    blocks = _kept_whole(iter([b"one ", b"two"]), 100, kept.append)
    assert next(blocks) == b"one "
    assert kept == []
    blocks.close()  # the visitor went away
    assert kept == []
    assert list(_kept_whole(iter([b"one ", b"two"]), 100, kept.append)) == [b"one ", b"two"]
    assert kept == [b"one two"]
    assert list(_kept_whole(iter([b"one ", b"two"]), 5, kept.append)) == [b"one ", b"two"]
    assert kept == [b"one two"]


def test_a_refusal_is_not_kept(client, plan, actions):
    assert client.get(open_data(plan, "?theme=999999")).status_code == 400
    assert client.get(open_data(plan, "?theme=999999")).status_code == 400
    assert caches["downloads"]._cache == {}


def test_the_permission_is_checked_before_a_kept_download_is_served(
    client, plan, actions, executive, partner_lead
):
    verified_login(client, executive)
    assert b"Light the underpass" in body(client.get(dashboards_csv(plan)))
    verified_login(client, partner_lead)
    assert client.get(dashboards_csv(plan)).status_code == 403
    client.logout()
    assert client.get(dashboards_csv(plan)).status_code == 302


def test_switched_off_every_download_is_made_afresh(
    client, plan, actions, settings, django_assert_max_num_queries
):
    settings.DOWNLOAD_CACHE_BYTES = 0
    first = body(client.get(open_data(plan)))
    with django_assert_max_num_queries(6) as queries:
        assert body(client.get(open_data(plan))) == first
    assert len(queries) > 1


def test_the_first_line_leaves_alone_then_blocks_of_the_given_size_and_nothing_is_lost():
    lines = [f"line {number}\n" for number in range(1000)]
    first, *blocks = in_blocks(lines, size=1024)
    assert first == b"line 0\n"
    assert first + b"".join(blocks) == "".join(lines).encode()
    assert all(len(block) >= 1024 for block in blocks[:-1])
    assert all(len(block) < 1024 + len("line 999\n") for block in blocks)
    assert list(in_blocks([])) == []
    assert list(in_blocks(["one line"])) == [b"one line"]
