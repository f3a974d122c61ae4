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
from portal.text import bullet_item

POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Gardens|Place|Court|"
    "Terrace|Grove|Hill|Walk|Square|Row|Mews|Parade|Rise|View"
)
HOUSE_NUMBER_STREET = re.compile(
    rf"\b\d+[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{STREET_WORDS})\b"
)
# Typed in lower case ("14 park street"), only unmistakable street words count: "2 events
# took place" is no address.
LOWER_CASE_STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|crescent|gardens|terrace|grove|mews|parade"
)
LOWER_CASE_HOUSE_NUMBER_STREET = re.compile(
    rf"\b\d+[A-Za-z]?,?[ \t]+(?:[A-Za-z][\w'’-]*[ \t]+){{1,2}}(?i:{LOWER_CASE_STREET_WORDS})\b"
)
TITLE_AND_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?"
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


def _lines(text):
    """The lines of `text` as residents read them: bullet marks pasted from Word are bullets,
    not words, so no match runs from one bullet into the next."""
    for line in text.replace("\r\n", "\n").split("\n"):
        item = bullet_item(line)
        yield line if item is None else item


def identifying_flags(text, names=None):
    """What in `text` may identify someone, each with the words that matched (two queries
    unless `names` is given)."""
    names = known_names() if names is None else names
    flags = []
    lowered = text.casefold()
    for name in sorted(names):
        if name.casefold() in lowered:
            flags.append(Flag(str(_("a personal name known to the portal")), name))
    address = _("a house number with a street name")
    checks = [
        (POSTCODE, _("a postcode")),
        (HOUSE_NUMBER_STREET, address),
        (LOWER_CASE_HOUSE_NUMBER_STREET, address),
        (TITLE_AND_NAME, _("a title with a name")),
        (SMALL_COUNT, _("a count under 5, which can identify people")),
    ]
    seen = set()
    for line in _lines(text):
        for pattern, kind in checks:
            for match in pattern.finditer(line):
                flag = Flag(str(kind), match.group(0))
                if flag not in seen:
                    seen.add(flag)
                    flags.append(flag)
    return flags
