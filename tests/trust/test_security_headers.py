"""Security headers on every response, secure cookies, and Django's deployment checks with
production settings."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.signing_in import verified_login
from tests.trust.routes import route_urls

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


def production_env(**extra):
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "csp.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://csp.example.org",
        "EMAIL_HOST": "localhost",
        **extra,
    }
    # Set by the browser tests for their own process; a server must never have it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD"):
        env.pop(name, None)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )


def assert_secure_headers(response, where):
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp, where
    assert "'unsafe-eval'" not in csp, where
    assert "default-src 'self'" in csp, where
    assert "script-src 'self'" in csp, where
    assert "style-src 'self'" in csp, where
    assert "frame-ancestors 'none'" in csp, where
    assert "object-src 'none'" in csp, where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, where


def test_django_deployment_checks_pass_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_deployment_checks_fail_with_the_development_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr + result.stdout


def test_production_settings_make_cookies_secure_and_sessions_short():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in ["
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', "
        "'CSRF_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SESSION_COOKIE_AGE', 'SESSION_REFRESH_SECONDS', 'X_FRAME_OPTIONS', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY']}))"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="csp_portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_AGE": 8 * 60 * 60,
        "SESSION_REFRESH_SECONDS": 5 * 60,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
    }


def test_every_route_answers_with_the_security_headers(portal, superuser):
    signed_in = Client()
    verified_login(signed_in, superuser)
    anonymous = Client()
    checked = 0
    for route, url in route_urls(signed_in):
        for client in (anonymous, signed_in):
            assert_secure_headers(client.get(url, secure=True), f"{route.key} {url}")
            checked += 1
    assert checked > 150


def test_error_pages_carry_the_security_headers_too(client):
    assert_secure_headers(client.get("/no-such-page/", secure=True), "404")
    response = client.post(reverse("login"), secure=True)  # no CSRF cookie: 403
    assert_secure_headers(response, "403")


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/plans/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_session_and_csrf_cookies_are_secure_and_http_only(client, make_user):
    make_user("cookie")
    page = client.get(reverse("login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"),
        {"username": "cookie", "password": "a-long-test-password"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_pages_contain_no_inline_script_or_style(portal, client):
    for url in ("/", reverse("login"), reverse("password_reset"), "/plans/"):
        html = client.get(url).content.decode()
        assert "<style" not in html
        assert " style=" not in html
        assert "<script>" not in html and '<script type="text/javascript">' not in html
        assert " onclick=" not in html
