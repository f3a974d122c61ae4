"""The 2018–19 business plan as the council published it imports without hand editing."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from actions.models import Action, PlanImportChoices, ProgressUpdate
from tests.actions.import_files import upload
from tests.actions.published_plan import SEED, published_csv, published_xlsx
from tests.html_forms import page_forms
from tests.signing_in import verified_login
from themes.models import Partner, Plan, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def seed_partners():
    """The portal's partners, as the seed data names them."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    by_slug = {}
    for partner in seed["partners"]:
        by_slug[partner["slug"]] = Partner.objects.create(
            name=partner["name"],
            slug=partner["slug"],
            parent=by_slug.get(partner["parent"]),
        )
    return by_slug


def check_imported(plan):
    actions = Action.objects.filter(plan=plan).order_by("number")
    numbers = [action.number for action in actions]
    assert numbers == [1, 2, 3, *range(5, 14), *range(15, 31)]
    assert [t.title for t in Theme.objects.filter(plan=plan).order_by("number")] == [
        "Reducing violence and exploitation",
        "Keeping Luton safe and tidy",
        "Over-arching priority actions",
    ]
    by_number = {action.number: action for action in actions}
    assert by_number[15].theme.title == "Keeping Luton safe and tidy"
    assert by_number[3].lead_role == "Community Safety Partnership Manager"
    assert not by_number[3].lead_links.exists()
    assert [link.partner.slug for link in by_number[13].lead_links.all()] == ["communications"]
    assert by_number[13].lead_role == "Community Safety Partnership Officer"
    assert [link.partner.slug for link in by_number[2].lead_links.all()] == ["people-directorate"]
    assert [d.title for d in by_number[1].documents.all()] == ["Adult Exploitation Strategy.pdf"]
    # The person named with the lead is the action's private contact, not a partner.
    assert (by_number[1].contact_name, by_number[1].contact_is_public) == ("Kate Delaney", False)
    assert [link.partner.slug for link in by_number[1].lead_links.all()] == [
        "community-safety-partnership"
    ]
    assert not Partner.objects.filter(name__contains="Kate").exists()
    return actions


@pytest.mark.parametrize("name, data", [("plan.xlsx", published_xlsx), ("plan.csv", published_csv)])
def test_the_published_plan_imports_through_the_web_page(
    client, officer, make_plan, seed_partners, name, data
):
    plan = make_plan("Business plan 2018–19", state=Plan.State.DRAFT)
    verified_login(client, officer)
    upload(client, plan, data(), name=name)
    preview_url = reverse("actions:plan_import_preview", args=[plan.slug])
    page = client.get(preview_url)
    assert page.context["problems"] == []
    assertContains(page, "Key actions and major projects")
    assertContains(page, '<option value="text" selected>Action</option>')
    form = next(
        f for f in page_forms(page.content.decode()) if f["attrs"].get("id") == "import-form"
    )
    data = {}
    for field, value in form["fields"]:
        data.setdefault(field, []).append(value)
    response = client.post(form["attrs"]["action"], data)
    assert response.status_code == 302, response.context and response.context["problems"]
    check_imported(plan)
    assert not Partner.objects.exclude(pk__in=[p.pk for p in seed_partners.values()]).exists()
    assert PlanImportChoices.objects.get(plan=plan).columns["no."] == "number"
    # The progress waits on the review page: the officer did not tick to publish it.
    states = ProgressUpdate.objects.filter(action__plan=plan).values_list("state", flat=True)
    assert list(states) == [ProgressUpdate.State.SUBMITTED] * 28


def test_the_published_plan_imports_through_the_command(tmp_path, make_plan):
    plan = make_plan("Business plan 2018–19", state=Plan.State.DRAFT)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(published_xlsx())
    out = StringIO()
    call_command("import_plan", str(path), plan=plan.slug, create_missing=True, stdout=out)
    assert "Column B “Key actions and major projects”: Action (guessed)" in out.getvalue()
    actions = check_imported(plan)
    updates = ProgressUpdate.objects.filter(action__in=actions)
    assert [u.state for u in updates] == [ProgressUpdate.State.SUBMITTED] * 28
    assert "Progress held for review, submitted and not public: 28" in out.getvalue()
    assert not Partner.objects.filter(name__icontains="manager").exists()


def test_flagged_progress_arrives_submitted_even_when_the_rest_is_published(tmp_path, make_plan):
    plan = make_plan("Business plan 2018–19", state=Plan.State.DRAFT)
    path = tmp_path / "plan.csv"
    path.write_bytes(
        b"No.,Key actions,Progress\nVisits,,\n"
        b'1.,Visit residents.,"Met Mrs Jane Doe, 14 Park Street, LU1 3JU."\n'
        b"2.,Clean the park.,Done.\n"
    )
    call_command(
        "import_plan",
        str(path),
        plan=plan.slug,
        create_missing=True,
        round="Q1",
        publish=True,
        stdout=StringIO(),
    )
    states = dict(ProgressUpdate.objects.values_list("action__number", "state"))
    assert states == {1: ProgressUpdate.State.SUBMITTED, 2: ProgressUpdate.State.PUBLISHED}


JANE_DOE = (
    b"No.,Key actions,Progress\nVisits,,\n"
    b'1.,Visit residents.,"Met Mrs Jane Doe, 14 Park Street, LU1 3JU."\n'
    b"2.,Clean the park.,Done.\n"
)


@pytest.mark.parametrize(
    "ticked, states",
    [
        ((), ("submitted", "submitted")),
        (("publish",), ("submitted", "published")),
        (("publish", "publish_flagged"), ("published", "published")),
    ],
)
def test_the_preview_publishes_only_what_the_officer_ticked(
    client, officer, make_plan, ticked, states
):
    plan = make_plan("Visits", state=Plan.State.DRAFT)
    verified_login(client, officer)
    upload(client, plan, JANE_DOE)
    page = client.get(reverse("actions:plan_import_preview", args=[plan.slug]))
    assertContains(page, "“Mrs Jane Doe”")
    assertContains(page, "“LU1 3JU”")
    form = next(
        f for f in page_forms(page.content.decode()) if f["attrs"].get("id") == "import-form"
    )
    data = {}
    for field, value in form["fields"]:
        data.setdefault(field, []).append(value)
    for name in ticked:
        data[name] = ["on"]
    assert client.post(form["attrs"]["action"], data).status_code == 302
    found = dict(ProgressUpdate.objects.values_list("action__number", "state"))
    assert (found[1], found[2]) == states
