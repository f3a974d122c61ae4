"""A file with progress and no Round column: the officer names the round on the preview page,
as `import_plan --round` does on the command line."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Action, ProgressUpdate, ReportingRound
from tests.actions.import_files import HEADINGS, csv_bytes, row, upload
from tests.actions.test_import_confirm import choices
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

WITHOUT_ROUND = [heading for heading in HEADINGS if heading != "Round"]


def without_round(cells):
    return [cell for heading, cell in zip(HEADINGS, cells, strict=True) if heading != "Round"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def uploaded(client, officer, plan, make_theme, make_partner, make_round):
    make_theme(1)
    make_partner("Bedfordshire Police")
    make_round("2025-26 Q1")
    make_round("2025-26 Q2")
    verified_login(client, officer)
    rows = [
        without_round(row(1, theme="1", leads="Bedfordshire Police", narrative="Started.")),
        without_round(row(2, theme="1", leads="Bedfordshire Police")),
    ]
    upload(client, plan, csv_bytes(rows, headings=WITHOUT_ROUND))
    return client


def preview_url(plan):
    return reverse("actions:plan_import_preview", args=[plan.slug])


def confirm_url(plan):
    return reverse("actions:plan_import_confirm", args=[plan.slug])


def test_the_preview_asks_for_the_round_and_offers_the_plans_rounds(uploaded, plan):
    response = uploaded.get(preview_url(plan))
    assertContains(response, "Reporting round of the progress")
    assertContains(response, 'name="round_name" value="2025-26 Q2"')
    assertContains(response, '<option value="2025-26 Q1"></option>')
    assertContains(response, 'list="round-names"')


def test_a_new_round_typed_on_the_preview_is_shown_then_created(uploaded, plan):
    data = {**choices(uploaded, plan), "round_name": "2026-27 Q3"}
    response = uploaded.post(preview_url(plan), data)
    assertContains(response, 'name="round_name" value="2026-27 Q3"')
    assertContains(response, "2026-27 Q3</dd>", html=False)
    uploaded.post(confirm_url(plan), data)
    update = ProgressUpdate.objects.get()
    assert update.round.name == "2026-27 Q3"
    assert update.action.number == 1
    assert ReportingRound.objects.filter(plan=plan).count() == 3


def test_an_existing_round_takes_the_progress(uploaded, plan):
    data = {**choices(uploaded, plan), "round_name": "2025-26 Q1"}
    uploaded.post(confirm_url(plan), data)
    assert ProgressUpdate.objects.get().round.name == "2025-26 Q1"
    assert ReportingRound.objects.filter(plan=plan).count() == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("   ", "Name the reporting round the progress belongs to."),
        ("Q" * 101, "Ensure this value has at most 100 characters"),
    ],
)
def test_a_missing_or_too_long_round_is_refused_and_nothing_saved(uploaded, plan, typed, message):
    data = {**choices(uploaded, plan), "round_name": typed}
    response = uploaded.post(confirm_url(plan), data)
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "There is a problem")
    # The other choices stay as the officer made them.
    assert response.context["form"].data["digest"] == data["digest"]
    assert not Action.objects.exists()
    assert not ProgressUpdate.objects.exists()


def test_a_file_with_a_round_column_or_no_progress_is_not_asked(client, officer, plan, make_theme):
    make_theme(1)
    verified_login(client, officer)
    upload(client, plan, csv_bytes([row(1, theme="1", round="Q1", narrative="Started.")]))
    assertNotContains(client.get(preview_url(plan)), 'name="round_name"')
    headings = ["Theme", "Number", "Action"]
    upload(client, plan, csv_bytes([["1", "1", "Do it."]], headings=headings))
    assertNotContains(client.get(preview_url(plan)), 'name="round_name"')
