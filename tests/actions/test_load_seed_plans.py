import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from actions.models import Action, ProgressUpdate, Status
from themes.models import Commitment, Partner, Plan, Priority, ResidentStatement, Theme

pytestmark = pytest.mark.django_db

SEED_FILE = settings.BASE_DIR / "fixtures" / "seed_plans.json"
EXPECTED_2018_NUMBERS = [1, 2, 3, *range(5, 14), *range(15, 31)]


def load(**options):
    out = StringIO()
    call_command("load_seed_plans", stdout=out, **options)
    return out.getvalue()


def history_rows():
    return sum(
        model.history.count()
        for model in (Partner, Plan, Theme, Action, ProgressUpdate, ResidentStatement, Commitment)
    )


@pytest.fixture(scope="module")
def seeded(shared_data, django_db_blocker):
    """The seed plans, loaded once for the module's tests; what a test changes is rolled
    back after it. The files the command refuses are in test_load_seed_plans_refusals.py,
    which starts from an empty database."""
    with django_db_blocker.unblock():
        load()


def lead_names(action):
    return [link.partner.full_name for link in action.lead_links.select_related("partner__parent")]


def test_it_loads_both_plans(seeded):
    current = Plan.objects.get(slug="csp-plan-2024-2028")
    archive = Plan.objects.get(slug="business-plan-2018-19")
    assert (current.state, current.period) == ("current", "2024–2028")
    assert (archive.state, archive.period) == ("archived", "2018–19")


def test_the_2018_plan_keeps_its_own_numbering(seeded):
    numbers = list(
        Action.objects.filter(plan__slug="business-plan-2018-19")
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == EXPECTED_2018_NUMBERS
    assert len(numbers) == 28


def test_every_2018_action_has_its_year_end_update(seeded):
    updates = ProgressUpdate.objects.filter(action__plan__slug="business-plan-2018-19")
    assert updates.count() == 28
    assert set(updates.values_list("round__name", flat=True)) == {"2018–19 year end"}
    assert set(updates.values_list("state", flat=True)) == {"published"}


def test_themes_and_their_leads(seeded):
    themes = Theme.objects.filter(plan__slug="csp-plan-2024-2028").order_by("number")
    assert themes.count() == 8
    by_number = {theme.number: theme for theme in themes}
    assert by_number[1].title == "Violence and exploitation"
    assert lead_names(by_number[1]) == ["Bedfordshire Police", "Luton Council"]
    assert lead_names(by_number[3]) == ["Luton Council Public Health"]
    assert lead_names(by_number[7]) == ["Luton Council Citizen Engagement", "Bedfordshire Police"]
    assert lead_names(by_number[8]) == ["Probation Service"]
    headings = Theme.objects.filter(plan__slug="business-plan-2018-19").order_by("number")
    assert [theme.title for theme in headings] == [
        "Reducing violence and exploitation",
        "Keeping Luton safe and tidy",
        "Over-arching priority actions",
    ]


def test_teams_belong_to_their_organisation(seeded):
    public_health = Partner.objects.get(slug="luton-council-public-health")
    assert public_health.parent.name == "Luton Council"
    assert set(Partner.objects.executive().values_list("name", flat=True)) == {
        "Luton Council",
        "Bedfordshire Police",
        "Bedfordshire Police and Crime Commissioner",
        "Bedfordshire Fire and Rescue",
        "Luton Integrated Care Board",
        "Probation Service",
    }


def action(number):
    return Action.objects.get(plan__slug="business-plan-2018-19", number=number)


def test_chosen_actions_keep_their_leads_and_gaps(seeded):
    assert lead_names(action(1)) == ["Community Safety Partnership"]
    assert action(1).contact_name == "Kate Delaney"
    assert [d.title for d in action(1).documents.all()] == ["Adult Exploitation Strategy.pdf"]
    assert action(3).lead_role == "Community Safety Partnership Manager"
    assert lead_names(action(3)) == []
    assert lead_names(action(13)) == ["Communications"]
    assert action(13).lead_role == "Community Safety Partnership Officer"
    assert lead_names(action(29)) == [] and action(29).lead_role == ""
    assert lead_names(action(30)) == [] and action(30).lead_role == ""
    assert action(21).text.endswith("including:")


def test_cells_split_across_pages_are_joined(seeded):
    assert action(13).text.endswith("in relation to this priority area.")
    narrative = action(13).updates.get().narrative
    assert "- The Town Centre Public Spaces Protection order\n" in narrative
    assert action(30).text.startswith("Performance – undertake an entire review")


def test_statuses_are_only_those_the_source_states(seeded):
    assert action(3).status == Status.COMPLETE
    assert action(25).status == Status.COMPLETE
    assert action(10).status == Status.CARRIED_FORWARD
    assert action(6).status == Status.NOT_RECORDED  # "Pending." is not a status
    assert (
        Action.objects.exclude(number__in=[3, 10, 25]).filter(status=Status.NOT_RECORDED).count()
        == 25
    )
    assert action(3).public_status == Status.COMPLETE


def test_the_seven_priorities_are_not_invented(seeded):
    assert not Priority.objects.exists()


def test_resident_statements_are_paired_by_meaning(seeded):
    statements = {
        s.text: [c.text for c in s.commitments.order_by("position")]
        for s in ResidentStatement.objects.filter(plan__slug="csp-plan-2024-2028")
    }
    assert len(statements) == 8
    assert statements["We want everyone to be included at schools"][0] == (
        "Diverting young people away from gangs and ‘county lines’."
    )
    assert statements["We want to feel safe in Luton"][0] == (
        "Reducing the number of people suffering serious injuries."
    )
    assert any("hate crime" in c for c in statements["We want to be respected and included"])
    assert any("VCFSE" in c for c in statements["We want to be part of a strong community"])
    assert any(
        "optimum possible resources" in c
        for c in statements["We want the police to be there when we need them"]
    )
    assert len(statements["We want to enjoy our Town Centre"]) == 2
    assert sum(len(c) for c in statements.values()) == 21


def test_loading_twice_changes_nothing(seeded):
    rows = history_rows()
    counts = (Action.objects.count(), ProgressUpdate.objects.count(), Partner.objects.count())
    assert load() == "Nothing to do: the database already matches the seed plans.\n"
    assert history_rows() == rows
    assert (
        Action.objects.count(),
        ProgressUpdate.objects.count(),
        Partner.objects.count(),
    ) == counts


def test_a_changed_file_updates_only_what_differs(seeded, tmp_path):
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    data["plans"][1]["actions"][0]["text"] = "Deliver the revised strategy."
    changed = tmp_path / "seed.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    assert load(file=changed) == "Seed plans loaded: changed 1 Action.\n"
    assert action(1).text == "Deliver the revised strategy."
    assert action(1).history.first().history_change_reason == "Loaded from the seed plans"


def test_the_private_contact_stays_off_the_public_action_page(seeded, client):
    page = client.get(action(1).get_absolute_url())
    assert page.status_code == 200
    assert "Kate Delaney" not in page.content.decode()
    assert "Community Safety Partnership" in page.content.decode()
