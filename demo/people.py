"""The generated partners and the accounts of their leads."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from accounts.roles import OFFICERS, PARTNER_LEADS, roles_ensure
from demo.bulk import BATCH_SIZE, CURRENT_PLAN_START, LONDON, PREFIX, history_create, history_link
from demo.words import COUNCIL_TEAMS, ORGANISATION_KINDS, TOWN_ENDS, TOWN_STARTS
from themes.models import Partner

# When the generated partners and accounts "joined", before the first generated plan.
PARTNERS_CREATED_AT = datetime.datetime(CURRENT_PLAN_START - 16, 1, 7, 9, 0, tzinfo=LONDON)


@dataclass
class People:
    officer: object
    partners: list
    leads_by_partner: dict
    names: list


def _accounts_create(count, result):
    """The officer who "wrote" the generated history, and `count` partner leads."""
    user_model = get_user_model()
    groups = roles_ensure()
    password = make_password(None)
    officer = user_model(
        username=f"{PREFIX}officer-1",
        first_name="Officer",
        last_name="1",
        email=f"{PREFIX}officer-1@example.org",
        is_staff=True,
        password=password,
    )
    leads = [
        user_model(
            username=f"{PREFIX}lead-{n}",
            first_name="Lead",
            last_name=str(n),
            email=f"{PREFIX}lead-{n}@example.org",
            password=password,
        )
        for n in range(1, count + 1)
    ]
    users = user_model.objects.bulk_create([officer, *leads], batch_size=BATCH_SIZE)
    result.add(user_model, len(users))
    membership = user_model.groups.through
    membership.objects.bulk_create(
        [membership(user=officer, group=groups[OFFICERS])]
        + [membership(user=lead, group=groups[PARTNER_LEADS]) for lead in leads],
        batch_size=BATCH_SIZE,
    )
    return users[0], users[1:]


def town_name(rng):
    return rng.choice(TOWN_STARTS) + rng.choice(TOWN_ENDS)


def partners_create(rng, size, result):
    """Organisations and teams inside councils, each with one or two lead accounts."""
    names, organisations = set(), []
    while len(organisations) < max(1, size.partners * 3 // 4):
        pattern, is_statutory, is_on_executive = rng.choice(ORGANISATION_KINDS)
        name = pattern.format(town=town_name(rng), county=town_name(rng) + "shire")
        if name in names:
            name = f"{name} {len(organisations) + 1}"
        names.add(name)
        # One Executive for the portal: only the first statutory partners sit on it.
        organisations.append(
            Partner(
                name=name,
                slug=f"{PREFIX}{slugify(name)}",
                is_statutory=is_statutory,
                is_on_executive=is_on_executive and len(organisations) < 12,
            )
        )
    officer, leads = _accounts_create(size.partners + size.partners // 3, result)
    organisations = history_create(Partner, organisations, result, officer, PARTNERS_CREATED_AT)
    councils = [p for p in organisations if p.name.endswith("Borough Council")] or organisations
    teams, taken = [], set()
    while len(organisations) + len(teams) < size.partners:
        parent = rng.choice(councils)
        name = rng.choice(COUNCIL_TEAMS)
        if (parent.pk, name) in taken:
            name = f"{name} {len(teams) + 1}"
        taken.add((parent.pk, name))
        teams.append(
            Partner(
                name=name,
                slug=f"{PREFIX}{parent.slug[len(PREFIX) :]}-{slugify(name)}",
                parent=parent,
            )
        )
    teams = history_create(Partner, teams, result, officer, PARTNERS_CREATED_AT)
    for team in teams:
        team.parent = next(p for p in organisations if p.pk == team.parent_id)
    partners = organisations + teams
    leads_by_partner = defaultdict(list)
    pairs = []
    for index, lead in enumerate(leads):
        partner = partners[index % len(partners)]
        leads_by_partner[partner.pk].append(lead)
        pairs.append((partner, lead))
    history_link(Partner, "members", pairs, result)
    return People(officer, partners, leads_by_partner, [p.full_name for p in partners])
