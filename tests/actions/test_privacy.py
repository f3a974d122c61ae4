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


def test_house_numbers_with_street_names_typed_in_lower_case_are_flagged():
    assert kinds("We visited 14 park street and 2 high st after dark.") == [
        ("a house number with a street name", "14 park street"),
        ("a house number with a street name", "2 high st"),
    ]


def test_lower_case_sentences_that_only_look_like_addresses_are_not_flagged():
    assert kinds("In 2025 the events took place in the town centre.") == []


def test_names_after_a_title_are_flagged():
    assert kinds("Mrs Jane Doe reported it; Mr Khan and Dr. Okafor helped.") == [
        ("a title with a name", "Mrs Jane Doe"),
        ("a title with a name", "Mr Khan"),
        ("a title with a name", "Dr. Okafor"),
    ]


def test_bullets_pasted_from_word_are_read_as_bullets():
    text = "Visits made:\n•\t14 park street\n* Ms Patel\n– Miss Green"
    assert kinds(text) == [
        ("a house number with a street name", "14 park street"),
        ("a title with a name", "Ms Patel"),
        ("a title with a name", "Miss Green"),
    ]


def test_a_flag_does_not_run_from_one_line_into_the_next():
    assert kinds("Meetings held: 12\nMarket Square Traders attended.") == []
