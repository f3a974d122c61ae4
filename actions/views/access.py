"""The one permission checkpoint for actions: who may see, edit and report on which action."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from accounts.roles import ADD_UPDATES, CHANGE_ACTIONS, VIEW_INTERNAL_PAGES, is_officer
from actions.models import Action, ActionLead, ProgressUpdate


@dataclass
class ActionAccess:
    is_officer: bool = False
    can_view: bool = False
    can_edit: bool = False
    can_report: bool = False
    lead_partners: list = field(default_factory=list)
    # The `partner` of the update this user's partners owe in a round (Action.owed_partner).
    owed_partner: object = None

    @property
    def is_first_lead(self):
        """Whether the user's partners include the first-named lead, who alone writes the
        summary and proposes the status of the whole action."""
        return bool(self.lead_partners) and self.owed_partner is None

    def may_write(self, update):
        """Whether this user may change `update`: officers always; leads while it is not
        published, and only their own partner's part or, for the summary, the first lead."""
        if self.is_officer:
            return True
        if update.state == ProgressUpdate.State.PUBLISHED:
            return False
        if update.partner_id:
            return any(partner.pk == update.partner_id for partner in self.lead_partners)
        return self.is_first_lead

    def may_correct(self, update):
        """Whether this user may correct `update` after its round was frozen: officers."""
        return self.is_officer and update.is_changed_only_by_correction

    def may_edit(self, update):
        """Whether the update's edit page lets this user change it."""
        return self.can_report and self.may_write(update)

    def may_review(self, update):
        """Whether this user may publish `update` or send it back: officers, once submitted."""
        return self.is_officer and update.state == ProgressUpdate.State.SUBMITTED

    def mark_updates(self, updates):
        """Set `may_correct`, `may_edit` and `may_review` on each of `updates`, for the page
        that links to those pages."""
        for update in updates:
            update.may_correct = self.may_correct(update)
            update.may_edit = self.may_edit(update)
            update.may_review = self.may_review(update)
        return updates


def action_for_user(request, pk):
    """The action with what the page shows, and what `request.user` may do with it."""
    action = get_object_or_404(
        Action.objects.select_related("plan", "theme").prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent"))
        ),
        pk=pk,
    )
    user = request.user
    access = ActionAccess(is_officer=is_officer(user))
    user_partner_ids = {partner.pk for partner in user.partners.all()}
    access.lead_partners = [
        link.partner
        for link in action.lead_links.all()
        if link.partner.pk in user_partner_ids or link.partner.parent_id in user_partner_ids
    ]
    access.owed_partner = action.owed_partner(access.lead_partners)
    is_lead = bool(access.lead_partners) and user.has_perm(CHANGE_ACTIONS)
    access.can_view = access.is_officer or is_lead or user.has_perm(VIEW_INTERNAL_PAGES)
    access.can_edit = access.is_officer or is_lead
    access.can_report = access.is_officer or (
        bool(access.lead_partners) and user.has_perm(ADD_UPDATES)
    )
    return action, access
