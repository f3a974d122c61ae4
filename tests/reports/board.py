"""The fullest board page a plan can have, for the one-page tests of the PDF and of print.

Eight themes with long titles, 25 actions each (200), twelve rounds (eleven closed and
frozen, the last open), the longest commentary allowed, and in the open round 25 actions
off track, 25 at risk, every other status, and many more overdue or without an update.
"""

import datetime
import subprocess
import tempfile

from django.utils import timezone

from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, Status
from reports.models import RoundCommentary
from reports.services import round_close
from themes.models import Partner, Theme

THEMES = 8
ACTIONS_PER_THEME = 25
ROUNDS = 12

PARAGRAPH = (
    "Violence against women and girls remains the Executive's first concern this quarter: "
    "three actions are off track because refuge places were delayed and two partners have "
    "not reported. "
)


def longest_commentary():
    """1,200 characters in three paragraphs."""
    text = "\n\n".join([PARAGRAPH * 2, PARAGRAPH * 2, PARAGRAPH * 2])
    text = (text + " " + PARAGRAPH * 3)[: RoundCommentary.MAX_LENGTH]
    assert len(text) == RoundCommentary.MAX_LENGTH
    return text


def board_plan_build(plan, user):
    """Fill `plan` as described above; returns the open round."""
    today = timezone.localdate()
    partners = [
        Partner.objects.create(name=f"Bedfordshire Partner Organisation {n}", slug=f"bpo-{n}")
        for n in range(6)
    ]
    themes = [
        Theme.objects.create(
            plan=plan,
            number=n,
            title=f"Theme {n}: reducing serious violence and exploitation in every neighbourhood",
        )
        for n in range(1, THEMES + 1)
    ]
    actions = []
    for index in range(THEMES * ACTIONS_PER_THEME):
        actions.append(
            Action(
                plan=plan,
                theme=themes[index // ACTIONS_PER_THEME],
                number=index + 1,
                text=(
                    f"Action {index + 1}: work with every partner to reduce harm in the town "
                    "centre and each neighbourhood, reporting each quarter to the Executive."
                ),
                status=Status.ON_TRACK,
                due_on=today + datetime.timedelta(days=200),
            )
        )
    Action.objects.bulk_create(actions)
    ActionLead.objects.bulk_create(
        ActionLead(action=action, partner=partners[n % 6], position=1)
        for n, action in enumerate(actions)
    )
    start = today - datetime.timedelta(days=92 * ROUNDS)
    for number in range(1, ROUNDS):
        round = ReportingRound.objects.create(
            plan=plan,
            name=f"Round {number}",
            starts_on=start + datetime.timedelta(days=92 * number),
        )
        round_close(round=round, user=user)
    open_round = ReportingRound.objects.create(
        plan=plan, name=f"Round {ROUNDS}", starts_on=today - datetime.timedelta(days=10)
    )
    # Every eighth action off track, every eighth (shifted) at risk, every fifth overdue;
    # two in three reported this round.
    updates = []
    for n, action in enumerate(actions):
        if n % 8 == 0:
            action.status = Status.OFF_TRACK
        elif n % 8 == 4:
            action.status = Status.AT_RISK
        elif n % 9 == 0:
            action.status = Status.COMPLETE
        elif n % 11 == 0:
            action.status = Status.CARRIED_FORWARD
        elif n % 13 == 0:
            action.status = Status.NOT_STARTED
        elif n % 17 == 0:
            action.status = Status.NOT_RECORDED
        if n % 5 == 0:
            action.due_on = today - datetime.timedelta(days=n + 1)
        if n % 3:
            updates.append(
                ProgressUpdate(
                    action=action,
                    round=open_round,
                    narrative="Progress this quarter.",
                    status=action.status,
                    state=ProgressUpdate.State.SUBMITTED,
                )
            )
    Action.objects.bulk_update(actions, ["status", "due_on"])
    ProgressUpdate.objects.bulk_create(updates)
    RoundCommentary.objects.create(round=open_round, text=longest_commentary())
    return open_round


def pdf_pages(pdf):
    """How many pages the PDF bytes have, and the first page's size in points, by pdfinfo."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(
            ["pdfinfo", file.name], capture_output=True, text=True, check=True
        ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    size = fields["Page size"].split("pts")[0].split("x")
    return int(fields["Pages"]), tuple(round(float(side)) for side in size)
