import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from indicators.models import IndicatorValue
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload_url(indicator, step=""):
    name = f"indicators:value_upload{'_' + step if step else ''}"
    return reverse(name, args=[indicator.slug])


def csv_file(text, name="figures.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload(client, indicator, text, name="figures.csv"):
    return client.post(upload_url(indicator), {"file": csv_file(text, name)})


def stored_files(media):
    folder = media / "indicator-uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_anonymous_users_cannot_upload(client, make_indicator, media):
    response = upload(client, make_indicator(), "period,value\n2025-01,3\n")
    assert response.url.startswith(reverse("login"))
    assert stored_files(media) == []


def test_users_who_may_not_enter_figures_cannot_upload_or_confirm(
    client, partner_lead, make_indicator
):
    indicator = make_indicator()
    verified_login(client, partner_lead)
    assert upload(client, indicator, "period,value\n2025-01,3\n").status_code == 403
    assert client.post(upload_url(indicator, "confirm")).status_code == 403


def test_a_good_file_is_shown_then_saved_on_confirmation(
    client, officer, make_indicator, add_figures, media
):
    indicator = make_indicator(unit="incidents")
    add_figures(indicator, {"2025-01": 10, "2025-02": 20})
    verified_login(client, officer)
    response = upload(
        client,
        indicator,
        'Period,Value,Breakdown\n2025-01,10,\n2025-02,25,\n2025-03,"1,030",\n'
        "2025-03,400,Luton 001A\n",
    )
    assertRedirects(response, upload_url(indicator, "check"))
    assert len(stored_files(media)) == 1
    assert not IndicatorValue.objects.filter(period_start__month=3).exists()

    check = client.get(upload_url(indicator, "check"))
    assertContains(check, "2 new, 1 corrected, 1 unchanged.")
    assertContains(check, "Changes 20 to 25")
    assertContains(check, "Luton 001A")

    response = client.post(upload_url(indicator, "confirm"))
    assertRedirects(response, indicator.get_absolute_url(), fetch_redirect_response=False)
    figures = {(v.period_start.month, v.breakdown): v.figure for v in IndicatorValue.objects.all()}
    assert figures == {(1, ""): 10, (2, ""): 25, (3, ""): 1030, (3, "Luton 001A"): 400}
    corrected = IndicatorValue.objects.get(period_start=datetime.date(2025, 2, 1), breakdown="")
    assert corrected.history.first().history_user == officer
    assert corrected.history.first().history_change_reason == "Uploaded from figures.csv"
    assert stored_files(media) == []
    assertContains(
        client.get(response.url), "Uploaded figures.csv: 2 new figures, 1 corrected, 1 unchanged."
    )


def test_a_bad_file_names_each_row_and_column_and_saves_nothing(
    client, officer, make_indicator, media
):
    indicator = make_indicator(frequency="quarterly")
    verified_login(client, officer)
    upload(
        client,
        indicator,
        "period,value,breakdown\n2025-Q1,12,\n2025-02,8,\n2025-Q3,twelve,\n\n2025-Q1,13,\n",
    )
    response = client.get(upload_url(indicator, "check"))
    assertContains(response, "There are 3 problems: nothing has been saved")
    assertContains(response, "Row 3, column “period”: “2025-02” is not the start of a period")
    assertContains(response, "Row 4, column “value”: “twelve” is not a number.")
    assertContains(response, "Row 6: row 2 already gives a figure for Jan–Mar 2025.")
    assertContains(response, "twelve")  # what the file says is shown back
    assertNotContains(response, "Save these figures")

    response = client.post(upload_url(indicator, "confirm"))
    assertRedirects(response, upload_url(indicator, "check"))
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date,figure\n2025-01,3\n", "it has no column period, value"),
        ("period,value,ward\n2025-01,3,A\n", "the portal does not read the column “ward”"),
        ("\n\n", "The file is empty."),
        ("period,value\n", "The file has column names but no figures."),
        ("period,value\n2025-01,3,extra\n", "Row 2: it has 3 cells but the first row names 2"),
        ("period,value\n2025-01,3.125\n", "Row 2, column “value”: “3.125” has more than two"),
    ],
)
def test_malformed_files_are_explained(client, officer, make_indicator, content, message):
    indicator = make_indicator()
    verified_login(client, officer)
    upload(client, indicator, content)
    assertContains(client.get(upload_url(indicator, "check")), message)


