"""A production portal refuses to serve without a configured database."""

import subprocess
import sys

from django.conf import settings

from tests.trust.test_security_headers import production_env


def start_portal(**env):
    """Load the WSGI application as gunicorn does, with production settings and `env`."""
    environment = production_env(**env)
    environment.pop("DB_NAME", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import csp_portal.wsgi"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )


def test_production_without_a_database_refuses_to_start_and_says_why():
    result = start_portal()
    assert result.returncode != 0
    assert "No database is configured: set DB_NAME" in result.stderr


def test_sqlite_in_production_serves_when_allowed_explicitly():
    result = start_portal(ALLOW_SQLITE="True")
    assert result.returncode == 0, result.stderr


def test_production_with_postgresql_configured_starts():
    result = start_portal(DB_NAME="csp_portal", DB_HOST="127.0.0.1")
    assert result.returncode == 0, result.stderr


def test_development_serves_sqlite_without_being_asked():
    result = start_portal(DEBUG="True")
    assert result.returncode == 0, result.stderr
