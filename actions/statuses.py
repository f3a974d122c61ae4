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
