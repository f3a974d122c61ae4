"""Backup and restore of the whole database (history included) as a Django fixture.

The fixture is XML because Django's XML serializer keeps times to the microsecond (its JSON
one keeps milliseconds), so a round trip changes nothing at all.

The dump uses natural keys for accounts, groups, permissions and content types, so it loads
into any freshly migrated database, SQLite or PostgreSQL. Content types and permissions are
recreated by `migrate`; sessions are left out (everyone signs in again after a restore).
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
EXTENSIONS = (".xml", ".xml.gz", ".xml.bz2", ".xml.xz")


class BackupError(Exception):
    pass


def _check_name(path):
    if not str(path).endswith(EXTENSIONS):
        raise BackupError(f"The file name must end with one of: {', '.join(EXTENSIONS)}.")


def database_backup(path, *, stdout=None):
    """Write every table but the excluded ones to `path`, from one consistent snapshot."""
    path = Path(path).resolve()
    _check_name(path)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # One snapshot for every table, while the portal goes on writing.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        call_command(
            "dumpdata",
            format="xml",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            output=str(path),
            verbosity=0,
            stdout=stdout,
        )
    return path


def data_tables_in_use():
    """Labels of the project's tables (and accounts) that already hold rows."""
    base = str(settings.BASE_DIR)
    models = [get_user_model()] + [
        model
        for config in apps.get_app_configs()
        if config.path.startswith(base) and "site-packages" not in config.path
        for model in config.get_models()
    ]
    return [model._meta.label for model in models if model._default_manager.exists()]


def database_restore(path, *, stdout=None):
    """Load a backup into a freshly migrated, empty database, all or nothing."""
    path = Path(path).resolve()
    _check_name(path)
    if not path.exists():
        raise BackupError(f"No file at {path}.")
    in_use = data_tables_in_use()
    if in_use:
        raise BackupError(
            "The database is not empty (it has rows in "
            + ", ".join(in_use[:5])
            + "). Restore into a new database: create it, run `manage.py migrate`, then "
            "restore_database."
        )
    # Loading sets many-to-many links, which django-simple-history would record as new
    # changes; the history in the file is the history, so recording is off while it loads.
    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        call_command("loaddata", str(path), verbosity=0, stdout=stdout)
