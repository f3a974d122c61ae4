"""Synthetic partnerships for demonstrations and load tests (`manage.py generate_demo_data`).

Everything generated is derived from a seed: the same seed and sizes give the same partners,
plans, texts, statuses and dates (only database ids, `created_at`/`updated_at` columns and
unusable password hashes differ). Generated plans, partners and accounts carry the prefix
`demo-` in their slug or username, which is how `--replace` finds them again.

Rows are written with bulk inserts that still record history: `bulk_create_with_history` for
each model, and the many-to-many snapshots simple_history keeps with each historical record
written alongside. Each model family has its own function (`_partners_create`,
`_plan_structure_create`, `_actions_create`, `_updates_create`, ...), so a new family, e.g.
round snapshots or indicators, is one more function called from `_plan_create`.
"""

import bisect
import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.roles import OFFICERS, PARTNER_LEADS, roles_ensure
from actions.models import (
    Action,
    ActionLead,
    LinkedDocument,
    ProgressUpdate,
    ReportingRound,
    Status,
)
from themes.models import (
    Commitment,
    Partner,
    Plan,
    Priority,
    ResidentStatement,
    Theme,
    ThemeLead,
)

PREFIX = "demo-"
CHANGE_REASON = "Generated demo data"
BATCH_SIZE = 2000
ACTIONS_PER_BATCH = 500
LONDON = ZoneInfo("Europe/London")
# The current plan starts in April of this year; earlier plans go back from it. Fixed, so
# that a seed gives the same dates whenever it is run.
CURRENT_PLAN_START = 2023
PARTNERS_PER_PLAN = 16
# When the generated partners and accounts "joined", before the first generated plan.
PARTNERS_CREATED_AT = datetime.datetime(CURRENT_PLAN_START - 16, 1, 7, 9, 0, tzinfo=LONDON)


@dataclass(frozen=True)
class DemoSize:
    """How much to generate. The defaults make a quick laptop demo."""

    actions: int = 300
    rounds: int = 4
    plans: int = 3
    partners: int = 20

    def actions_per_plan(self):
        """The number of actions of each plan: as even as possible, the first plans larger."""
        share, extra = divmod(self.actions, self.plans)
        return [share + (1 if index < extra else 0) for index in range(self.plans)]


class DemoDataError(Exception):
    """Generation refused; the message says why and what to do."""


@dataclass
class GenerationResult:
    created: Counter = field(default_factory=Counter)
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    def add(self, model, count):
        self.created[model.__name__] += count

    def summary(self):
        parts = [f"{n} {name}" for name, n in sorted(self.created.items())]
        return f"Generated in {self.seconds:.1f} s: " + ", ".join(parts) + "."


# Phrase banks ---------------------------------------------------------------------------------

TOWN_STARTS = [
    "North",
    "South",
    "East",
    "West",
    "Ash",
    "Brook",
    "Kings",
    "Elm",
    "Lark",
    "Mill",
    "Oak",
    "Stan",
    "Wick",
    "Hart",
    "Fen",
    "Marl",
    "Thorn",
    "Bram",
    "Coll",
    "Dun",
]
TOWN_ENDS = ["mere", "bridge", "field", "ford", "ley", "wick", "ham", "ton", "borough", "stead"]

ORGANISATION_KINDS = [
    ("{town} Borough Council", True, True),
    ("{county} Police", True, True),
    ("{county} Fire and Rescue Service", True, True),
    ("{town} Integrated Care Board", True, True),
    ("Probation Service {county}", True, True),
    ("{county} Police and Crime Commissioner", True, True),
    ("{town} Housing Association", False, False),
    ("{town} Women's Aid", False, False),
    ("{town} Youth Trust", False, False),
    ("{town} Mosques and Churches Forum", False, False),
    ("{town} Business Improvement District", False, False),
    ("{county} Victim Support", False, False),
    ("{town} Drug and Alcohol Service", False, False),
    ("{town} College", False, False),
    ("{county} Trading Standards", False, False),
    ("{town} Neighbourhood Watch Association", False, False),
]
COUNCIL_TEAMS = [
    "Public Health",
    "Neighbourhood Services",
    "Youth Service",
    "Licensing",
    "Community Safety Team",
    "Housing Options",
    "Children's Services",
    "Adult Safeguarding",
    "Environmental Protection",
    "Parking and Highways",
]

