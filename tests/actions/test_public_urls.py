import pytest
from django.urls import get_resolver

from tests.trust.routes import PUBLIC_ROUTES

pytestmark = pytest.mark.django_db

# The residents' pages, from the one list of public routes.
PUBLIC = {key.removeprefix("public:") for key in PUBLIC_ROUTES if key.startswith("public:")}


def test_every_public_page_is_marked_as_needing_no_sign_in():
    [public_urls] = [
        pattern
        for pattern in get_resolver().url_patterns
        if getattr(pattern, "namespace", None) == "public"
    ]
    callbacks = {pattern.name: pattern.callback for pattern in public_urls.url_patterns}
    # Every page of the public app is on the list, and marked as needing no sign-in.
    assert PUBLIC == set(callbacks)
    for name in PUBLIC:
        assert getattr(callbacks[name], "login_required", True) is False, name


def test_signing_in_is_still_needed_for_a_partners_page(client):
    assert client.get("/my-actions/").status_code == 302
