"""Property-based tests: random text, huge values, odd Unicode, NUL bytes, HTML and script
thrown at every form, filter and the seed importer. Never a server error (the test client
raises it), never a partial save, and typed HTML is never echoed unescaped.

The forms are discovered, not listed: every form class in the project's modules, every GET
form on the public pages, and every POST form an officer can open (the admin's included), so
forms added later are fuzzed without edits here. Examples are bounded to keep the suite fast.
"""

import functools
import importlib
import json
import os
import pkgutil
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlparse

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import forms as auth_forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.signing_in import verified_login
from tests.trust.routes import PUBLIC_ROUTES, changed_tables, route_urls, table_counts

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

SCRIPT = "<script>alert('qz')</script>"
NASTY = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            SCRIPT,
            '"><img src=x onerror=alert(1)>',
            "{{ 7|add:7 }}{% debug %}",
            "' OR 1=1 --",
            "../../etc/passwd",
            "\u202eevil\u202c",
            "\u200b\ufeff",
            "Zoë Ørsted 日本語 🚓",
            "9" * 40,
            "-1",
            "0",
            "1e309",
            "NaN",
            "2026-02-30",
            "x" * 70_000,
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
# The same examples on every run, so that the suite is repeatable; set HYPOTHESIS_EXPLORE=True
# to draw fresh ones while hunting for faults.
EXAMPLES = hypothesis_settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=os.environ.get("HYPOTHESIS_EXPLORE") != "True",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def rolled_back(check):
    """Run one example in a transaction that is rolled back, so examples do not add up."""

    @functools.wraps(check)
    def run(*args, **kwargs):
        with transaction.atomic():
            check(*args, **kwargs)
            transaction.set_rollback(True)

    return run


def assert_no_raw_script(response):
    if response.get("Content-Type", "").startswith("text/html"):
        assert "<script>alert('qz')" not in response.content.decode("utf-8", "replace")