THEMES = [
    (
        "Tackling serious violence and knife crime",
        "Reduce violence in public places and the number of young people carrying knives.",
    ),
    (
        "Safer streets and neighbourhoods",
        "Make town centres, parks and estates feel safe by day and by night.",
    ),
    (
        "Domestic abuse and violence against women and girls",
        "Support victims early, hold perpetrators to account and change attitudes.",
    ),
    (
        "Anti-social behaviour",
        "Respond quickly to anti-social behaviour and fix the places where it recurs.",
    ),
    (
        "Exploitation and county lines",
        "Protect children and adults at risk of criminal and sexual exploitation.",
    ),
    ("Reducing reoffending", "Help people leaving prison into housing, work and treatment."),
    ("Drugs and alcohol", "Reduce the harm drugs and alcohol do to people and neighbourhoods."),
    (
        "Hate crime and community cohesion",
        "Encourage reporting of hate crime and bring communities together.",
    ),
    ("Road safety", "Cut the number of people killed or seriously injured on local roads."),
    (
        "Fraud, scams and online harm",
        "Protect older and vulnerable residents from fraud and online abuse.",
    ),
    (
        "Prevent and radicalisation",
        "Stop people being drawn into terrorism, through schools, faith groups and services.",
    ),
    ("Environmental crime", "Tackle fly-tipping, graffiti and abandoned vehicles."),
]

PRIORITIES = [
    ("Early intervention and prevention", "Act before harm happens, not after."),
    ("Listening to residents", "Decisions shaped by what residents tell us."),
    ("Working as one partnership", "Share data, plans and budgets across organisations."),
    ("Protecting the most vulnerable", "Children, older people and victims come first."),
    ("Using evidence", "Do what works, and stop what does not."),
    ("Reducing inequality", "Focus on the neighbourhoods with the highest harm."),
]

STATEMENTS = [
    "We want to feel safe walking through the town centre at night",
    "Young people need more to do and somewhere safe to go",
    "Drug dealing on our estate has to stop",
    "We do not know who to call when something happens",
    "Speeding cars make our street dangerous for children",
    "Victims of domestic abuse need help sooner",
    "Fly-tipping makes our area look neglected",
    "We want to see more police officers on foot",
    "Older people are being targeted by scammers",
    "Hate crime is not taken seriously",
]
COMMITMENTS = [
    "More joint patrols by police and council wardens on Friday and Saturday nights.",
    "Better street lighting and CCTV in the places residents named as unsafe.",
    "Youth clubs open later in the evening during school holidays.",
    "A single number and web form for reporting anti-social behaviour.",
    "Closure orders on properties used for drug dealing.",
    "Speed checks with Community Speedwatch volunteers near schools.",
    "Independent domestic violence advisers in the hospital and GP surgeries.",
    "Fly-tipping hotspots cleared within two working days and watched by cameras.",
    "Neighbourhood officers who stay in the same ward for at least two years.",
    "Scam awareness sessions in libraries, sheltered housing and faith centres.",
    "Third-party hate crime reporting centres in community venues.",
    "Quarterly community meetings where residents set local priorities.",
    "Mentoring for young people excluded from school.",
    "Safe spaces in shops and cafés for anyone who feels threatened.",
]

VERBS = [
    "Deliver",
    "Expand",
    "Launch",
    "Commission",
    "Review",
    "Pilot",
    "Extend",
    "Develop",
    "Continue",
    "Strengthen",
    "Co-ordinate",
    "Introduce",
]
OBJECTS = [
    "a programme of hotspot patrols",
    "a youth diversion scheme",
    "targeted CCTV upgrades",
    "bystander training for night-time economy staff",
    "a knife amnesty and education campaign",
    "a multi-agency problem-solving group",
    "a perpetrator behaviour change programme",
    "a county lines awareness campaign for schools",
    "a Safer Streets bid",
    "a community trigger review process",
    "joint licensing visits to late-night venues",
    "outreach for rough sleepers with complex needs",
    "a fraud prevention service",
    "a Community Speedwatch network",
    "restorative justice conferences",
    "a trauma-informed practice training programme",
    "an anti-social behaviour case system",
    "a hate crime awareness week",
    "mentoring for young people at risk of exclusion",
    "a drug and alcohol treatment pathway from custody",
    "a domestic abuse housing scheme",
    "test purchase operations on knife sales",
    "a fly-tipping enforcement campaign",
    "a Prevent training programme for front-line staff",
]
PLACES = [
    "in the town centre",
    "on the three estates with the highest harm",
    "in every secondary school",
    "around the railway station",
    "in the night-time economy",
    "across the borough",
    "in the parks named by residents",
    "along the main shopping street",
    "in partnership with housing providers",
    "with faith and community groups",
]
PURPOSES = [
    "to reduce repeat victimisation",
    "so that residents feel safer",
    "to prevent young people being drawn into crime",
    "to reduce reoffending",
    "to improve reporting",
    "to protect vulnerable adults",
    "to cut hospital admissions",
    "to disrupt drug supply",
    "to reduce calls about anti-social behaviour",
]
ROLES = [
    "Community Safety Partnership Manager",
    "Neighbourhood Policing Inspector",
    "Head of Public Protection",
    "Domestic Abuse Co-ordinator",
    "Youth Justice Manager",
    "Prevent Co-ordinator",
    "Public Health Consultant",
    "Licensing Manager",
    "Road Safety Officer",
    "Safeguarding Lead",
]
DOCUMENTS = [
    "Strategic needs assessment",
    "Serious violence strategy",
    "Action plan",
    "Evaluation report",
    "Terms of reference",
    "Partnership agreement",
    "Funding bid",
    "Equality impact assessment",
]

