import logging
import re

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from actions.models import Status
from reports.models import RoundCommentary
from reports.pdf import pdf_document
from tests.reports.board import board_plan_build, pdf_pages
from tests.signing_in import verified_login
from themes.models import Partnership

pytestmark = pytest.mark.django_db

A4_LANDSCAPE = (297 * 96 / 25.4, 210 * 96 / 25.4)  # in CSS pixels


def print_html(response):
    """The print template rendered again with the context the PDF view gave it."""
    assertTemplateUsed(response, "reports/performance_print.html")
    return render_to_string("reports/performance_print.html", response.context[0].flatten())


def test_the_pdf_is_one_a4_landscape_page_with_the_commentary(client, scenario, executive):
    RoundCommentary.objects.create(round=scenario.q2, text="Good progress on refuges.")
    verified_login(client, executive)
    response = client.get(reverse("reports:performance_pdf", args=[scenario.plan.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="performance-{scenario.plan.slug}-q2.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    html = print_html(response)
    assert "Good progress on refuges." in html
    document = pdf_document(html, base_url="http://testserver/")
    assert len(document.pages) == 1
    page = document.pages[0]
    assert (round(page.width), round(page.height)) == tuple(map(round, A4_LANDSCAPE))


def test_the_print_template_has_the_content_no_forms_or_links_and_coloured_charts(
    client, scenario, executive
):
    verified_login(client, executive)
    html = print_html(client.get(reverse("reports:performance_pdf", args=[scenario.plan.slug])))
    assert "<form" not in html
    assert "<a " not in html
    assert "Exceptions: off track, at risk, overdue or no update" in html
    assert "Completed this round" in html
    # WeasyPrint ignores the stylesheet inside SVG, so the PDF colours bars as attributes.
    assert 'fill="#0f7a52"' in html  # on track
    assert 'fill="#fd0" stroke="#0b0c0c"' in html  # at risk, outlined
    page = client.get(reverse("reports:performance_page", args=[scenario.plan.slug]))
    assert 'fill="#' not in page.content.decode()  # the screen uses CSS classes


def test_the_print_names_the_partnership(client, scenario, executive):
    Partnership.objects.create(name="Anytown Community Safety Partnership", short_name="Anytown")
    verified_login(client, executive)
    html = print_html(client.get(reverse("reports:performance_pdf", args=[scenario.plan.slug])))
    assert f"Anytown Community Safety Partnership · {scenario.plan.title}" in html


def test_a_theme_pdf_names_the_theme_and_fits_one_page(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(
        reverse("reports:theme_performance_pdf", args=[scenario.plan.slug, 2])
        + f"?round={scenario.q1.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-theme-2-q1.pdf"')
    document = pdf_document(print_html(response), base_url="http://testserver/")
    assert len(document.pages) == 1


def test_a_busy_plan_still_fits_one_page(
    client, scenario, executive, make_theme, make_action, make_partner
):
    for _ in range(5):
        theme = make_theme(leads=[make_partner()])
        for _ in range(6):
            make_action(
                theme=theme,
                leads=[make_partner(), make_partner()],
                status="off_track",
                text="Work with every partner to reduce harm in the town centre and in "
                "each neighbourhood, reporting each quarter to the Executive. " * 3,
            )
    verified_login(client, executive)
    response = client.get(reverse("reports:performance_pdf", args=[scenario.plan.slug]))
    document = pdf_document(print_html(response), base_url="http://testserver/")
    assert len(document.pages) == 1


def test_the_fullest_board_pack_is_one_a4_landscape_page_listing_every_off_track_action(
    client, plan, executive, officer
):
    open_round = board_plan_build(plan, officer)
    verified_login(client, executive)
    response = client.get(reverse("reports:performance_pdf", args=[plan.slug]))
    assert response.status_code == 200
    assert pdf_pages(response.content) == (1, (842, 595))
    context = response.context[0]
    assert len(context["commentary"].text) == RoundCommentary.MAX_LENGTH
    assert len(context["theme_rows"]) == 8
    listed = {row.number for row in context["exception_rows"]}
    critical = plan.actions.filter(status__in=[Status.OFF_TRACK, Status.AT_RISK])
    assert critical.count() == 50
    assert set(critical.values_list("number", flat=True)) - listed == set()
    assert context["exception_count"] > 40
    html = print_html(response)
    assert open_round.name in html


def test_the_pdf_is_styled_with_the_hashed_static_files_of_production(
    client, scenario, executive, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    verified_login(client, executive)
    response = client.get(reverse("reports:performance_pdf", args=[scenario.plan.slug]))
    stylesheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', print_html(response))
    assert len(stylesheets) == 1
    name = stylesheets[0]
    # The hashed name, read through the storage, is a file only STATIC_ROOT holds.
    assert name != "css/print.css" and storages["staticfiles"].exists(name)
    # The stylesheet's @page rule is what makes the sheet landscape.
    assert pdf_pages(response.content) == (1, (842, 595))


def test_the_pdf_writes_no_warnings_to_the_log(client, scenario, executive, caplog):
    RoundCommentary.objects.create(round=scenario.q2, text="Good progress on refuges.")
    verified_login(client, executive)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(reverse("reports:performance_pdf", args=[scenario.plan.slug]))
    assert response.status_code == 200
    assert [record.getMessage() for record in caplog.records if record.name == "weasyprint"] == []
