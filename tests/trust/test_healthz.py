"""/healthz tells a load balancer whether the application and its database answer; while the
database is down, visitors get the plain error page, never a stack trace."""

import copy
import socket
from contextlib import contextmanager

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import Client

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the socket is closed


@contextmanager
def database_unreachable():
    """Swap the default connection for one pointed at a closed port (PostgreSQL) or at a
    file that cannot exist (SQLite); the test's own connection is kept and put back."""
    real = connections["default"]
    broken_settings = copy.deepcopy(real.settings_dict)
    if real.vendor == "postgresql":
        broken_settings.update(HOST="127.0.0.1", PORT=str(closed_port()))
        broken_settings["OPTIONS"] = {**broken_settings.get("OPTIONS", {}), "connect_timeout": 2}
    else:
        broken_settings["NAME"] = "/nonexistent-directory/portal.sqlite3"
    broken = load_backend(broken_settings["ENGINE"]).DatabaseWrapper(broken_settings, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = real


def test_it_answers_200_when_the_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"application": "up", "database": "up"}


def test_it_answers_503_when_the_database_is_unreachable(client):
    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"application": "up", "database": "down"}
    assert client.get("/healthz").status_code == 200  # and recovers by itself


def test_visitors_get_the_error_page_not_a_stack_trace_while_the_database_is_down(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.get("/plans/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "Try again later." in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert client.get("/plans/").status_code == 200


def test_healthz_needs_no_sign_in_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response
