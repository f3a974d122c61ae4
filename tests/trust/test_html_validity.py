"""Every page type, public and signed in, is valid HTML to the Nu HTML Checker (vnu).

The checker is a Java program published on npm as vnu-jar. The test fetches it through npm
into a cache folder outside the repository (VNU_CACHE, by default ~/.cache/csp-portal/vnu)
when it is missing; Java comes from the Debian package default-jre-headless, which
scripts/system-packages installs. Under CI=true a missing Java or checker fails the test
with the command that installs it, never skips it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.signing_in import verified_login
from tests.trust.routes import route_urls

pytestmark = pytest.mark.django_db

VNU_VERSION = "26.9.27"
VNU_CACHE = Path(os.environ.get("VNU_CACHE") or Path.home() / ".cache/csp-portal/vnu")
VNU_JAR = VNU_CACHE / "node_modules/vnu-jar/build/dist/vnu.jar"
NPM_COMMAND = ["npm", "install", "--prefix", str(VNU_CACHE), "-E", f"vnu-jar@{VNU_VERSION}"]


def _missing(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def vnu_jar():
    """The checker's jar, fetched through npm when missing; fails with the command to run
    when it cannot be had."""
    if not shutil.which("java"):
        _missing(
            "no Java: run scripts/system-packages as root (apt-get install default-jre-headless)"
        )
    if VNU_JAR.exists():
        return VNU_JAR
    command = " ".join(NPM_COMMAND)
    if not shutil.which("npm"):
        _missing(f"no npm to fetch the Nu HTML Checker: install Node and run: {command}")
    VNU_CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(NPM_COMMAND, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not VNU_JAR.exists():
        pytest.fail(f"could not fetch the Nu HTML Checker; run: {command}\n{result.stderr[-2000:]}")
    return VNU_JAR


def html_errors(pages, tmp_path):
    """{path: [message, ...]} of the checker's errors on each of `pages` ({path: html})."""
    jar = vnu_jar()
    files = {}
    for number, (path, html) in enumerate(pages.items()):
        file = tmp_path / f"page-{number}.html"
        file.write_text(html, encoding="utf-8")
        files[file.name] = path
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json"]
        + [str(tmp_path / name) for name in files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = {}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        url = message.get("url", "")
        path = files.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(path, []).append(
            f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        )
    return errors


def html_pages(client):
    """{url: html} of every GET route answering an HTML page to `client`, admin left out."""
    pages = {}
    for route, url in route_urls(client):
        if route.is_admin or "logout" in url:
            continue
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[url] = response.content.decode()
    return pages


def test_the_checker_finds_errors(tmp_path):
    errors = html_errors(
        {"bad": "<!DOCTYPE html><html lang=en><title>x</title><p><div></p>"}, tmp_path
    )
    assert errors["bad"]


def test_every_page_is_valid_html(portal, officer, tmp_path):
    pages = html_pages(Client())
    public_count = len(pages)
    signed_in = Client()
    verified_login(signed_in, officer)
    pages |= {f"{url} (signed in)": html for url, html in html_pages(signed_in).items()}
    assert public_count > 10 and len(pages) > public_count + 20
    assert html_errors(pages, tmp_path) == {}