OPENINGS = [
    "This quarter the team {did} {activity} {place}.",
    "We {did} {activity} {place}, working with {partner}.",
    "Work continued on {activity}; {count} sessions were held {place}.",
    "Since the last update we have {did} {activity} {place}.",
    "{partner} {did} {activity} {place} during {month}.",
]
DID = ["completed", "started", "expanded", "reviewed", "delivered", "re-launched", "funded"]
ACTIVITIES = [
    "weekend patrols",
    "a week of action against knife crime",
    "school assemblies on exploitation",
    "training for licensed premises staff",
    "joint visits with housing officers",
    "the referral pathway for victims",
    "a consultation with residents",
    "the data-sharing agreement",
    "outreach sessions with young people",
    "the mapping of anti-social behaviour hotspots",
    "a campaign on scams and doorstep crime",
    "the new case management system",
    "the bid to the Safer Streets Fund",
    "drop-in sessions at the community hub",
    "test purchase operations",
]
MIDDLES = [
    "Feedback from residents was positive, although attendance varied between wards.",
    "Referrals rose by {percent}% compared with the same quarter last year.",
    "Calls about anti-social behaviour fell by {percent}% in the targeted area.",
    "Recruitment delays meant that some sessions moved to the next quarter.",
    "Funding for the next year has been agreed by the Executive.",
    "The evaluation found the approach works best when partners share information early.",
    "Staff turnover slowed progress, and a new lead officer is now in post.",
    "Partners agreed a joint problem profile to focus the work where harm is highest.",
    "The steering group met {few} times and agreed revised terms of reference.",
    "Data from the police and the hospital emergency department now feed one dashboard.",
]
BULLETS = [
    "- {count} young people referred to mentoring",
    "- {count} joint patrols in the town centre",
    "- {count} premises visited by licensing officers",
    "- {count} residents attended community meetings",
    "- {count} victims supported by independent advisers",
    "- {count} weapons removed through surrender bins",
    "- {count} staff trained in trauma-informed practice",
    "- {count} fly-tipping incidents cleared within two days",
    "- closure order granted on one property",
    "- new CCTV cameras installed at the station",
]
RISKS = [
    "The main risk is funding beyond March; a bid has been submitted.",
    "Delivery depends on recruiting two more youth workers.",
    "The data-sharing agreement is still awaiting legal sign-off.",
    "Demand is higher than expected and waiting times have grown.",
]
SUMMARIES = [
    "Work on {activity} continued {place}.",
    "Partners {did} {activity}, and residents' feedback was positive.",
    "The partnership {did} {activity} {place}; more is planned next quarter.",
    "Progress slowed this quarter because of staffing, but the work is continuing.",
    "This action is on course: {activity} took place as planned.",
    "Over {count} people took part in {activity} this quarter.",
]
NEXT_STEPS = [
    "Evaluate the first year and report to the Executive.",
    "Extend the scheme to two more wards.",
    "Agree funding for next year.",
    "Recruit volunteers for the summer programme.",
    "Publish the findings of the review.",
]
RETURN_COMMENTS = [
    "Please add the figures for this quarter and remove the name in the second paragraph.",
    "The public summary repeats the narrative: please shorten it for residents.",
    "Please say what will happen next quarter.",
]
MONTHS = [
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "January",
    "February",
    "March",
]

