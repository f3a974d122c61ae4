"""Spot what may identify a person in text about to be published.

Community-safety updates can name victims, suspects or addresses. Before an officer
publishes a public summary, these checks flag what looks identifying so that a person
decides; they cannot prove text is safe, only point at what to read again.
"""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from actions.models import Action

POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Gardens|Place|Court|"
    "Terrace|Grove|Hill|Walk|Square|Row|Mews|Parade|Rise|View"
)
HOUSE_NUMBER_STREET = re.compile(
    rf"\b\d+[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{STREET_WORDS})\b"
)
PEOPLE_WORDS = (
    "people|persons?|victims?|suspects?|offenders?|perpetrators?|residents?|children|child|"
    "young people|individuals?|women|woman|men|man|girls?|boys?|families|family|households?|"
    "cases?|referrals?|deaths?|arrests?"
)
SMALL_COUNT = re.compile(
    rf"\b(?:[1-4]|one|two|three|four)\s+(?:\w+\s+)?(?:{PEOPLE_WORDS})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str


def known_names():
    """Personal names the portal knows: account holders' full names and named contacts
    (two queries)."""
    users = get_user_model().objects.exclude(first_name="").exclude(last_name="")
    names = {f"{first} {last}" for first, last in users.values_list("first_name", "last_name")}
    names |= set(Action.objects.exclude(contact_name="").values_list("contact_name", flat=True))
    return {name.strip() for name in names if len(name.strip()) > 3}


def identifying_flags(text, names=None):
    """What in `text` may identify someone, each with the words that matched."""
    names = known_names() if names is None else names
    flags = []
    lowered = text.casefold()
    for name in sorted(names):
        if name.casefold() in lowered:
            flags.append(Flag(str(_("a personal name known to the portal")), name))
    checks = [
        (POSTCODE, _("a postcode")),
        (HOUSE_NUMBER_STREET, _("a house number with a street name")),
        (SMALL_COUNT, _("a count under 5, which can identify people")),
    ]
    for pattern, kind in checks:
        for match in pattern.finditer(text):
            flags.append(Flag(str(kind), match.group(0)))
    return flags
