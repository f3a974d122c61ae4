"""Confirming an import: everything saved at once with the officer in the history, or nothing."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound
from tests.actions.import_files import csv_bytes, row, upload
from tests.signing_in import verified_login
from themes.models import Partner, Theme

pytestmark = pytest.mark.django_db

ROWS = [
    row(1, theme="1", leads="Bedfordshire Police", status="On track", round="Q1",
        narrative="Started."),
    row(2, theme="1", leads="Bedfordshire Polise"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def police(make_partner, make_theme):
    make_theme(1)
    return make_partner("Bedfordshire Police")


def url(plan):
    return reverse("actions:plan_import_confirm", args=[plan.slug])


def choices(client, plan, publish=True, **chosen):
    """The confirmation form as the preview page fills it in, with `chosen` changes; the
    officer ticks that the progress may be published unless `publish` is false."""
    response = client.get(reverse("actions:plan_import_preview", args=[plan.slug]))
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    # partner_0: the form's first unknown partner, whatever its field is named.
    fields = [name for name, _item in form.partner_fields + form.theme_fields]
    for short in list(chosen):
        kind, _sep, index = short.partition("_")
        if kind in ("partner", "theme") and index.isdigit():
            named = [n for n in fields if n.startswith(kind)]
            chosen[named[int(index)]] = chosen.pop(short)
    for name, value in data.items():
        if value is None and hasattr(form.fields[name], "choices"):
            # A close name is offered first, never chosen: the officer picks it.
            options = next(o for _v, o in form.fields[name].choices if isinstance(o, list))
            data[name] = options[0][0]
    if publish and "publish" in form.fields:
        data["publish"] = "on"
    data = {name: value for name, value in data.items() if value is not False}
    return {**data, "digest": response.context["digest"], **chosen}


def history_rows():
    return sum(m.history.count() for m in (Action, ActionLead, ProgressUpdate, Partner, Theme))


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    assertRedirects(client.post(url(plan), {}), f"{reverse('login')}?next={url(plan)}")


def test_partner_leads_may_not_import(client, partner_lead, officer, plan, make_theme):
    make_theme(1)  # and partner_lead made Bedfordshire Police
    verified_login(client, officer)
    upload(client, plan, csv_bytes(ROWS))
    data = choices(client, plan)
    verified_login(client, partner_lead)
    assert client.post(url(plan), data).status_code == 403
    assert not Action.objects.exists()


def test_officers_import_everything_and_the_history_says_who(client, officer, plan, police, media):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(ROWS))
    response = client.post(url(plan), choices(client, plan), follow=True)
    assertRedirects(response, reverse("actions:plan_import_done", args=[plan.slug]))
    assertContains(
        response,
        "Imported “plan.csv” into Community Safety Partnership Plan 2024–2028: 2 "
        "actions created, 0 changed and 0 unchanged.",
    )
    first, second = Action.objects.filter(plan=plan).order_by("number")
    assert first.history.first().history_user == officer
    assert [link.partner for link in second.lead_links.all()] == [police]  # the closest match
    assert first.updates.get().state == ProgressUpdate.State.PUBLISHED
    assert ReportingRound.objects.get(plan=plan).name == "Q1"
    assert not list((media / "imports").iterdir())
    assert "plan_import" not in client.session


def test_the_officers_choice_to_create_a_partner_is_applied(client, officer, plan, police):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(ROWS))
    client.post(url(plan), choices(client, plan, partner_0="create"))
    created = Partner.objects.get(name="Bedfordshire Polise")
    assert created.history.first().history_user == officer
    assert Action.objects.get(number=2).lead_links.get().partner == created


def test_importing_the_same_file_again_changes_nothing(client, officer, plan, police):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(ROWS))
    client.post(url(plan), choices(client, plan))
    before = history_rows()
    upload(client, plan, csv_bytes(ROWS))
    response = client.post(url(plan), choices(client, plan), follow=True)
    assertContains(response, "0 actions created, 0 changed and 2 unchanged.")
    assert history_rows() == before


def test_a_file_with_problems_saves_nothing(client, officer, plan, police):
    verified_login(client, officer)
    upload(client, plan, csv_bytes([*ROWS, row(3, status="Green")]))
    response = client.post(url(plan), choices(client, plan))
    assert response.status_code == 200
    assertContains(response, "Row 4, column “Status”: “Green” is not a status.")
    assert not Action.objects.exists()


def test_a_choice_that_is_not_offered_is_refused_and_the_choices_are_shown_back(
    client, officer, plan, police
):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(ROWS))
    response = client.post(url(plan), choices(client, plan, partner_0="999999"))
    assertContains(response, "Select a valid choice.")
    assertContains(response, "govuk-select--error")
    assert not Action.objects.exists()


def test_an_expired_upload_is_refused_clearly(client, officer, plan, police):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(ROWS))
    data = choices(client, plan)
    session = client.session
    del session["plan_import"]
    session.save()
    response = client.post(url(plan), data, follow=True)
    assertRedirects(response, reverse("actions:plan_import_upload", args=[plan.slug]))
    assertContains(response, "The uploaded file is no longer available")
    assert not Action.objects.exists()


def test_a_file_replaced_after_its_preview_is_not_imported(client, officer, plan, police):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(ROWS))
    data = choices(client, plan)
    upload(client, plan, csv_bytes([row(7, theme="1")]))  # in another tab
    response = client.post(url(plan), data, follow=True)
    assertRedirects(response, reverse("actions:plan_import_preview", args=[plan.slug]))
    assertContains(response, "The uploaded file has changed since its preview was shown")
    assert not Action.objects.exists()


def test_confirming_only_accepts_post(client, officer, plan):
    verified_login(client, officer)
    assert client.get(url(plan)).status_code == 405


def test_the_confirmation_page_sums_up_the_import(client, officer, plan, police):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(ROWS))
    client.post(url(plan), choices(client, plan))
    response = client.get(reverse("actions:plan_import_done", args=[plan.slug]))
    assertContains(response, "<h1", count=1)
    assertContains(response, "Import complete")
    assertContains(response, "Q1")
    assertContains(response, reverse("actions:plan_export", args=[plan.slug, "xlsx"]))


def test_the_confirmation_page_is_for_officers(client, partner_lead, plan):
    done = reverse("actions:plan_import_done", args=[plan.slug])
    assertRedirects(client.get(done), f"{reverse('login')}?next={done}")
    verified_login(client, partner_lead)
    assert client.get(done).status_code == 403


def test_the_confirmation_page_reads_only_the_plan(
    client, officer, plan, police, django_assert_num_queries
):
    verified_login(client, officer)
    upload(client, plan, csv_bytes([*ROWS, row(3, theme="1", leads="Victims Hub")]))
    client.post(url(plan), choices(client, plan))
    # session, user, its two-factor device, the partnership, permissions, plan
    with django_assert_num_queries(6):
        client.get(reverse("actions:plan_import_done", args=[plan.slug]))


FLAGGED_ROWS = [
    row(1, theme="1", leads="Bedfordshire Police", status="On track", round="Q1",
        narrative="Mrs Jane Doe of 14 park street was helped."),
    row(2, theme="1", leads="Bedfordshire Police", status="On track", round="Q1",
        narrative="Patrols continued."),
]  # fmt: skip


def test_flagged_progress_is_shown_in_the_preview_and_imported_for_review(
    client, officer, plan, police
):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(FLAGGED_ROWS))
    preview = client.get(reverse("actions:plan_import_preview", args=[plan.slug]))
    assertContains(preview, "Progress that may identify someone")
    assertContains(preview, "“Mrs Jane Doe” (a title with a name)")
    assertContains(preview, "“14 park street”")

    data = {k: v for k, v in choices(client, plan).items() if v is not None}
    response = client.post(url(plan), data, follow=True)
    assertContains(response, "action 1, Q1")
    flagged = ProgressUpdate.objects.get(action__number=1)
    plain = ProgressUpdate.objects.get(action__number=2)
    assert flagged.state == ProgressUpdate.State.SUBMITTED
    assert plain.state == ProgressUpdate.State.PUBLISHED
    public = client.get(Action.objects.get(number=1).get_absolute_url())
    assert "Jane Doe" not in public.content.decode()
    review = client.get(reverse("actions:review_list"))
    assertContains(review, "action 1")


def test_flagged_progress_the_officer_confirmed_is_published(client, officer, plan, police):
    verified_login(client, officer)
    upload(client, plan, csv_bytes(FLAGGED_ROWS))
    client.post(url(plan), choices(client, plan, publish_flagged="on"))
    flagged = ProgressUpdate.objects.get(action__number=1)
    assert flagged.state == ProgressUpdate.State.PUBLISHED
    assert flagged.history.first().history_user == officer
