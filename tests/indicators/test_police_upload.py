"""Importing data.police.uk street-level files from the web page, with the same preview."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from indicators.models import IndicatorValue
from tests.indicators.test_import_police_crimes import BEDFORD, HEADER, HIGH_TOWN, crime
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def asb(make_indicator):
    return make_indicator(
        "Less antisocial behaviour",
        police_crime_types="Anti-social behaviour",
        police_by_lsoa=True,
        police_lsoa_prefix="Luton",
    )


def street_file(rows, name="2025-01-bedfordshire-street.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), "text/csv")


def url(step=""):
    return reverse(f"indicators:police_upload{'_' + step if step else ''}")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assertRedirects(client.get(url()), f"{reverse('login')}?next={url()}")


def test_partner_leads_may_not_import(client, partner_lead, asb):
    verified_login(client, partner_lead)
    assert client.get(url()).status_code == 403
    assert client.post(url("confirm")).status_code == 403


def test_officers_see_the_figures_then_save_them(client, officer, asb, media):
    verified_login(client, officer)
    rows = [
        crime("2025-01", "Anti-social behaviour"),
        crime("2025-01", "Anti-social behaviour", HIGH_TOWN),
    ]
    response = client.post(url(), {"files": [street_file(rows)]})
    assertRedirects(response, url("check"))
    response = client.get(url("check"))
    assertContains(response, "Check the police figures before saving them")
    assertContains(response, "January 2025")
    assert not IndicatorValue.objects.exists()

    response = client.post(url("confirm"))
    assertRedirects(response, reverse("indicators:indicator_list"))
    totals = IndicatorValue.objects.filter(indicator=asb, breakdown="")
    assert [(v.period_start, v.figure) for v in totals] == [(datetime.date(2025, 1, 1), 2)]
    assert IndicatorValue.objects.filter(indicator=asb).exclude(breakdown="").count() == 2
    assert not list((media / "police-uploads").iterdir())


def test_a_file_that_is_not_a_street_level_file_is_explained_and_nothing_saved(
    client, officer, asb
):
    verified_login(client, officer)
    bad = SimpleUploadedFile("figures.csv", b"period,value\n2025-01,3\n", "text/csv")
    client.post(url(), {"files": [bad]})
    response = client.get(url("check"))
    assertContains(response, "figures.csv is not a data.police.uk street-level file")
    assertContains(response, "Nothing can be imported")
    client.post(url("confirm"))
    assert not IndicatorValue.objects.exists()


def test_each_indicator_counts_in_its_own_remembered_area(client, officer, asb, make_indicator):
    """No option is chosen per upload: the indicator's area and per-LSOA choice apply, and
    both pages show them."""
    everywhere = make_indicator("Violence", police_crime_types="Violence and sexual offences")
    verified_login(client, officer)
    response = client.get(url())
    assertContains(response, "LSOAs named after “Luton”")
    assertContains(response, "Every LSOA in the files")
    rows = [
        crime("2025-01", "Anti-social behaviour"),
        crime("2025-01", "Anti-social behaviour", BEDFORD),
        crime("2025-01", "Violence and sexual offences", BEDFORD),
    ]
    client.post(url(), {"files": [street_file(rows)]})
    assertContains(client.get(url("check")), "LSOAs named after “Luton”")
    client.post(url("confirm"))
    assert {(v.breakdown, v.figure) for v in asb.values.all()} == {("", 1), ("Luton 013C", 1)}
    assert [(v.breakdown, v.figure) for v in everywhere.values.all()] == [("", 1)]
