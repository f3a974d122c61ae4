import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from themes.models import Commitment, ResidentStatement

pytestmark = pytest.mark.django_db


def test_the_public_theme_page_shows_its_public_indicators_only(
    client, plan, make_theme, make_indicator, add_figures
):
    theme = make_theme(1)
    public = make_indicator("ASB incidents in the Town Centre", themes=[theme])
    add_figures(public, {"2025-01": 40, "2025-02": 31})
    make_indicator("Internal caseload count", themes=[theme], is_public=False)
    response = client.get(reverse("public:theme_detail", args=[plan.slug, 1]))
    assertContains(response, "How we measure progress")
    assertContains(response, "ASB incidents in the Town Centre")
    assertContains(response, "Better")
    assertNotContains(response, "Internal caseload count")


def test_commitments_show_the_indicators_that_evidence_them(client, plan, make_indicator):
    statement = ResidentStatement.objects.create(plan=plan, position=1, text="We want to feel safe")
    commitment = Commitment.objects.create(
        statement=statement, position=1, text="Reducing serious injuries."
    )
    make_indicator("People seriously injured", commitments=[commitment])
    make_indicator("Private injury audit", commitments=[commitment], is_public=False)
    response = client.get(reverse("public:statement_list", args=[plan.slug]))
    assertContains(response, "People seriously injured")
    assertNotContains(response, "Private injury audit")
