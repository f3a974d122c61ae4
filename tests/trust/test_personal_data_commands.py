"""export_personal_data and erase_personal_data: one person's data, found everywhere
(history included), exported as JSON, and erased in one transaction, safely twice."""

import json
from io import StringIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import KnownAddress, SignInAttempt
from actions.models import Action, ProgressUpdate
from tests.signing_in import confirmed_device, verified_login

pytestmark = pytest.mark.django_db


def run(command, *args, **options):
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def person(make_user, make_partner, make_action, make_update):
    """A partner lead who wrote updates, changed an action and is its named contact."""
    police = make_partner("Bedfordshire Police")
    user = make_user(
        "jsmith", first_name="Jane", last_name="Smith", partners=[police], role="Partner leads"
    )
    action = make_action(leads=[police], contact_name="Jane Smith", contact_is_public=True)
    update = make_update(action, narrative="Patrols doubled in High Town.", author=user)
    # A change made through a request records the account in history.
    ProgressUpdate.history.filter(id=update.pk).update(history_user=user)
    Action.history.filter(id=action.pk).update(history_user=user)
    other = make_action(contact_name="Ali Khan")
    SignInAttempt.objects.create(
        username="jsmith", ip_address="192.0.2.9", attempted_at=timezone.now()
    )
    KnownAddress.objects.create(
        username="jsmith", ip_address="192.0.2.10", signed_in_at=timezone.now()
    )
    confirmed_device(user)
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
        object_repr="jsmith",
        action_flag=CHANGE,
    )
    return {"user": user, "action": action, "update": update, "other": other}


def test_the_export_lists_the_account_and_everything_linked_to_it(person):
    export = json.loads(run("export_personal_data", "jsmith"))
    assert export["account"]["email"] == "jsmith@example.org"
    assert export["account"]["groups"] == ["Partner leads"]
    linked = export["records_linked_to_the_account"]
    assert linked["actions.ProgressUpdate (author)"][0]["fields"]["narrative"] == (
        "Patrols doubled in High Town."
    )
    assert "actions.HistoricalProgressUpdate (history_user)" in linked
    assert "actions.HistoricalAction (history_user)" in linked
    assert "themes.Partner_members (user)" in linked
    assert "admin.LogEntry (user)" in linked
    assert export["failed_sign_ins"][0]["ip_address"] == "192.0.2.9"
    assert export["known_sign_in_addresses"][0]["ip_address"] == "192.0.2.10"


def test_the_export_says_two_factor_is_on_without_its_secret(person):
    output = run("export_personal_data", "jsmith")
    device = TOTPDevice.objects.get(user=person["user"])
    linked = json.loads(output)["records_linked_to_the_account"]
    assert linked["otp_totp.TOTPDevice (user)"][0]["fields"]["confirmed"] is True
    assert device.key not in output


def test_the_export_of_a_named_contact_includes_history(person):
    export = json.loads(run("export_personal_data", "--contact", "jane smith"))
    contact = export["named_contact"]
    assert [row["pk"] for row in contact["actions.Action"]] == [person["action"].pk]
    assert len(contact["actions.HistoricalAction"]) >= 1


def test_the_export_needs_someone_to_look_for():
    with pytest.raises(CommandError, match="Give a USERNAME"):
        run("export_personal_data")


def test_erasing_anonymises_the_account_and_keeps_the_updates_text(person):
    output = run("erase_personal_data", "jsmith")
    assert "Changed account anonymised and deactivated: 1" in output
    user = get_user_model().objects.get(pk=person["user"].pk)
    assert (user.username, user.first_name, user.last_name, user.email) == (
        f"erased-{user.pk}",
        "",
        "",
        "",
    )
    assert not user.is_active and not user.has_usable_password()
    assert not user.groups.exists() and not user.partners.exists()
    update = ProgressUpdate.objects.get(pk=person["update"].pk)
    assert update.narrative == "Patrols doubled in High Town."
    assert update.author is None
    assert not ProgressUpdate.history.filter(history_user_id=user.pk).exists()
    assert not ProgressUpdate.history.filter(author_id=user.pk).exists()
    assert not Action.history.filter(history_user_id=user.pk).exists()
    assert not SignInAttempt.objects.filter(username="jsmith").exists()
    assert not KnownAddress.objects.filter(username="jsmith").exists()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert LogEntry.objects.get(user=user).object_repr == f"erased-{user.pk}"


