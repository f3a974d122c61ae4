"""backup_database and restore_database: a round trip into an empty database loses nothing,
history included, on SQLite and on PostgreSQL (the suite runs on both)."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from actions.models import Action, ProgressUpdate
from themes.models import Plan, SignInAttempt

pytestmark = pytest.mark.django_db(transaction=True)

NOT_BACKED_UP = {"sessions.session"}


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in NOT_BACKED_UP
    }


def contents():
    """Every row of every backed-up table, at full precision, with accounts and groups named
    by their natural keys (their ids may differ after a restore)."""
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in NOT_BACKED_UP | {"contenttypes.contenttype", "auth.permission"}:
            continue
        rows = serializers.serialize(
            "python",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        # Link tables (group permissions, memberships) are identified by what they link.
        keep_pk = not model._meta.auto_created
        snapshot[label] = sorted(
            repr(sorted(row["fields"].items()) + [row.get("pk") if keep_pk else None])
            for row in rows
        )
    return snapshot


@pytest.fixture
def full_database(portal, superuser, make_user):
    """The portal fixture's plans and updates, with history, accounts, a failed sign-in and
    an admin log entry."""
    action = Action.objects.filter(plan=portal).first()
    action.text = "Changed once, so that history has two rows for it."
    action.save()
    SignInAttempt.objects.create(
        username="someone", ip_address="192.0.2.1", attempted_at="2026-01-01T00:00Z"
    )
    LogEntry.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(Plan),
        object_id=str(portal.pk),
        object_repr=str(portal),
        action_flag=ADDITION,
    )
    return portal


def test_a_round_trip_into_an_empty_database_loses_nothing(full_database, tmp_path, client):
    backup = tmp_path / "portal.xml.gz"
    before = row_counts()
    before_contents = contents()
    assert before["actions.historicalprogressupdate"] > 0
    assert before["actions.historicalaction"] > before["actions.action"]
    run("backup_database", str(backup))

    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    assert Action.objects.count() == 0 and ProgressUpdate.history.count() == 0

    run("restore_database", str(backup))
    assert row_counts() == before
    after_contents = contents()
    assert {k for k in before_contents if before_contents[k] != after_contents[k]} == set()

    # The restored portal works, and new rows get new ids (sequences were reset).
    assert client.get(full_database.get_absolute_url()).status_code == 200
    highest = Plan.objects.order_by("-pk").first().pk
    new = Plan.objects.create(title="New", slug="new", start_year=2030, end_year=2031)
    assert new.pk > highest


def test_restoring_into_a_database_with_data_is_refused(make_plan, tmp_path):
    make_plan()
    backup = tmp_path / "portal.xml"
    run("backup_database", str(backup))
    with pytest.raises(CommandError, match="The database is not empty"):
        run("restore_database", str(backup))


def test_a_backup_needs_an_xml_file_name(tmp_path, db):
    with pytest.raises(CommandError, match="must end with"):
        run("backup_database", str(tmp_path / "portal.sql"))


def test_a_broken_backup_restores_nothing(tmp_path, db):
    backup = tmp_path / "broken.xml"
    plan = (
        '<object model="themes.plan" pk="{pk}">'
        '<field name="title" type="CharField">Plan {pk}</field>'
        '<field name="slug" type="SlugField">same-slug</field>'
        '<field name="start_year" type="PositiveSmallIntegerField">2024</field>'
        '<field name="end_year" type="PositiveSmallIntegerField">2025</field>'
        '<field name="state" type="CharField">draft</field>'
        '<field name="summary" type="TextField"></field>'
        '<field name="partners_publish_directly" type="BooleanField">False</field></object>'
    )
    backup.write_text(
        '<?xml version="1.0" encoding="utf-8"?><django-objects version="1.0">'
        + plan.format(pk=1)
        + plan.format(pk=2)  # the same slug again: the database refuses it
        + "</django-objects>"
    )
    with pytest.raises(Exception):  # noqa: B017 - the database's own error, whichever it is
        run("restore_database", str(backup))
    assert Plan.objects.count() == 0
    assert connection.is_usable()
