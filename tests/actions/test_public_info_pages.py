"""The pages UK public bodies publish, what the statuses mean, Overdue, archived plans."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from actions.models import Status
from tests.signing_in import verified_login
from themes.models import Plan, PublicPage

pytestmark = pytest.mark.django_db

INFO_PAGES = ["accessibility", "privacy", "cookies", "contact"]


@pytest.mark.parametrize("name", INFO_PAGES + ["status_list"])
def test_every_information_page_is_linked_from_the_footer(client, name):
    home = client.get(reverse("public:home")).content.decode()
    footer = home[home.index('<footer class="govuk-footer">') :]
    assert f'href="{reverse(f"public:{name}")}"' in footer
    response = client.get(reverse(f"public:{name}"))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


def test_the_footer_names_the_open_government_licence(client):
    assertContains(client.get(reverse("public:home")), "Open Government Licence v3.0")


def test_the_accessibility_statement_follows_the_model_statement(client):
    response = client.get(reverse("public:accessibility"))
    for heading in [
        "How accessible this website is",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ]:
        assertContains(response, f'<h2 class="govuk-heading-m">{heading}</h2>', html=True)
    assertContains(response, "This website was last tested on")


def test_the_cookies_page_lists_every_cookie_by_its_name(client, settings):
    response = client.get(reverse("public:cookies"))
    for name in [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"]:
        assertContains(response, f"<code>{name}</code>")
    assertContains(response, "<code>fresh_data_until</code>")


def test_the_privacy_notice_says_what_is_held_about_partners_staff(client):
    response = client.get(reverse("public:privacy"))
    assertContains(response, "Partners’ and officers’ staff".replace("’", "&#x27;"))
    assertContains(response, "failed sign-ins")


def test_an_officers_text_replaces_the_default_and_is_escaped(client, officer):
    verified_login(client, officer)
    url = reverse("actions:publicpage_edit", args=["contact"])
    assertContains(client.get(url), "To ask about the partnership")
    body = "## Opening hours\n\nMonday to Friday <script>alert(1)</script>\n\n- By email"
    assertRedirects(client.post(url, {"body": body}), reverse("actions:partnership_edit"))
    page = PublicPage.objects.get(kind="contact")
    assert page.history.first().history_user == officer
    client.logout()
    response = client.get(reverse("public:contact"))
    assertContains(response, '<h2 class="govuk-heading-m">Opening hours</h2>', html=True)
    assertContains(response, "Monday to Friday &lt;script&gt;alert(1)&lt;/script&gt;")
    assertContains(response, "<li>By email</li>", html=True)
    assertNotContains(response, "To ask about the partnership")


def test_partner_leads_may_not_change_an_information_page(client, partner_lead):
    verified_login(client, partner_lead)
    url = reverse("actions:publicpage_edit", args=["privacy"])
    assert client.post(url, {"body": "Nothing."}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_to_change_a_page(client):
    response = client.post(reverse("actions:publicpage_edit", args=["privacy"]), {"body": "x"})
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_page_is_not_found(client, officer):
    verified_login(client, officer)
    assert client.get(reverse("actions:publicpage_edit", args=["nothing"])).status_code == 404


def test_the_status_page_explains_every_status_and_overdue(client):
    response = client.get(reverse("public:status_list"))
    for status in Status:
        assertContains(response, f'id="{status.value}"')
    assertContains(response, "Carried forward")
    assertContains(response, "continues in the next plan")
    assertContains(response, 'id="overdue"')


def test_an_action_past_its_due_date_shows_overdue(client, plan, make_action):
    past = datetime.date.today() - datetime.timedelta(days=1)
    late = make_action(1, due_on=past, public_status=Status.ON_TRACK)
    done = make_action(2, due_on=past, public_status=Status.COMPLETE)
    make_action(3, due_on=datetime.date.today(), public_status=Status.ON_TRACK)
    assert late.is_public_overdue and not done.is_public_overdue
    assert list(plan.actions.public_overdue()) == [late]
    response = client.get(reverse("public:action_list", args=[plan.slug]))
    assertContains(response, "csp-status--overdue", count=1)
    detail = client.get(late.get_absolute_url())
    assertContains(detail, ">Overdue</strong>")
    assertContains(detail, "Last reported: On track")


def test_an_archived_plans_actions_are_never_overdue(make_plan, make_theme, make_action):
    archived = make_plan(state=Plan.State.ARCHIVED)
    theme = make_theme(plan=archived)
    action = make_action(1, theme=theme, due_on=datetime.date(2019, 3, 31))
    assert not action.is_public_overdue


def test_every_page_of_an_archived_plan_says_so(client, make_plan, make_theme, make_action):
    archived = make_plan(state=Plan.State.ARCHIVED)
    action = make_action(1, theme=make_theme(plan=archived))
    for url in [
        archived.get_absolute_url(),
        reverse("public:statement_list", args=[archived.slug]),
        action.theme.get_absolute_url(),
        reverse("public:action_list", args=[archived.slug]),
        action.get_absolute_url(),
    ]:
        assertContains(client.get(url), "is kept as an archive", msg_prefix=url)


def test_the_current_plan_says_nothing_of_archives(client, plan, make_action):
    action = make_action(1)
    assertNotContains(client.get(action.get_absolute_url()), "is kept as an archive")


def test_an_actions_heading_says_what_it_is(client, plan, make_action):
    text = "Reduce knife crime in the town centre with patrols, outreach and safe spaces for all"
    action = make_action(7, text=text)
    response = client.get(action.get_absolute_url())
    # Its first twelve words
    heading = "Action 7: Reduce knife crime in the town centre with patrols, outreach and safe…"
    assertContains(response, f'<h1 class="govuk-heading-l">{heading}</h1>', html=True)
    assertContains(response, f"<title>{heading} – ")


def test_a_current_plan_without_actions_says_they_are_being_added(client, plan, make_theme):
    make_theme()
    for url in [plan.get_absolute_url(), reverse("public:home")]:
        response = client.get(url)
        assertContains(response, "This plan’s actions are being added.")
        assertContains(response, "Theme 1")