def test_erasing_an_account_removes_the_contact_with_its_name_everywhere(person):
    run("erase_personal_data", "jsmith")
    action = Action.objects.get(pk=person["action"].pk)
    assert (action.contact_name, action.contact_is_public) == ("", False)
    assert not Action.history.filter(contact_name__iexact="jane smith").exists()
    assert Action.objects.get(pk=person["other"].pk).contact_name == "Ali Khan"


def test_erasing_a_named_contact_alone(person):
    run("erase_personal_data", "--contact", "ALI KHAN ")
    assert Action.objects.get(pk=person["other"].pk).contact_name == ""
    assert not Action.history.filter(contact_name="Ali Khan").exists()
    assert get_user_model().objects.get(pk=person["user"].pk).username == "jsmith"


def test_a_dry_run_changes_nothing(person):
    output = run("erase_personal_data", "jsmith", "--dry-run")
    assert "Would change account anonymised and deactivated: 1" in output
    assert get_user_model().objects.get(pk=person["user"].pk).email == "jsmith@example.org"
    assert ProgressUpdate.objects.get(pk=person["update"].pk).author_id == person["user"].pk
    assert Action.objects.get(pk=person["action"].pk).contact_name == "Jane Smith"


def test_erasing_twice_is_safe(person):
    run("erase_personal_data", "jsmith")
    assert "Nothing to erase" in run("erase_personal_data", "jsmith")
    user = get_user_model().objects.get(pk=person["user"].pk)
    assert "Nothing to erase" in run("erase_personal_data", user.username)


def test_erasing_writes_no_new_history_copy_of_the_data(person):
    before = Action.history.count() + ProgressUpdate.history.count()
    run("erase_personal_data", "jsmith")
    assert Action.history.count() + ProgressUpdate.history.count() == before


def test_an_erased_account_is_signed_out_and_cannot_sign_in(person, client):
    verified_login(client, person["user"])
    run("erase_personal_data", "jsmith")
    assert client.get("/my-actions/").status_code == 302
    response = Client().post(
        "/accounts/login/", {"username": "jsmith", "password": "a-long-test-password"}
    )
    assert response.status_code == 200


@pytest.fixture
def written_elsewhere(person, make_action, make_update):
    """The contact's name written other ways: with a title, an initial, and a job title."""
    update = make_update(
        person["action"],
        narrative="Met Mrs. Smith and J Smith at the hub; Jane  Smith chaired.",
        round=None,
    )
    titled = make_action(contact_name="Jane Smith, ASB officer")
    return {"update": update, "titled": titled}


def test_the_preview_lists_every_way_the_name_is_written(written_elsewhere):
    output = run("erase_personal_data", "--contact", "Jane Smith", "--dry-run")
    assert 'Also written as "Mrs. Smith" (kept unless confirmed)' in output
    assert 'Also written as "J Smith"' in output
    assert '--variant "Mrs. Smith"' in output
    assert "actions.HistoricalProgressUpdate" in output


def test_confirmed_variants_are_replaced_in_live_and_history_tables(written_elsewhere):
    run("erase_personal_data", "--contact", "Jane Smith", "--variant", "Mrs. Smith")
    update = ProgressUpdate.objects.get(pk=written_elsewhere["update"].pk)
    # The full name and the confirmed variant go; the unconfirmed initial stays.
    assert update.narrative == (
        "Met [name removed] and J Smith at the hub; [name removed] chaired."
    )
    assert not ProgressUpdate.history.filter(narrative__icontains="Mrs. Smith").exists()
    assert not ProgressUpdate.history.filter(narrative__icontains="Jane  Smith").exists()
    assert Action.objects.get(pk=written_elsewhere["titled"].pk).contact_name == ""
    assert not Action.history.filter(contact_name__icontains="Jane Smith").exists()


def test_the_export_lists_the_name_wherever_text_writes_it(written_elsewhere):
    export = json.loads(run("export_personal_data", "--contact", "Jane Smith"))
    written = {(row["record"], row["written"]) for row in export["name_written_in_text"]}
    assert ("actions.ProgressUpdate", "Mrs. Smith") in written
    assert ("actions.HistoricalProgressUpdate", "J Smith") in written
    assert ("actions.Action", "Jane Smith, ASB officer"[:10]) in written


def test_an_erased_public_name_leaves_the_cached_pages_at_once(person, client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGE_VERSION_SECONDS = 0
    cache.clear()
    action = person["action"]
    page = action.get_absolute_url()
    assert b"Jane Smith" in client.get(page).content
    assert b"Jane Smith" in client.get(page).content  # now from the cache
    run("erase_personal_data", "--contact", "Jane Smith")
    assert b"Jane Smith" not in client.get(page).content
    cache.clear()
