"""The Django admin keeps the portal's rules: stale forms and identifying words."""

import pytest
from django import forms
from django.urls import reverse
from pytest_django.asserts import assertContains

from actions.models import ProgressUpdate

pytestmark = pytest.mark.django_db


def _add(data, form):
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if isinstance(field.widget, forms.SplitDateTimeWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is not None and value is not False:
            data[bound.html_name] = str(value)


def opened(client, url):
    """What the admin change page's forms hold when a person opens it."""
    response = client.get(url)
    data = {}
    _add(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        _add(data, inline.formset.management_form)
        for form in inline.formset.forms:
            _add(data, form)
    return data


@pytest.fixture
def update(police_action, open_round, make_update):
    return make_update(police_action, round=open_round, narrative="First words.")


def update_url(update):
    return reverse("admin:actions_progressupdate_change", args=[update.pk])


def test_a_stale_admin_form_does_not_overwrite_a_partners_newer_text(
    admin_client, update, police_lead
):
    data = opened(admin_client, update_url(update))
    update.narrative = "The partner's newer words."
    update._history_user = police_lead
    update.save()

    response = admin_client.post(update_url(update), data | {"narrative": "Admin words."})

    assert response.status_code == 200
    assertContains(response, "Sam Inspector saved a newer version")
    assertContains(response, "Admin words.")
    update.refresh_from_db()
    assert update.narrative == "The partner's newer words."

    # Saving again from the refused form replaces the newer version deliberately.
    again = {**response.context["adminform"].form.data.dict()}
    admin_client.post(update_url(update), again)
    update.refresh_from_db()
    assert update.narrative == "Admin words."


def test_a_stale_admin_form_of_an_action_is_refused_too(admin_client, police_action):
    url = reverse("admin:actions_action_change", args=[police_action.pk])
    data = opened(admin_client, url)
    police_action.text = "Newer wording."
    police_action.save()

    response = admin_client.post(url, data | {"text": "Admin wording."})

    assert response.status_code == 200
    assertContains(response, "saved a newer version")
    police_action.refresh_from_db()
    assert police_action.text == "Newer wording."


def test_an_unchanged_admin_form_saves(admin_client, police_action):
    url = reverse("admin:actions_action_change", args=[police_action.pk])
    data = opened(admin_client, url) | {"text": "Admin wording."}
    assert admin_client.post(url, data).status_code == 302
    police_action.refresh_from_db()
    assert police_action.text == "Admin wording."


def test_the_admin_refuses_to_publish_flagged_text(admin_client, update, police_action):
    data = opened(admin_client, update_url(update)) | {
        "state": "published",
        "public_summary": "Patrols at 14 park street.",
    }
    response = admin_client.post(update_url(update), data)

    assert response.status_code == 200
    assertContains(response, "14 park street")
    assertContains(response, "publish it from the portal&#x27;s review page")
    assertContains(response, reverse("actions:review_list"))
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.DRAFT
    assert "14 park" not in admin_client.get(police_action.get_absolute_url()).content.decode()


def test_the_admin_publishes_unflagged_text_and_the_public_status_follows(
    admin_client, update, police_action
):
    data = opened(admin_client, update_url(update)) | {
        "state": "published",
        "public_summary": "Patrols continued.",
    }
    assert admin_client.post(update_url(update), data).status_code == 302
    update.refresh_from_db()
    police_action.refresh_from_db()
    assert update.state == ProgressUpdate.State.PUBLISHED
    assert police_action.public_status == update.status


# simple_history's own revert template reads a variable it never sets.
@pytest.mark.ignore_template_errors
def test_reverting_in_the_admin_to_a_flagged_published_version_is_refused(
    admin_client, update, police_action
):
    update.state = ProgressUpdate.State.PUBLISHED
    update.public_summary = "Patrols at LU1 2AB."
    update.save()
    flagged = update.history.first()
    update.public_summary = "Patrols continued."
    update.save()
    url = reverse(
        "admin:actions_progressupdate_simple_history", args=[update.pk, flagged.history_id]
    )
    data = opened(admin_client, url)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assertContains(response, "LU1 2AB")
    assertContains(response, "publish it from the portal&#x27;s review page")
    update.refresh_from_db()
    assert update.public_summary == "Patrols continued."
