from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from actions.models import Action, ProgressUpdate, ReportingRound, Status
from actions.privacy import identifying_flags
from actions.services import CORRECTION_REASON_LENGTH, EditConflict, lock_unchanged
from portal.forms import (
    DateInput,
    GovukForm,
    GovukFormMixin,
    ListedModelMultipleChoiceField,
    Textarea,
    _base_class,
)
from themes.models import Partner


class VersionedMixin:
    """Carries the `updated_at` of the object as the user first saw it, to detect edits
    made by someone else in the meantime (the rule itself is services.lock_unchanged)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.opened_version()

    def opened_version(self):
        return self.instance.updated_at.isoformat()

    def refuse_if_stale(self):
        """Add a form error when someone saved the object after this form was opened. The
        form then carries their version, so saving it again replaces theirs deliberately."""
        if not self.instance.pk:
            return
        try:
            with transaction.atomic():
                lock_unchanged(
                    type(self.instance), self.instance.pk, self.cleaned_data.get("version")
                )
        except EditConflict as conflict:
            current = conflict.current
            last = current.history.select_related("history_user").first()
            who = last.history_user if last and last.history_user else None
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current.updated_at.isoformat()
            self.add_error(
                None,
                _(
                    "Not saved: %(name)s saved a newer version at %(date)s, after you opened "
                    "this page. What you typed is below; their version is in the history. "
                    "Save again to replace their version with yours."
                )
                % {
                    "name": (who.get_full_name() or who.username) if who else _("someone"),
                    "date": timezone.localtime(current.updated_at).strftime("%d/%m/%Y %H:%M"),
                },
            )


class VersionedFormMixin(VersionedMixin, GovukFormMixin):
    """A portal form that detects edits made by someone else since it was opened."""


class ConfirmFlagsMixin:
    """Once the identifying-words check has flagged text about to be published, the form
    names the flagged words and gains the box a person ticks to confirm they read them.

    Call `ask_to_confirm(flags)` when the service refuses; read `flags_confirmed`.
    """

    CONFIRM = "checked_identifying"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = []
        if self.is_bound and self.data.get(self.add_prefix(self.CONFIRM)):
            self._add_confirm_field()

    def _add_confirm_field(self):
        field = forms.BooleanField(
            label=_("I have checked the flagged words and the text can be published"),
            required=False,
        )
        field.widget.attrs["class"] = _base_class(field.widget)
        self.fields[self.CONFIRM] = field

    @property
    def flags_confirmed(self):
        return bool(self.cleaned_data.get(self.CONFIRM))

    def ask_to_confirm(self, flags):
        """Keep everything typed, list the flagged words and ask for the box to be ticked."""
        self.flags = flags
        if self.CONFIRM not in self.fields:
            self._add_confirm_field()
        words = "; ".join(f"“{flag.text}” ({flag.kind})" for flag in flags)
        self.add_error(
            self.CONFIRM,
            _(
                "Not saved: the public summary may identify someone: %(words)s. Edit the "
                "summary if needed, then tick this box."
            )
            % {"words": words},
        )


# ProgressUpdateForm offers every update the user may write unless given one `partner`.
ANY_PARTNER = object()


class ProgressUpdateForm(ConfirmFlagsMixin, VersionedFormMixin, forms.ModelForm):
    """A partner's progress update on one action for one round."""

    contribution = forms.ChoiceField(
        label=_("This update is"),
        required=False,
        help_text=_(
            "On an action led by several partners, each partner reports its own part; the "
            "first-named lead writes the summary for the whole action."
        ),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["round", "status", "narrative", "public_summary", "next_steps"]
        widgets = {
            "narrative": Textarea(attrs={"rows": 8}),
            "public_summary": Textarea(attrs={"rows": 5}),
            "next_steps": Textarea(attrs={"rows": 3}),
        }
        labels = {"narrative": _("Progress (for partners and the Executive)")}
        help_texts = {
            "public_summary": _(
                "What residents will read once a CSP officer publishes it. Do not name victims, "
                "suspects or addresses."
            ),
        }

    def __init__(
        self,
        *args,
        action,
        lead_partners,
        is_officer,
        submit=False,
        round=None,
        partner=ANY_PARTNER,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.action = action
        self.submit = submit
        self.instance.action = action
        if round is not None:
            # The page is for one round (the whole-round page): nothing to choose.
            del self.fields["round"]
            self.instance.round = round
        else:
            # An update may move to another open round, or stay in its own even once that
            # round has closed: a select without it would show empty and save nothing.
            rounds = action.plan.rounds.filter(
                Q(state=ReportingRound.State.OPEN) | Q(pk=self.instance.round_id)
            )
            self.fields["round"].queryset = rounds.order_by("-starts_on", "-pk")
            self.fields["round"].empty_label = None
        self.fields["status"].label = _("How is it going?")
        if not self.instance.pk and not self.is_bound:
            # Left as it is, a new update repeats the action's status rather than the
            # model's "Not recorded", which publishing would copy onto the action.
            self.initial["status"] = action.status
        self.options = self._contribution_options(action, lead_partners, is_officer)
        if partner is not ANY_PARTNER:
            self.options = [option for option in self.options if option[2] == partner]
        if self.instance.pk or len(self.options) <= 1:
            del self.fields["contribution"]
            self.partner = self.instance.partner if self.instance.pk else self.options[0][2]
            if self.partner is not None:
                # A lead's part says how its own work goes; the status of the action is the
                # first-named lead's to propose.
                del self.fields["status"]
        else:
            self.fields["contribution"].choices = [(v, label) for v, label, _p in self.options]
            self.partner = None
            self.fields["status"].help_text = _(
                "For the summary of the whole action only: a partner's part has no status."
            )
        self.order_fields(["contribution", "round", "status", "narrative", "public_summary"])

    @staticmethod
    def _contribution_options(action, lead_partners, is_officer):
        """(value, label, partner) for each kind of update this user may write: the
        first-named lead (and an officer) writes the update of the whole action, every other
        lead its own part, as Action.owed_partner and ActionLeadQuerySet.with_owed_update
        say who owes what."""
        leads = [link.partner for link in action.lead_links.all()]
        if len(leads) <= 1:
            return [("", _("The action's update"), None)]
        options = []
        if is_officer or leads[0] in lead_partners:
            options.append(("", _("The summary for the whole action"), None))
        parts = leads[1:] if is_officer else [p for p in lead_partners if p in leads[1:]]
        for partner in parts:
            options.append(
                (str(partner.pk), _("%(partner)s's part") % {"partner": partner}, partner)
            )
        return options

    def clean(self):
        cleaned = super().clean()
        if "contribution" in self.fields:
            value = cleaned.get("contribution") or ""
            self.partner = next(p for v, _label, p in self.options if v == value)
        self.instance.partner = self.partner
        if self.partner is not None and "status" in cleaned:
            cleaned["status"] = Status.NOT_RECORDED
        round = cleaned.get("round") if "round" in self.fields else self.instance.round
        if round:
            duplicate = ProgressUpdate.objects.filter(
                action=self.action, round=round, partner=self.partner
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "round",
                    _("There is already an update for this round: edit that one instead."),
                )
        if self.submit and not (cleaned.get("public_summary") or "").strip():
            self.add_error(
                "public_summary", _("Write a public summary before you submit the update.")
            )
        return cleaned


class UpdateCorrectionForm(ConfirmFlagsMixin, VersionedFormMixin, forms.ModelForm):
    """A CSP officer corrects a published update of a closed round, saying why."""

    reason = forms.CharField(
        label=_("Why is it corrected?"),
        max_length=CORRECTION_REASON_LENGTH,
        help_text=_("Kept in the update's history, for partners and the Executive."),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["status", "narrative", "public_summary", "next_steps"]
        widgets = ProgressUpdateForm.Meta.widgets
        labels = ProgressUpdateForm.Meta.labels
        help_texts = {"public_summary": _("Residents read it as soon as you save.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["reason"])


class RestoreForm(ConfirmFlagsMixin, GovukFormMixin, forms.Form):
    """An officer confirms restoring a version that changes what residents read."""

    def ask_to_restore(self, flags):
        self.flags = flags
        if self.CONFIRM not in self.fields:
            self._add_confirm_field()
        self.fields[self.CONFIRM].label = _(
            "I have read what residents will read after the restore, and it can be published"
        )
        if self.is_bound and self.CONFIRM in self.data:
            self.add_error(self.CONFIRM, _("Tick this box to restore the version."))


class ReviewForm(GovukFormMixin, forms.Form):
    """A CSP officer publishes a submitted update, or sends it back with a comment."""

    PUBLISH = "publish"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(PUBLISH, _("Publish it")), (RETURN, _("Send it back to the author"))],
        widget=forms.RadioSelect,
    )
    public_summary = forms.CharField(
        label=_("Public summary"),
        widget=Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("You may edit it before publishing."),
    )
    action_status = forms.ChoiceField(
        label=_("The action's status, as the Executive will see it"),
        choices=Status.choices,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment for the author"),
        widget=Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Needed when you send the update back. Partners see it; the public never does."
        ),
    )
    checked_identifying = forms.BooleanField(
        label=_("I have checked the flagged words and the summary can be published"),
        required=False,
    )

    def __init__(self, *args, update, names=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.update = update
        self.names = names
        self.flags = []
        if not self.is_bound:
            status = update.status
            if status == Status.NOT_RECORDED:
                status = update.action.status
            self.initial.update(public_summary=update.public_summary, action_status=status)
            self.flags = identifying_flags(update.public_summary, names)
        if update.partner_id:
            del self.fields["action_status"]

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        summary = (cleaned.get("public_summary") or "").strip()
        self.flags = identifying_flags(summary, self.names)
        if decision == self.RETURN and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say what the author should change."))
        if decision == self.PUBLISH:
            if not summary:
                self.add_error("public_summary", _("Write the public summary to publish."))
            elif self.flags and not cleaned.get("checked_identifying"):
                self.add_error(
                    "checked_identifying",
                    _("Read the flagged words, edit the summary if needed, then tick this box."),
                )
        return cleaned


class OfficerActionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "theme",
            "text",
            "easy_read_summary",
            "lead_role",
            "contact_name",
            "contact_is_public",
            "priorities",
            "commitments",
            "starts_on",
            "due_on",
            "status",
        ]
        widgets = {
            "text": Textarea(attrs={"rows": 5}),
            "easy_read_summary": Textarea(attrs={"rows": 3}),
            "priorities": forms.CheckboxSelectMultiple,
            "commitments": forms.CheckboxSelectMultiple,
            "starts_on": DateInput,
            "due_on": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["theme"].queryset = plan.themes.order_by("number")
        self.fields["priorities"].queryset = plan.priorities.order_by("number")
        self.fields["commitments"].queryset = (
            self.fields["commitments"]
            .queryset.filter(statement__plan=plan)
            .order_by("statement__position", "position")
        )


class PartnerActionForm(VersionedFormMixin, forms.ModelForm):
    """What a partner lead may change on an action their organisation leads."""

    class Meta:
        model = Action
        fields = ["easy_read_summary", "starts_on", "due_on"]
        widgets = {
            "easy_read_summary": Textarea(attrs={"rows": 3}),
            "starts_on": DateInput,
            "due_on": DateInput,
        }


class RoundForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingRound
        fields = ["name", "starts_on", "due_on"]
        widgets = {
            "starts_on": DateInput,
            "due_on": DateInput,
        }
        help_texts = {"name": _("For example “Q3 2025–26”.")}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

    def _get_validation_exclusions(self):
        # The plan is set by the view, not typed, but the name must still be unique within it.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("plan")
        return exclusions


class VersionCompareForm(forms.Form):
    """The two versions a history page compares, as its links name them."""

    first = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    second = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class PartnerChoiceField(ListedModelMultipleChoiceField):
    """Partners as checkboxes, teams named with their organisation."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        queryset = Partner.objects.select_related("parent").order_by("name")
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, partner):
        return partner.full_name


class AccountInviteForm(GovukForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    # The address is also the username, which holds at most 150 characters.
    email = forms.EmailField(
        label=_("Email address"),
        max_length=150,
        help_text=_("The invitation is sent here, and they sign in with it."),
    )
    partners = PartnerChoiceField(
        label=_("Partners they work for"),
        help_text=_("They may update the actions these partners lead."),
        error_messages={"required": _("Choose at least one partner they work for.")},
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        taken = Q(email__iexact=email) | Q(username__iexact=email)
        if get_user_model().objects.filter(taken).exists():
            raise ValidationError(_("An account with this email address already exists."))
        return email


class AccountEditForm(GovukForm):
    role = forms.ChoiceField(label=_("Role"), widget=forms.RadioSelect)
    partners = PartnerChoiceField(
        label=_("Partners"),
        required=False,
        help_text=_("A partner lead may update the actions these partners lead."),
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.PARTNER_LEAD and not cleaned.get("partners"):
            self.add_error("partners", _("Choose at least one partner for a partner lead."))
        return cleaned
