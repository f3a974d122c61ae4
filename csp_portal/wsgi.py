import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")
application = get_wsgi_application()


def _refuse_unconfigured_database():
    """A production portal (DEBUG off) without DB_NAME would quietly serve an empty SQLite
    file beside the code; stop instead, unless ALLOW_SQLITE=True says it is meant."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3") and not settings.ALLOW_SQLITE:
        raise ImproperlyConfigured(
            "No database is configured: set DB_NAME (and DB_HOST, DB_USER, DB_PASSWORD) for "
            "PostgreSQL, or ALLOW_SQLITE=True to serve the SQLite file on purpose."
        )


_refuse_unconfigured_database()