# How a status tends to change from one round to the next.
TRANSITIONS = {
    Status.NOT_STARTED: [(Status.NOT_STARTED, 3), (Status.ON_TRACK, 6), (Status.AT_RISK, 1)],
    Status.ON_TRACK: [
        (Status.ON_TRACK, 80),
        (Status.AT_RISK, 9),
        (Status.COMPLETE, 4),
        (Status.OFF_TRACK, 2),
    ],
    Status.AT_RISK: [
        (Status.AT_RISK, 45),
        (Status.ON_TRACK, 35),
        (Status.OFF_TRACK, 15),
        (Status.COMPLETE, 5),
    ],
    Status.OFF_TRACK: [(Status.OFF_TRACK, 50), (Status.AT_RISK, 35), (Status.ON_TRACK, 15)],
    Status.COMPLETE: [(Status.COMPLETE, 1)],
}
# The state of updates in the current plan's open round; None: not written yet.
OPEN_ROUND_STATES = [
    (ProgressUpdate.State.PUBLISHED, 30),
    (ProgressUpdate.State.SUBMITTED, 20),
    (ProgressUpdate.State.DRAFT, 15),
    (ProgressUpdate.State.RETURNED, 5),
    (None, 30),
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


class _Writer:
    """Fills the phrase banks' slots with the generator's random choices."""

    def __init__(self, rng, partner_names):
        self.rng = rng
        self.partner_names = partner_names

    def fill(self, template):
        rng = self.rng
        return template.format(
            did=rng.choice(DID),
            activity=rng.choice(ACTIVITIES),
            place=rng.choice(PLACES),
            partner=rng.choice(self.partner_names),
            month=rng.choice(MONTHS),
            count=rng.randint(5, 240),
            few=rng.randint(2, 9),
            percent=rng.randint(3, 35),
        )

    def action_text(self):
        rng = self.rng
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)} "
        text += f"{rng.choice(PURPOSES)}."
        if rng.random() < 0.35:
            text += " " + self.fill(rng.choice(MIDDLES))
        if rng.random() < 0.15:
            text += "\n\n" + "\n".join(self.fill(b) for b in rng.sample(BULLETS, 3))
        return text

    def narrative(self):
        rng = self.rng
        paragraphs = [self.fill(rng.choice(OPENINGS))]
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            paragraphs.append(
                " ".join(self.fill(m) for m in rng.sample(MIDDLES, rng.randint(1, 3)))
            )
        if rng.random() < 0.5:
            paragraphs.append(
                "\n".join(self.fill(b) for b in rng.sample(BULLETS, rng.randint(2, 5)))
            )
        if rng.random() < 0.25:
            paragraphs.append(rng.choice(RISKS))
        return "\n\n".join(paragraphs)

    def summary(self):
        rng = self.rng
        text = self.fill(rng.choice(SUMMARIES))
        if rng.random() < 0.3:
            text += " " + self.fill(rng.choice(MIDDLES))
        return text


# Dates ----------------------------------------------------------------------------------------


