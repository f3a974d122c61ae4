import pytest
from django.urls import get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {
    "home",
    "plan_list",
    "plan_detail",
    "statement_list",
    "theme_detail",
    "action_list",
    "action_detail",
    "action_list_csv",
    "action_list_json",
    "plan_feed",
    "theme_feed",
    "open_data",
    "sitemap",
    "robots_txt",
    "status_list",
    "accessibility",
    "privacy",
    "cookies",
    "contact",
    "partnership_css",
    "favicon",
    "logo",
}


def test_every_public_page_is_marked_as_needing_no_sign_in():
    [public_urls] = [
        pattern
        for pattern in get_resolver().url_patterns
        if getattr(pattern, "namespace", None) == "public"
    ]
    callbacks = {pattern.name: pattern.callback for pattern in public_urls.url_patterns}
    assert PUBLIC == set(callbacks)
    for name in PUBLIC:
        assert getattr(callbacks[name], "login_required", True) is False, name


def test_signing_in_is_still_needed_for_a_partners_page(client):
    assert client.get("/my-actions/").status_code == 302
