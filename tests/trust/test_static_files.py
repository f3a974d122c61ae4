"""Static files are served under hashed names, GOV.UK Frontend's module script included."""

import re

from django.core.management import call_command
from django.test import override_settings


def test_portal_js_imports_govuk_frontend_under_its_hashed_name(tmp_path, settings):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.storage.StaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    [portal_js] = [p for p in (tmp_path / "js").glob("portal.*.js") if p.name.count(".") == 2]
    imported = re.search(r'from "\./(govuk-frontend[^"]+)"', portal_js.read_text()).group(1)
    assert re.fullmatch(r"govuk-frontend\.min\.[0-9a-f]{12}\.js", imported)
    assert (tmp_path / "js" / imported).exists()
