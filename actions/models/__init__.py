"""What partners do: numbered actions, reporting rounds and progress updates."""

from actions.models.actions import (
    Action,
    ActionLead,
    ActionLeadQuerySet,
    ActionQuerySet,
    LinkedDocument,
)
from actions.models.imports import PlanImportChoices
from actions.models.rounds import ReminderSent, ReportingRound, ReportingRoundQuerySet
from actions.models.updates import REPORTED_STATES, ProgressUpdate, ProgressUpdateQuerySet
from actions.statuses import Status, StatusCounts

__all__ = [
    "REPORTED_STATES",
    "Action",
    "ActionLead",
    "ActionLeadQuerySet",
    "ActionQuerySet",
    "LinkedDocument",
    "PlanImportChoices",
    "ProgressUpdate",
    "ProgressUpdateQuerySet",
    "ReminderSent",
    "ReportingRound",
    "ReportingRoundQuerySet",
    "Status",
    "StatusCounts",
]
