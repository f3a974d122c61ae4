"""Bad values in any query parameter of any route answer 400 or 404 or a page that says what
is wrong, never a server error.

The parameters are discovered, not listed: every name the views read from `request.GET` and
every filter of the project's FilterSets, so a parameter added later is tried without an edit
here. Each route is asked for with all of them at once, for each bad value, anonymously and
as a superuser (the test client raises any server error).
"""

import importlib
import re
from pathlib import Path
from urllib.parse import urlencode

import django_filters
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.signing_in import verified_login
from tests.trust.routes import route_urls

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

APPS = ("portal", "accounts", "themes", "actions", "indicators", "reports", "public", "demo")
BAD_VALUES = ["a\x00b", "9" * 40, "-1", "not-a-number", "x" * 5000]
_READS = re.compile(
    r"""GET(?:\.get\(|\.getlist\(|\[)\s*["'](\w+)["']|["'](\w+)["'] in request\.GET"""
)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def query_parameter_names():
    names = set()
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            for match in _READS.finditer(path.read_text()):
                names.add(match.group(1) or match.group(2))
    for path in Path(settings.BASE_DIR).glob("*/filters.py"):
        importlib.import_module(f"{path.parent.name}.filters")
    for filterset in _subclasses(django_filters.FilterSet):
        if filterset.__module__.split(".")[0] in APPS:
            names.update(filterset.base_filters)
    return sorted(names)


def test_the_parameters_are_found_in_the_code():
    names = query_parameter_names()
    for expected in ("page", "first", "second", "indicator", "status"):
        assert expected in names


def test_no_route_fails_on_a_bad_query_parameter(portal, superuser):
    names = query_parameter_names()
    signed_in = Client()
    verified_login(signed_in, superuser)
    anonymous = Client()
    routes = route_urls(signed_in)
    assert len(routes) > 150
    for route, url in routes:
        for value in BAD_VALUES:
            query = urlencode({name: value for name in names})
            for client in (anonymous, signed_in):
                response = client.get(f"{url}?{query}")
                assert response.status_code < 500, f"{route.key} {url} {value[:20]!r}"


@pytest.mark.parametrize("value", ["\x00", "abc", "9" * 40])
def test_a_history_page_says_which_versions_to_choose(client, officer, make_action, value):
    action = make_action()
    verified_login(client, officer)
    url = reverse("actions:action_history", args=[action.pk])
    response = client.get(url, {"first": value, "second": "1"})
    if value == "\x00":
        assert response.status_code == 400
    else:
        assert response.status_code == 200
        assert "Choose a first and a second version to compare." in response.content.decode()


def test_a_nul_in_an_indicator_filter_is_a_bad_request(client):
    assert (
        client.get(reverse("indicators:values_download_csv"), {"indicator": "\x00"}).status_code
        == 400
    )