def _add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _moment(day, rng):
    """A weekday working hour on or after `day`, in the UK's time zone."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(9, 16),
        rng.choice([0, 15, 30, 45]),
        tzinfo=LONDON,
    )


# History helpers ------------------------------------------------------------------------------


def _create(model, objs, result, user, when):
    """Bulk insert `objs` with one "created" historical record each, dated `when` unless an
    object says otherwise (`_history_date`); returns them with their ids."""
    created = bulk_create_with_history(
        objs,
        model,
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason=CHANGE_REASON,
        default_date=when,
    )
    result.add(model, len(created))
    result.add(model.history.model, len(created))
    return created


def _link(model, field_name, pairs, result):
    """Insert many-to-many rows [(instance, target), ...] and snapshot them in the latest
    historical record of each instance, as simple_history does when saving one object."""
    m2m = model._meta.get_field(field_name)
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    rows = through.objects.bulk_create(
        [through(**{source: obj, target: other}) for obj, other in pairs],
        batch_size=BATCH_SIZE,
    )
    result.add(through, len(rows))
    _snapshot(model, field_name, {obj.pk for obj, _ in pairs}, result)
    return rows


def _snapshot(model, field_name, pks, result):
    """Copy the current many-to-many rows of objects `pks` into their latest historical
    records (2 queries and the inserts)."""
    if not pks:
        return
    history_model = model.history.model
    m2m = model._meta.get_field(field_name)
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    snapshot_model = getattr(history_model, field_name).model
    latest = {}
    for pk, history_id in (
        history_model.objects.filter(id__in=pks)
        .order_by("history_id")
        .values_list("id", "history_id")
    ):
        latest[pk] = history_id
    rows = through.objects.filter(**{f"{source}_id__in": pks}).values_list(
        "pk", f"{source}_id", f"{target}_id"
    )
    snapshots = [
        snapshot_model(
            history_id=latest[source_id],
            id=pk,
            **{f"{source}_id": source_id, f"{target}_id": target_id},
        )
        for pk, source_id, target_id in rows
    ]
    snapshot_model.objects.bulk_create(snapshots, batch_size=BATCH_SIZE)
    result.add(snapshot_model, len(snapshots))


# Families of models ---------------------------------------------------------------------------


@dataclass
class _People:
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


def _town(rng):
    return rng.choice(TOWN_STARTS) + rng.choice(TOWN_ENDS)


def _partners_create(rng, size, result):
    """Organisations and teams inside councils, each with one or two lead accounts."""
    names, organisations = set(), []
    while len(organisations) < max(1, size.partners * 3 // 4):
        pattern, is_statutory, is_on_executive = rng.choice(ORGANISATION_KINDS)
        name = pattern.format(town=_town(rng), county=_town(rng) + "shire")
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
    organisations = _create(Partner, organisations, result, officer, PARTNERS_CREATED_AT)
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
    teams = _create(Partner, teams, result, officer, PARTNERS_CREATED_AT)
    for team in teams:
        team.parent = next(p for p in organisations if p.pk == team.parent_id)
    partners = organisations + teams
    leads_by_partner = defaultdict(list)
    pairs = []
    for index, lead in enumerate(leads):
        partner = partners[index % len(partners)]
        leads_by_partner[partner.pk].append(lead)
        pairs.append((partner, lead))
    _link(Partner, "members", pairs, result)
    return _People(officer, partners, leads_by_partner, [p.full_name for p in partners])


@dataclass
class _PlanParts:
    plan: Plan
    written_at: datetime.datetime
    themes: list
    priorities: list
    commitments: list
    commitments_by_theme: dict
    rounds: list
    partners: list


def _plan_years(index):
    """Plan 0 is the current plan; earlier plans go back three years at a time, cycling."""
    if index == 0:
        return CURRENT_PLAN_START, CURRENT_PLAN_START + 3
    start = CURRENT_PLAN_START - 3 * (1 + (index - 1) % 5)
    return start, start + 3


def _plan_structure_create(rng, index, state, people, result):
    """A plan with its themes and their leads, priorities, statements and commitments."""
    user = people.officer
    town = _town(rng)
    start, end = _plan_years(index)
    when = datetime.datetime(start, 3, 1, 9, 0, tzinfo=LONDON)
    plan = _create(
        Plan,
        [
            Plan(
                title=f"{town} Community Safety Partnership Plan {start}–{end}",
                slug=f"{PREFIX}{index + 1:03d}-{slugify(town)}-{start}-{end}",
                start_year=start,
                end_year=end,
                state=state,
                summary=(
                    f"How the partners of {town} will keep residents safe from {start} to "
                    f"{end}: the priorities residents set, the actions each partner leads, "
                    "and how the work is going."
                ),
                partners_publish_directly=rng.random() < 0.2,
            )
        ],
        result,
        user,
        when,
    )[0]
    partners = rng.sample(people.partners, min(PARTNERS_PER_PLAN, len(people.partners)))
    theme_rows = rng.sample(THEMES, rng.randint(5, 8))
    themes = _create(
        Theme,
        [
            Theme(
                plan=plan,
                number=number,
                title=title,
                description=description,
                easy_read_summary=description.split(",")[0] + "." if rng.random() < 0.5 else "",
            )
            for number, (title, description) in enumerate(theme_rows, start=1)
        ],
        result,
        user,
        when,
    )
    theme_leads = []
    for theme in themes:
        for position, partner in enumerate(rng.sample(partners, rng.randint(1, 2)), start=1):
            theme_leads.append(ThemeLead(theme=theme, partner=partner, position=position))
    _create(ThemeLead, theme_leads, result, user, when)
    priorities = _create(
        Priority,
        [
            Priority(plan=plan, number=number, title=title, description=description)
            for number, (title, description) in enumerate(
                rng.sample(PRIORITIES, rng.randint(3, 5)), start=1
            )
        ],
        result,
        user,
        when,
    )
    statements = _create(
        ResidentStatement,
        [
            ResidentStatement(plan=plan, position=position, text=text)
            for position, text in enumerate(rng.sample(STATEMENTS, rng.randint(4, 6)), start=1)
        ],
        result,
        user,
        when,
    )
    commitments = []
    for statement in statements:
        for position, text in enumerate(rng.sample(COMMITMENTS, rng.randint(2, 3)), start=1):
            commitments.append(Commitment(statement=statement, position=position, text=text))
    commitments = _create(Commitment, commitments, result, user, when)
    commitments_by_theme = defaultdict(list)
    pairs = []
    for commitment in commitments:
        for theme in rng.sample(themes, rng.randint(1, 2)):
            pairs.append((commitment, theme))
            commitments_by_theme[theme.pk].append(commitment)
    _link(Commitment, "themes", pairs, result)
    return _PlanParts(
        plan, when, themes, priorities, commitments, commitments_by_theme, [], partners
    )


def _rounds_create(parts, count, result, user):
    """Quarterly rounds from April of the plan's first year; in the current plan the last
    round is still open."""
    plan = parts.plan
    rounds = []
    for k in range(count):
        year = plan.start_year + k // 4
        starts_on = _add_months(datetime.date(year, 4, 1), 3 * (k % 4))
        is_last = k == count - 1
        rounds.append(
            ReportingRound(
                plan=plan,
                name=f"Q{k % 4 + 1} {year}–{(year + 1) % 100:02d}",
                starts_on=starts_on,
                due_on=_add_months(starts_on, 3) + datetime.timedelta(days=20),
                state=(
                    ReportingRound.State.OPEN
                    if is_last and plan.state != Plan.State.ARCHIVED
                    else ReportingRound.State.CLOSED
                ),
            )
        )
    parts.rounds = _create(ReportingRound, rounds, result, user, parts.written_at)


def _actions_create(rng, writer, parts, count, people, result):
    """The plan's numbered actions, grouped by theme, with leads, priorities, commitments and
    documents."""
    user = people.officer
    plan = parts.plan
    first_day = datetime.date(plan.start_year, 4, 1)
    last_day = datetime.date(plan.end_year, 3, 31)
    span = (last_day - first_day).days
    # Themes get uneven shares of the actions, numbered in theme order as real plans are.
    themes = parts.themes
    if count > len(themes):
        cuts = sorted(rng.sample(range(1, count), len(themes) - 1))
    else:
        cuts = list(range(1, len(themes)))
    actions, number = [], 0
    for position in range(count):
        number += 2 if rng.random() < 0.03 else 1  # plans leave gaps in their numbering
        starts_on = first_day + datetime.timedelta(days=rng.randint(0, span // 3))
        due_on = starts_on + datetime.timedelta(days=rng.randint(90, span - span // 3))
        text = writer.action_text()
        has_contact = rng.random() < 0.2
        actions.append(
            Action(
                plan=plan,
                theme=themes[bisect.bisect_right(cuts, position)],
                number=number,
                text=text,
                easy_read_summary=writer.summary() if rng.random() < 0.3 else "",
                lead_role=rng.choice(ROLES) if rng.random() < 0.4 else "",
                contact_name=f"Lead {rng.randint(1, 999)}" if has_contact else "",
                contact_is_public=has_contact and rng.random() < 0.3,
                starts_on=starts_on if rng.random() < 0.8 else None,
                due_on=due_on if rng.random() < 0.9 else None,
            )
        )
    actions = _create(Action, actions, result, user, parts.written_at)

    leads, lead_partners, documents = [], {}, []
    priority_pairs, commitment_pairs = [], []
    for action in actions:
        how_many = _weighted(rng, [(1, 85), (2, 12), (3, 3)])
        chosen = rng.sample(parts.partners, min(how_many, len(parts.partners)))
        lead_partners[action.pk] = chosen
        for position, partner in enumerate(chosen, start=1):
            leads.append(ActionLead(action=action, partner=partner, position=position))
        if rng.random() < 0.7:
            for priority in rng.sample(parts.priorities, rng.randint(1, 2)):
                priority_pairs.append((action, priority))
        if rng.random() < 0.3:
            candidates = parts.commitments_by_theme.get(action.theme_id) or parts.commitments
            commitment_pairs.append((action, rng.choice(candidates)))
        if rng.random() < 0.1:
            for position, title in enumerate(rng.sample(DOCUMENTS, rng.randint(1, 2)), start=1):
                documents.append(
                    LinkedDocument(
                        action=action,
                        position=position,
                        title=title,
                        url=f"https://example.org/{plan.slug}/{action.number}/{slugify(title)}",
                    )
                )
    _create(ActionLead, leads, result, user, parts.written_at)
    _create(LinkedDocument, documents, result, user, parts.written_at)
    _link(Action, "priorities", priority_pairs, result)
    _link(Action, "commitments", commitment_pairs, result)
    return actions, lead_partners


def _open_round_state(rng):
    return _weighted(rng, OPEN_ROUND_STATES)


def _updates_create(rng, writer, parts, actions, lead_partners, people, result):
    """One update per action per round, and on shared actions one per lead partner too.

    Closed rounds hold published updates; the open round a mix of published, submitted,
    draft and sent-back updates, and actions nobody has reported on yet.
    """
    updates = []
    for action in actions:
        status = Status.NOT_STARTED
        start_round = rng.randint(0, min(2, len(parts.rounds) - 1))
        partners = lead_partners[action.pk]
        for k, round in enumerate(parts.rounds):
            if k > start_round:
                status = _weighted(rng, TRANSITIONS[status])
            if round.is_open:
                state = _open_round_state(rng)
            else:
                state = ProgressUpdate.State.PUBLISHED
            if state is None:
                continue
            final_status = status
            if (
                parts.plan.state == Plan.State.ARCHIVED
                and k == len(parts.rounds) - 1
                and status != Status.COMPLETE
                and rng.random() < 0.35
            ):
                final_status = Status.CARRIED_FORWARD
            due = _moment(round.due_on - datetime.timedelta(days=rng.randint(0, 25)), rng)
            # Contributions come first, the lead partner's summary last.
            contributors = [None] if len(partners) == 1 else [*partners[1:], None]
            for offset, partner in enumerate(contributors):
                author_partner = partner or partners[0]
                authors = people.leads_by_partner.get(author_partner.pk) or [people.officer]
                submitted_at = due + datetime.timedelta(hours=offset)
                published = state == ProgressUpdate.State.PUBLISHED
                published_at = submitted_at + datetime.timedelta(days=rng.randint(1, 12))
                update = ProgressUpdate(
                    action=action,
                    round=round,
                    partner=partner,
                    narrative=writer.narrative(),
                    public_summary=writer.summary(),
                    next_steps=rng.choice(NEXT_STEPS) if rng.random() < 0.4 else "",
                    status=final_status,
                    state=state,
                    review_comment=(
                        rng.choice(RETURN_COMMENTS)
                        if state == ProgressUpdate.State.RETURNED
                        else ""
                    ),
                    author=rng.choice(authors),
                    submitted_at=None if state == ProgressUpdate.State.DRAFT else submitted_at,
                    published_at=published_at if published else None,
                )
                update._history_date = published_at if published else submitted_at
                update._history_user = people.officer if published else update.author
                update._change_reason = {
                    ProgressUpdate.State.PUBLISHED: "Published",
                    ProgressUpdate.State.SUBMITTED: "Submitted",
                    ProgressUpdate.State.DRAFT: "Saved as draft",
                    ProgressUpdate.State.RETURNED: "Sent back",
                }[state]
                updates.append(update)
    _create(ProgressUpdate, updates, result, people.officer, None)
    return updates


def _public_status_refresh(actions, result, user):
    """Set each action's published status, round and date, and the officer's status, from
    its published updates, as `Action.refresh_public_status()` and publishing do, and record
    the change in history as publishing does. One query reads the updates in the order
    `newest_first()` gives them; one bulk UPDATE writes the actions."""
    latest, latest_summary = {}, {}
    published = (
        ProgressUpdate.objects.published()
        .filter(action_id__in=[action.pk for action in actions])
        .newest_first()
        .values_list("action_id", "partner_id", "status", "published_at", "round_id")
    )
    for action_id, partner_id, status, published_at, round_id in published:
        latest.setdefault(action_id, (status, published_at, round_id))
        if partner_id is None:
            latest_summary.setdefault(action_id, status)
    changed = []
    for action in actions:
        if action.pk not in latest:
            continue
        action.public_status, action.last_published_at, action.last_published_round_id = latest[
            action.pk
        ]
        action.status = latest_summary.get(action.pk, action.status)
        action._history_date = action.last_published_at
        action._change_reason = "Published progress changed"
        changed.append(action)
    bulk_update_with_history(
        changed,
        Action,
        ["public_status", "last_published_at", "last_published_round", "status"],
        batch_size=BATCH_SIZE,
        default_user=user,
    )
    result.add(Action.history.model, len(changed))
    pks = {action.pk for action in changed}
    _snapshot(Action, "priorities", pks, result)
    _snapshot(Action, "commitments", pks, result)


def _plan_create(rng, index, state, size, actions_count, people, result):
    """One plan and everything in it."""
    writer = _Writer(rng, people.names)
    parts = _plan_structure_create(rng, index, state, people, result)
    _rounds_create(parts, size.rounds, result, people.officer)
    actions, lead_partners = _actions_create(rng, writer, parts, actions_count, people, result)
    if parts.rounds:
        # A few hundred actions at a time: a plan of 20,000 actions and their updates would
        # not fit in memory at once.
        for start in range(0, len(actions), ACTIONS_PER_BATCH):
            batch = actions[start : start + ACTIONS_PER_BATCH]
            _updates_create(rng, writer, parts, batch, lead_partners, people, result)
            _public_status_refresh(batch, result, people.officer)
    return parts.plan


# Entry points ---------------------------------------------------------------------------------


def demo_data_exists():
    """Whether generated plans, partners or accounts are in the database (3 queries)."""
    return (
        Plan.objects.filter(slug__startswith=PREFIX).exists()
        or Partner.objects.filter(slug__startswith=PREFIX).exists()
        or get_user_model().objects.filter(username__startswith=PREFIX).exists()
    )


def _raw_delete(queryset):
    # Deleting through the ORM would load every row and let simple_history write a deletion
    # record for each of them, one INSERT at a time: hours for a large data set. Generated
    # rows and their history go together, straight from the database.
    return queryset._raw_delete(queryset.db)


def _references_release(model, rows, handled):
    """Rows of models this module does not generate (a round's frozen figures, say) that
    refer to the generated `rows` of `model`: deleted through the ORM, with what they
    cascade to, when they depend on them; unlinked when the link may be empty."""
    for relation in model._meta.related_objects:
        field = relation.field
        if relation.many_to_many:
            through = relation.through
            if through not in handled and field.model not in handled:
                through._base_manager.filter(
                    **{f"{field.m2m_reverse_field_name()}__in": rows}
                ).delete()
            continue
        other = relation.related_model
        if other in handled or relation.on_delete is models.DO_NOTHING:
            continue
        referring = other._base_manager.filter(**{f"{field.name}__in": rows})
        if relation.on_delete is models.SET_NULL:
            referring.update(**{field.name: None})
        else:
            referring.delete()


@transaction.atomic
def demo_data_delete():
    """Delete the generated plans with everything in them and their history, then the
    generated partners and accounts. Nothing else is touched."""
    plans = Plan.objects.filter(slug__startswith=PREFIX)
    plan_ids = list(plans.values_list("pk", flat=True))
    partners = Partner.objects.filter(slug__startswith=PREFIX)
    users = get_user_model().objects.filter(username__startswith=PREFIX)
    outside = ~Q(action__plan__slug__startswith=PREFIX)
    if (
        ActionLead.objects.filter(outside, partner__in=partners).exists()
        or ProgressUpdate.objects.filter(outside, partner__in=partners).exists()
        or ThemeLead.objects.filter(~Q(theme__plan__in=plan_ids), partner__in=partners).exists()
    ):
        raise DemoDataError(
            "Generated partners lead actions or themes of plans that were not generated; "
            "remove those links first. Nothing was deleted."
        )
    action_ids = Action.objects.filter(plan_id__in=plan_ids).values("pk")
    statement_ids = ResidentStatement.objects.filter(plan_id__in=plan_ids).values("pk")
    commitment_ids = Commitment.objects.filter(statement_id__in=statement_ids).values("pk")
    theme_ids = Theme.objects.filter(plan_id__in=plan_ids).values("pk")
    by_action = Q(action_id__in=action_ids)
    by_plan = Q(plan_id__in=plan_ids)
    steps = [
        (ProgressUpdate.history.model, by_action),
        (ProgressUpdate, by_action),
        (Action.history.model.priorities.model, by_action),
        (Action.history.model.commitments.model, by_action),
        (Action.priorities.through, by_action),
        (Action.commitments.through, by_action),
        (ActionLead.history.model, by_action),
        (ActionLead, by_action),
        (LinkedDocument.history.model, by_action),
        (LinkedDocument, by_action),
        (Action.history.model, by_plan),
        (Action, by_plan),
        (ReportingRound.history.model, by_plan),
        (ReportingRound, by_plan),
        (Commitment.history.model.themes.model, Q(commitment_id__in=commitment_ids)),
        (Commitment.themes.through, Q(commitment_id__in=commitment_ids)),
        (Commitment.history.model, Q(statement_id__in=statement_ids)),
        (Commitment, Q(statement_id__in=statement_ids)),
        (ResidentStatement.history.model, by_plan),
        (ResidentStatement, by_plan),
        (Priority.history.model, by_plan),
        (Priority, by_plan),
        (ThemeLead.history.model, Q(theme_id__in=theme_ids)),
        (ThemeLead, Q(theme_id__in=theme_ids)),
        (Theme.history.model, by_plan),
        (Theme, by_plan),
        (Plan.history.model, Q(id__in=plan_ids)),
        (Plan, Q(id__in=plan_ids)),
        (Partner.history.model.members.model, Q(partner_id__in=partners.values("pk"))),
        (Partner.members.through, Q(partner_id__in=partners.values("pk"))),
        (Partner.history.model, Q(slug__startswith=PREFIX)),
        (Partner, Q(parent__isnull=False, slug__startswith=PREFIX)),
        (Partner, Q(slug__startswith=PREFIX)),
    ]
    handled = {model for model, _ in steps}
    # From plans down to updates, so that what other apps froze of a round goes with the
    # round before anything points at single actions or updates.
    for model, condition in reversed(steps):
        _references_release(model, model._base_manager.filter(condition), handled)
    deleted = Counter()
    for model, condition in steps:
        deleted[model.__name__] += _raw_delete(model._base_manager.filter(condition))
    deleted["User"] = users.count()
    users.delete()
    return deleted


def demo_data_generate(*, size, seed, replace=False, progress=None):
    """Generate partners, accounts and `size.plans` plans of synthetic data from `seed`.

    Refuses (DemoDataError) when generated data is already there, unless `replace`, which
    deletes it first. Runs in one transaction: a failure leaves nothing behind. `progress`, if
    given, is called with a line of text after each plan.
    """
    for name in ("actions", "rounds", "plans", "partners"):
        if getattr(size, name) < (0 if name == "rounds" else 1):
            raise DemoDataError(f"--{name} must be at least {0 if name == 'rounds' else 1}.")
    if size.actions < size.plans:
        raise DemoDataError("Each plan needs at least one action: ask for more actions.")
    started = time.monotonic()
    result = GenerationResult()
    with transaction.atomic():
        if demo_data_exists():
            if not replace:
                raise DemoDataError(
                    "This database already holds generated demo data (plans, partners or "
                    f"accounts starting with “{PREFIX}”). Run again with --replace to delete it "
                    "and generate it afresh."
                )
            demo_data_delete()
        rng = random.Random(seed)
        people = _partners_create(rng, size, result)
        current = Plan.objects.filter(state=Plan.State.CURRENT).first()
        first_state = Plan.State.CURRENT
        if current is not None:
            first_state = Plan.State.DRAFT
            result.notes.append(
                f"“{current}” is already the current plan, so the generated plan that would "
                "be current is a draft."
            )
        for index, count in enumerate(size.actions_per_plan()):
            # Each plan has its own random stream: its content does not depend on how much
            # was generated before it.
            plan_rng = random.Random(f"{seed}-plan-{index}")
            state = first_state if index == 0 else Plan.State.ARCHIVED
            plan = _plan_create(plan_rng, index, state, size, count, people, result)
            if progress:
                progress(f"{index + 1}/{size.plans} {plan.slug}: {count} actions")
    result.seconds = time.monotonic() - started
    return result
