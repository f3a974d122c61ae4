import pytest

from actions.privacy import identifying_flags, known_names

pytestmark = pytest.mark.django_db


def kinds(text, names=()):
    return [(flag.kind, flag.text) for flag in identifying_flags(text, set(names))]


def test_postcodes_are_flagged():
    assert kinds("Patrols near LU1 2AB and lu4 9xx.") == [
        ("a postcode", "LU1 2AB"),
        ("a postcode", "lu4 9xx"),
    ]


def test_house_numbers_with_street_names_are_flagged():
    assert kinds("A visit to 14 Park Street and 3a Old Bedford Road.") == [
        ("a house number with a street name", "14 Park Street"),
        ("a house number with a street name", "3a Old Bedford Road"),
    ]


def test_small_counts_of_people_are_flagged_but_large_ones_are_not():
    flagged = kinds("Two young people and 3 victims were supported; 120 residents attended.")
    assert [text for _kind, text in flagged] == ["Two young people", "3 victims"]


def test_known_names_are_flagged(make_user, make_action):
    make_user(first_name="Priya", last_name="Sharma")
    make_action(contact_name="Kate Delaney")
    assert known_names() >= {"Priya Sharma", "Kate Delaney"}
    assert kinds("Thanks to kate delaney.", known_names()) == [
        ("a personal name known to the portal", "Kate Delaney")
    ]


def test_ordinary_text_is_not_flagged():
    assert kinds("Operation Meteor continues in South and Central areas.") == []