def test_a_file_that_is_not_csv_or_xlsx_is_refused_on_the_form(
    client, officer, make_indicator, media
):
    indicator = make_indicator()
    verified_login(client, officer)
    response = upload(client, indicator, "period,value\n", name="figures.pdf")
    assertContains(response, "The file must be a CSV file or an Excel workbook")
    assert stored_files(media) == []


def workbook_file(rows, name="figures.xlsx"):
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_an_excel_workbook_of_figures_is_read(client, officer, make_indicator):
    indicator = make_indicator(unit="incidents")
    verified_login(client, officer)
    rows = [["period", "value", "breakdown"], [datetime.date(2025, 1, 1), 3, "High Town"]]
    rows.append(["2025-02", 4.0, None])
    client.post(upload_url(indicator), {"file": workbook_file(rows)})
    response = client.get(upload_url(indicator, "check"))
    assert response.context["check"].errors == []
    client.post(upload_url(indicator, "confirm"))
    figures = IndicatorValue.objects.filter(indicator=indicator).order_by("period_start")
    assert [(v.period_start.month, v.breakdown, v.figure) for v in figures] == [
        (1, "High Town", 3),
        (2, "", 4),
    ]


def test_a_unicode_text_file_from_excel_is_read(client, officer, make_indicator):
    indicator = make_indicator()
    verified_login(client, officer)
    content = "period\tvalue\n".replace("\t", ",") + "2025-01,3\n"
    data = content.encode("utf-16")
    assert data.startswith(b"\xff\xfe")
    client.post(upload_url(indicator), {"file": SimpleUploadedFile("f.csv", data)})
    response = client.get(upload_url(indicator, "check"))
    assert response.context["check"].errors == []
    assertNotContains(response, "ÿþ")


def test_a_future_period_and_a_negative_count_are_refused_row_by_row(
    client, officer, make_indicator
):
    indicator = make_indicator(unit="incidents")
    verified_login(client, officer)
    future = datetime.date.today().replace(day=1) + datetime.timedelta(days=400)
    upload(client, indicator, f"period,value\n{future:%Y-%m},3\n2025-01,-2\n")
    response = client.get(upload_url(indicator, "check"))
    messages = [str(error) for error in response.context["check"].errors]
    assert any("has not begun yet" in m for m in messages), messages
    assert any("-2 is below zero: this indicator counts incidents" in m for m in messages)
    client.post(upload_url(indicator, "confirm"))
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_a_spreadsheet_saved_in_windows_encoding_is_read(client, officer, make_indicator):
    indicator = make_indicator()
    verified_login(client, officer)
    content = "period,value,breakdown\n2025-01,3,Café ward\n".encode("cp1252")
    client.post(upload_url(indicator), {"file": SimpleUploadedFile("f.csv", content)})
    client.post(upload_url(indicator, "confirm"))
    assert IndicatorValue.objects.get().breakdown == "Café ward"


def test_discarding_the_file_deletes_it_and_saves_nothing(client, officer, make_indicator, media):
    indicator = make_indicator()
    verified_login(client, officer)
    upload(client, indicator, "period,value\n2025-01,3\n")
    response = client.post(upload_url(indicator, "cancel"))
    assertRedirects(
        response,
        reverse("indicators:value_list", args=[indicator.slug]),
        fetch_redirect_response=False,
    )
    assert stored_files(media) == []
    assert not IndicatorValue.objects.exists()
    assertRedirects(client.get(upload_url(indicator, "check")), upload_url(indicator))


def test_a_new_upload_replaces_the_one_waiting(client, officer, make_indicator, media):
    indicator = make_indicator()
    verified_login(client, officer)
    upload(client, indicator, "period,value\n2025-01,3\n")
    upload(client, indicator, "period,value\n2025-02,4\n")
    assert len(stored_files(media)) == 1
    client.post(upload_url(indicator, "confirm"))
    assert IndicatorValue.objects.get().period_start == datetime.date(2025, 2, 1)


def test_the_confirmation_only_accepts_post(client, officer, make_indicator):
    indicator = make_indicator()
    verified_login(client, officer)
    assert client.get(upload_url(indicator, "confirm")).status_code == 405
