import pytest

from portal.templatetags.portal import narrative

pytestmark = pytest.mark.django_db


def test_a_dash_and_a_space_start_a_bullet():
    assert narrative("Done:\n- one\n- two") == (
        '<p class="govuk-body">Done:</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>'
    )


@pytest.mark.parametrize("mark", ["•", "*", "–", "·"])
def test_bullet_marks_pasted_from_word_start_a_bullet(mark):
    assert narrative(f"Done:\n{mark}\tone\n{mark} two") == (
        '<p class="govuk-body">Done:</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>'
    )


def test_a_dash_inside_a_line_is_no_bullet():
    assert narrative("2024 – 2025") == '<p class="govuk-body">2024 – 2025</p>'
