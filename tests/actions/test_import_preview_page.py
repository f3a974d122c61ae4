"""The preview page: what the import would do, the problems, and choices for unknown names."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from actions.models import Action
from tests.actions.import_files import csv_bytes, row, upload
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def url(plan):
    return reverse("actions:plan_import_preview", args=[plan.slug])


@pytest.fixture
def uploaded(client, officer, plan, make_theme, make_partner):
    make_theme(1)
    make_partner("Bedfordshire Police")
    verified_login(client, officer)
    rows = [
        row(1, theme="1", leads="Bedfordshire Police", round="Q1", narrative="Started."),
        row(2, theme="1", leads="Bedfordshire Polise"),
        row(3, theme="2. Drugs", leads="Victims Hub"),
    ]
    upload(client, plan, csv_bytes(rows))
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    assertRedirects(client.get(url(plan)), f"{reverse('login')}?next={url(plan)}")


def test_partner_leads_may_not_see_it(client, partner_lead, plan):
    verified_login(client, partner_lead)
    assert client.get(url(plan)).status_code == 403


def test_it_shows_what_would_be_created_and_asks_about_unknown_names(uploaded, plan):
    response = uploaded.get(url(plan))
    assertContains(response, "<h1", count=1)
    assertContains(response, "What importing “plan.csv” would do.")
    assertContains(response, "Actions to create</caption>")
    assertContains(response, '">Bedfordshire Polise</label>')
    assertContains(response, '<option value="create">Create a new partner called “Bedfordshire')
    assertContains(response, "Row 3: no partner has this name; the closest is")
    assertContains(response, '<option value="create" selected>Create theme 2. Drugs</option>')
    assertContains(response, "Import 3 actions")
    assert not Action.objects.exists()


def test_the_closest_partner_is_offered_first(uploaded, plan):
    response = uploaded.get(url(plan))
    police = response.context["preview"].partners[0]
    # Offered first, and named in the hint, but never chosen for the officer.
    assertContains(
        response,
        '<optgroup label="Use the partner">\n'
        f'  <option value="{police.pk}">Bedfordshire Police</option>',
    )
    assertContains(response, "the closest is “Bedfordshire Police”.")
    assertContains(response, '<option value="" selected>Choose what to do</option>')


def test_problems_are_listed_with_row_and_column_and_stop_the_import(client, officer, plan):
    verified_login(client, officer)
    upload(client, plan, csv_bytes([row(1, due="31/02/2026"), row(1)]))
    response = client.get(url(plan))
    assertContains(response, "There are 2 problems with the file")
    assertContains(response, "Row 2, column “Due date”: “31/02/2026” is not a date.")
    assertContains(response, "Row 3, column “Number”: action 1 is already on row 2.")
    assertNotContains(response, 'form="import-form"')
    assertContains(response, "Upload a corrected file")


def test_choices_sent_back_update_the_preview(uploaded, plan):
    response = uploaded.get(url(plan))
    form = response.context["form"]
    data = {name: "create" for name in form.fields if not name.startswith("column_")}
    response = uploaded.post(url(plan), data)
    assertContains(response, '<option value="create" selected>Create a new partner called')
    names = [str(p) for p in response.context["preview"].creates[1].leads]
    assert names == ["Bedfordshire Polise"]
    assert not Action.objects.exists()


def test_without_an_upload_it_sends_the_officer_to_upload(client, officer, plan):
    verified_login(client, officer)
    response = client.get(url(plan), follow=True)
    assertRedirects(response, reverse("actions:plan_import_upload", args=[plan.slug]))
    assertContains(response, "The uploaded file is no longer available")


def test_an_upload_for_another_plan_is_not_shown(uploaded, make_plan):
    other = make_plan()
    response = uploaded.get(url(other), follow=True)
    assertContains(response, "The uploaded file is no longer available")


def test_a_stored_file_that_changed_is_refused(uploaded, plan, media):
    # Not imported at module level: pytest would set the storages up before the test settings.
    from django.core.files.storage import default_storage

    name = uploaded.session["plan_import"]["name"]
    with default_storage.open(name, "wb") as stored:
        stored.write(b"Theme,Number,Action\n1,1,Changed\n")
    response = uploaded.get(url(plan), follow=True)
    assertContains(response, "The uploaded file has changed since its preview was shown")


def test_the_query_count_does_not_grow_with_rows(
    client, officer, plan, make_theme, make_action, make_partner, django_assert_num_queries
):
    theme = make_theme(1)
    partners = [make_partner(f"Partner {n}") for n in range(4)]
    for number in range(1, 4):
        make_action(number, theme=theme, leads=partners[number - 1 : number + 1])
    verified_login(client, officer)
    rows = [
        row(n, theme="1", leads=f"Partner {n}; Partner {n + 1}", round=r, narrative="x")
        for n in range(1, 7)
        for r in ("Q1", "Q2")
    ]
    upload(client, plan, csv_bytes(rows))
    # session, user, its two-factor device, the partnership, permissions, plan; the plan's
    # remembered import choices, its latest round (for progress without one); partners
    # (+parents), themes, rounds, actions, their leads, their own updates, their documents;
    # account holders' and contacts' names for the identifying-words check
    with django_assert_num_queries(17):
        response = client.get(url(plan))
    assert len(response.context["preview"].actions) == 6
