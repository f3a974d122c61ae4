"""How an action is going, and how many actions are going each way."""

from collections import Counter

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """How an action is going, as a CSP reports it."""

    NOT_RECORDED = "not_recorded", _("Not recorded")
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    COMPLETE = "complete", _("Complete")
    CARRIED_FORWARD = "carried_forward", _("Carried forward")


# What each status means, for the public "What the statuses mean" page and the open data.
STATUS_MEANINGS = {
    Status.NOT_RECORDED: _("No progress has been published for this action yet."),
    Status.NOT_STARTED: _("Work on the action has not begun yet; it is planned to start later."),
    Status.ON_TRACK: _("The action is going as planned and is expected to be done on time."),
    Status.AT_RISK: _(
        "There are problems that may stop the action being done on time or in full. The lead "
        "partners know about them and are working to put them right."
    ),
    Status.OFF_TRACK: _(
        "The action will not be done as planned unless something changes: more time, more "
        "money or another way of doing it."
    ),
    Status.COMPLETE: _("The action has been done."),
    Status.CARRIED_FORWARD: _(
        "The action was not finished within its plan and continues in the next plan."
    ),
}
# Not a status partners report: the portal shows it once an action is past its due date.
OVERDUE = "overdue"
OVERDUE_LABEL = _("Overdue")
OVERDUE_MEANING = _(
    "The action's due date has passed and the partnership has not reported it done or carried "
    "forward. The last status it reported is shown beside it."
)
FINISHED_STATUSES = (Status.COMPLETE, Status.CARRIED_FORWARD)


class StatusCounts:
    """How many actions have each status, in the order statuses are listed."""

    def __init__(self, counter=None):
        self.counter = counter or Counter()

    @classmethod
    def of(cls, actions):
        """Count the public statuses of actions already in memory."""
        return cls(Counter(action.public_status for action in actions))

    def __iter__(self):
        for status in Status:
            if self.counter[status.value]:
                yield {
                    "value": status.value,
                    "label": status.label,
                    "count": self.counter[status.value],
                }

    @property
    def total(self):
        return sum(self.counter.values())