class FormFields(HTMLParser):
    """The forms of a page: method, action and each field's name with its offered values."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = {"method": method, "action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea") and attrs.get("name"):
            kind = attrs.get("type") or "text"
            if kind in ("submit", "button", "image", "reset"):
                return
            values = self._form["fields"].setdefault(attrs["name"], {"kind": kind, "values": []})
            values["values"].append(attrs.get("value") or "")
        elif tag == "select" and attrs.get("name"):
            self._select = self._form["fields"].setdefault(
                attrs["name"], {"kind": "select", "values": []}
            )
        elif tag == "option" and self._select is not None:
            self._select["values"].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(response):
    if "html" not in response.get("Content-Type", ""):
        return []
    parser = FormFields()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.forms


def field_value(draw, name, spec):
    """Either a value the page offers (so that some examples get past validation) or junk."""
    if spec["kind"] == "file":
        content = draw(st.one_of(st.binary(max_size=2000), st.just(b"%PDF-1.4 " + b"x" * 100)))
        return SimpleUploadedFile(draw(st.sampled_from(["a.pdf", "a.csv", "../x.html"])), content)
    offered = [value for value in spec["values"] if value is not None]
    if name == "csrfmiddlewaretoken":
        return offered[0] if offered else ""
    if offered and draw(st.booleans()):
        return draw(st.sampled_from(offered))
    return draw(NASTY)


# --- Form classes found in the code ----------------------------------------------------


def project_form_classes():
    base = str(django_settings.BASE_DIR)
    found = set()
    for config in apps.get_app_configs():
        if not config.path.startswith(base) or "site-packages" in config.path:
            continue
        for module_info in pkgutil.walk_packages([config.path], f"{config.name}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            # type(), not inspect.isclass(): that would wake lazy objects such as
            # default_storage, fixing them before the test settings apply.
            for value in list(vars(module).values()):
                if not issubclass(type(value), type):
                    continue
                if issubclass(value, forms.BaseForm) and value.__module__.startswith(config.name):
                    found.add(value)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def instantiate(cls, data, files):
    """A bound form, or None when the class needs arguments beyond data (those forms are
    fuzzed through their pages below). Model forms are fuzzed through their pages too: they
    are always given an instance or context there, which this test cannot guess."""
    if issubclass(cls, forms.BaseModelForm):
        return None
    if issubclass(cls, auth_forms.AuthenticationForm):  # takes the request first
        return cls(None, data=data, files=files)
    try:
        return cls(data=data, files=files)
    except TypeError:  # needs more, e.g. the account whose password changes
        return None
    return None


def test_the_project_has_forms_to_fuzz():
    names = {cls.__name__ for cls in project_form_classes()}
    assert {"SignInForm", "PasswordResetForm", "GovukForm"} <= names


def test_every_form_class_refuses_junk_with_messages_not_errors(db):
    fuzzed = []
    for form_class in project_form_classes():
        probe = instantiate(form_class, {}, {})
        if probe is None:
            continue  # needs arguments or an instance: fuzzed through its page below
        fuzz_form_class(form_class, list(probe.fields))
        fuzzed.append(form_class.__name__)
    assert {"SignInForm", "PasswordResetForm"} <= set(fuzzed)


def fuzz_form_class(form_class, names):
    @EXAMPLES
    @given(st.data())
    @rolled_back
    def check(data):
        values = {name: data.draw(NASTY) for name in names}
        form = instantiate(form_class, values, {})
        before = table_counts()
        valid = form.is_valid()
        if not valid:
            assert form.errors, form_class
            assert all(isinstance(m, str) for ms in form.errors.values() for m in ms)
        assert changed_tables(before, table_counts()) == {}, form_class  # saves nothing

    check()


# --- Filters and GET forms of the public pages -----------------------------------------


@pytest.fixture
def public_pages(portal):
    anonymous = Client()
    pages = []
    for route, url in route_urls(anonymous):
        response = anonymous.get(url)
        if route.key in PUBLIC_ROUTES and response.status_code == 200:
            fields = {}
            for form in forms_of(response):
                if form["method"] == "get":
                    fields.update(form["fields"])
            pages.append((url, fields))
    return pages


def test_public_pages_survive_any_querystring(public_pages):
    assert any(fields for _, fields in public_pages), "no filter form found"
    client = Client()

    @EXAMPLES
    @given(st.data())
    def check(data):
        url, fields = data.draw(st.sampled_from(public_pages))
        names = list(fields) + ["page", "q", "sort", "format"]
        query = {}
        for name in data.draw(st.lists(st.sampled_from(names), max_size=6, unique=True)):
            query[name] = field_value(
                data.draw, name, fields.get(name, {"kind": "text", "values": []})
            )
        response = client.get(url, query)
        assert response.status_code in (200, 301, 302, 400, 404)
        assert_no_raw_script(response)

    check()


# --- Sign-in ----------------------------------------------------------------------------


def test_the_sign_in_form_survives_any_input(settings, make_user):
    make_user("inspector")
    client = Client()

    @EXAMPLES
    @given(username=NASTY, password=NASTY)
    @rolled_back
    def check(username, password):
        data = {"username": username, "password": password}
        response = client.post("/accounts/login/", data)
        # A body larger than anyone signed out may send is refused unread, with its own page.
        body = encode_multipart(BOUNDARY, data)  # what the test client sends
        too_large = len(body) > settings.ANONYMOUS_REQUEST_MAX_BYTES
        assert response.status_code == (413 if too_large else 200)
        if not too_large:
            assert b"govuk-error-summary" in response.content
        assert_no_raw_script(response)

    check()


# --- Every POST form an officer can open ------------------------------------------------

SKIPPED_POSTS = {"logout", "admin:logout"}  # signing out is not data entry


def post_forms(client):
    """[(route key, page url, action url, fields)] for every POST form on every page the
    signed-in client can open."""
    found = []
    for route, url in route_urls(client):
        if route.key in SKIPPED_POSTS:
            continue
        response = client.get(url)
        if response.status_code == 405:  # POST-only: fuzz it with no form to guide us
            found.append((route.key, url, url, {}))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_of(response):
            action = urlparse(urljoin(url, form["action"])).path if form["action"] else url
            if form["method"] == "post" and action not in ("/accounts/logout/", "/admin/logout/"):
                found.append((route.key, url, action, form["fields"]))
    return found


@pytest.fixture
def officer_forms(portal, staff_officer):
    client = Client()
    verified_login(client, staff_officer)
    return client, post_forms(client)


# Pages that save each row of a form on its own, so that a mistake in one row loses nothing
# in the others: a refusal there may come with rows saved, and the page must say so.
PER_ROW_PAGES = {"actions:update_bulk"}


def fuzz_posts(client, targets, examples, forge=True):
    """POST junk to the targets' forms. With forge=False only what a person can type is
    junk: options, hidden fields and extra names stay as the page offers them."""

    @hypothesis_settings(EXAMPLES, max_examples=examples)
    @given(st.data())
    @rolled_back
    def check(data):
        key, _page, action, fields = data.draw(st.sampled_from(targets))
        payload = {}
        for name, spec in fields.items():
            if spec["kind"] == "checkbox" and not data.draw(st.booleans()):
                continue
            if spec["kind"] in ("hidden", "select", "radio", "checkbox") and not forge:
                offered = spec["values"] or [""]
                payload[name] = data.draw(st.sampled_from(offered))
                continue
            payload[name] = field_value(data.draw, name, spec)
        extras = ["extra", "id", "pk", "state"] if forge else []
        for name in data.draw(st.lists(st.sampled_from(extras))) if extras else []:
            payload[name] = data.draw(NASTY)
        before = table_counts()
        response = client.post(action, payload)
        assert response.status_code < 500, key
        if response.status_code not in (301, 302, 303):
            changed = changed_tables(before, table_counts())
            if key in PER_ROW_PAGES and changed:
                assert "Saved " in response.content.decode(), key
            else:
                # Refused: nothing may have been saved, not even in part.
                assert changed == {}, key
            assert_no_raw_script(response)

    check()


def test_no_post_form_an_officer_can_open_fails_on_junk(officer_forms):
    client, targets = officer_forms
    keys = {key for key, *_ in targets}
    assert "password_change" in keys
    assert any(key.startswith("admin:") and key.endswith("_add") for key in keys)
    # The portal's own forms, forged as well as typed into; then the admin's, typed into
    # only: Django's admin (and django-simple-history's) answer a forged row id or option
    # value with a server error, which takes an officer forging the page and saves nothing
    # (see docs/security.md).
    fuzz_posts(client, [t for t in targets if not t[0].startswith("admin:")], examples=50)
    admin_forms = [t for t in targets if t[0].startswith("admin:")]
    fuzz_posts(client, admin_forms, examples=50, forge=False)


# --- The seed importer ------------------------------------------------------------------


def small_seed():
    """The seed file with fewer statements and actions, so that each example loads fast;
    every kind of object is still there."""
    seed = json.loads((django_settings.BASE_DIR / "fixtures" / "seed_plans.json").read_text())
    for plan in seed["plans"]:
        plan["statements"] = plan["statements"][:2]
        plan["actions"] = plan["actions"][:3]
    return seed


SEED = small_seed()


def leaf_paths(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*path, index))
    yield path


ALL_PATHS = list(leaf_paths(SEED))
JSON_JUNK = st.one_of(
    NASTY,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.lists(NASTY, max_size=3),
    st.dictionaries(NASTY, NASTY, max_size=3),
)


def mutated(seed, path, value):
    document = json.loads(json.dumps(seed))
    if not path:
        return value
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


def test_the_seed_importer_refuses_broken_files_with_a_message(tmp_path, db):
    seed_file = tmp_path / "plans.json"

    # Each example loads a whole plan file, so fewer of them.
    @hypothesis_settings(EXAMPLES, max_examples=25)
    @given(path=st.sampled_from(ALL_PATHS), value=JSON_JUNK)
    @rolled_back
    def check(path, value):
        seed_file.write_text(json.dumps(mutated(SEED, path, value)), encoding="utf-8")
        before = table_counts()
        try:
            call_command("load_seed_plans", file=seed_file, stdout=StringIO())
        except CommandError as error:
            assert str(error).startswith("Nothing was loaded.")
            assert changed_tables(before, table_counts()) == {}

    check()


def test_the_seed_importer_refuses_files_that_are_not_json(tmp_path, db):
    seed_file = tmp_path / "plans.json"

    @EXAMPLES
    @given(content=st.binary(max_size=500))
    @rolled_back
    def check(content):
        seed_file.write_bytes(content)
        before = table_counts()
        try:
            call_command("load_seed_plans", file=seed_file, stdout=StringIO())
        except CommandError:
            assert changed_tables(before, table_counts()) == {}

    check()
