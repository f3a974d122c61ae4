"""Test data for the public pages' query-count tests, built with the conftest factories.

Each row is an action with related data of its own (theme, lead team inside its own
organisation, priority, commitment, document, published and unpublished updates), so a
page that queried per row would show it as a growing query count.
"""

import datetime

from django.utils import timezone

from actions.models import LinkedDocument, ProgressUpdate, ReportingRound, Status
from themes.models import Commitment, Priority, ResidentStatement

OLDER_ROUND = "Q1 2025–26"
LATEST_ROUND = "Q2 2025–26"


def rounds_of(plan):
    """The plan's two rounds, older then latest, created on first use."""
    older, _ = ReportingRound.objects.get_or_create(
        plan=plan, name=OLDER_ROUND, defaults={"starts_on": datetime.date(2025, 4, 1)}
    )
    latest, _ = ReportingRound.objects.get_or_create(
        plan=plan, name=LATEST_ROUND, defaults={"starts_on": datetime.date(2025, 7, 1)}
    )
    return older, latest


def add_public_rows(request, count, *, plan=None):
    """`count` more actions in `plan` (the `plan` fixture by default), each with its own
    theme, lead, priority, commitment and document; every one has a published update in
    the older round, every other one also in the latest round, and the rest a draft."""
    make_partner = request.getfixturevalue("make_partner")
    make_theme = request.getfixturevalue("make_theme")
    make_action = request.getfixturevalue("make_action")
    make_update = request.getfixturevalue("make_update")
    plan = plan or request.getfixturevalue("plan")
    older, latest = rounds_of(plan)
    actions = []
    for _ in range(count):
        n = plan.actions.count() + 1
        organisation = make_partner(f"Organisation {plan.pk}-{n}")
        team = make_partner(f"Team {n}", parent=organisation, slug=f"team-{plan.pk}-{n}")
        theme = make_theme(plan=plan, leads=[organisation])
        action = make_action(theme=theme, leads=[team], text=f"Public action text {n}.")
        priority = Priority.objects.create(plan=plan, number=n, title=f"Priority {n}")
        action.priorities.add(priority)
        statement = ResidentStatement.objects.create(
            plan=plan, position=n, text=f"Residents said {n}"
        )
        commitment = Commitment.objects.create(
            statement=statement, position=1, text=f"We are doing {n}"
        )
        commitment.themes.add(theme)
        action.commitments.add(commitment)
        LinkedDocument.objects.create(action=action, title=f"Document {n}")
        make_update(
            action,
            round=older,
            state=ProgressUpdate.State.PUBLISHED,
            status=Status.ON_TRACK,
            public_summary=f"Published summary {n} of the older round.",
            published_at=timezone.now() - datetime.timedelta(days=90 + n),
        )
        if n % 2:
            make_update(
                action,
                round=latest,
                state=ProgressUpdate.State.PUBLISHED,
                status=Status.AT_RISK,
                partner=team,
                public_summary=f"Published summary {n} of the latest round.",
                published_at=timezone.now() - datetime.timedelta(days=n),
            )
        else:
            make_update(action, round=latest, state=ProgressUpdate.State.DRAFT)
        action.refresh_from_db()
        actions.append(action)
    return actions
