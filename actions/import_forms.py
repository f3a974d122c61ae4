"""Forms of the spreadsheet import: a new plan, the upload, and the choices for unknown names."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from actions.import_services import default_round
from actions.imports import (
    CREATE,
    IGNORE,
    MAX_FILE_SIZE,
    READ_COLUMNS,
    ROLE,
    ImportFileError,
    read_limited,
    read_table,
    too_large_message,
)
from actions.models import ReportingRound
from portal.forms import GovukForm, GovukFormMixin
from themes.models import Plan

# The columns of a progress update: a file with any of them and no Round column needs a round.
PROGRESS_COLUMNS = ("narrative", "update_status", "public_summary")


class ImportSizeLimitHandler(FileUploadHandler):
    """Stops storing an uploaded file once it passes the import limit: the rest of it is read
    and thrown away, never kept, and the request is marked so the form can say why."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_FILE_SIZE:
            self.request.import_file_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class PlanStartForm(GovukFormMixin, forms.ModelForm):
    """A new, draft plan to import actions into."""

    class Meta:
        model = Plan
        fields = ["title", "start_year", "end_year"]
        help_texts = {
            "title": _("As the partnership calls it, e.g. Community Safety Partnership Plan."),
            "start_year": _("For example, 2025."),
            "end_year": _("The same as the first year for a plan of one calendar year."),
        }

    def save(self, commit=True):
        plan = super().save(commit=False)
        plan.state = Plan.State.DRAFT
        plan.slug = _unique_plan_slug(f"{plan.title} {plan.start_year}")
        if commit:
            plan.save()
        return plan


def _unique_plan_slug(text):
    base = slugify(text)[:90] or "plan"
    slug, n = base, 1
    while Plan.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class PlanImportUploadForm(GovukForm):
    """The file, read and checked as it is validated: cleaned_data holds its bytes and rows."""

    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A CSV file or an Excel workbook (.xlsx) of at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        if self.too_large:
            # The oversized file was never kept, so "required" would mislead.
            self.errors.pop("file", None)
            raise ValidationError({"file": too_large_message()})
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data
        try:
            self.cleaned_data["data"] = read_limited(upload)
            self.cleaned_data["table"] = read_table(self.cleaned_data["data"])
        except ImportFileError as error:
            raise ValidationError({"file": [str(problem) for problem in error.problems]}) from None
        return self.cleaned_data


def _field_key(key):
    """A form field's name for an unknown name, the same whatever else the file holds."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


class ImportChoicesForm(GovukForm):
    """One select per partner or theme the file names that the portal does not know: create
    it, or map it to an existing one."""

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_fields = []
        self.theme_fields = []
        self.column_fields = []
        table = preview.parsed.table
        column_choices = [(IGNORE, gettext("Not imported"))] + [
            (column.key, column.heading) for column in READ_COLUMNS
        ]
        for heading in table.headings:
            name = f"column_{heading.index}"
            field = forms.ChoiceField(
                label=heading.text,
                choices=column_choices,
                required=False,
                help_text=gettext("Column %(letter)s") % {"letter": heading.letter}
                + (gettext(" (a guess: check it)") if heading.guessed else ""),
            )
            field.widget.attrs["class"] = "govuk-select"
            self.fields[name] = field
            self.initial[name] = heading.key or IGNORE
            self.column_fields.append((name, heading))
        if len(table.sheets) > 1:
            self.fields["sheet"] = forms.ChoiceField(
                label=_("Worksheet"), choices=[(name, name) for name in table.sheets]
            )
            self.fields["sheet"].widget.attrs["class"] = "govuk-select"
            self.initial["sheet"] = table.sheet
        partners = sorted(preview.partners, key=lambda p: p.full_name.casefold())
        partner_options = [(str(p.pk), p.full_name) for p in partners]
        theme_options = [(str(t.pk), str(t)) for t in preview.themes]
        for item in preview.unknown_partners:
            create = gettext("Create a new partner called “%(name)s”") % {"name": item.name}
            name = f"partner_{_field_key(item.key)}"
            options = partner_options
            if item.suggestion is not None:
                # The closest name is offered first, never chosen for the officer.
                suggested = (str(item.suggestion.pk), item.suggestion.full_name)
                options = [suggested] + [o for o in partner_options if o != suggested]
            self._add(name, item, create, options, _("Use the partner"), role=True)
            self.partner_fields.append((name, item))
        for item in preview.unknown_themes:
            create = ""
            if item.can_create:
                create = gettext("Create theme %(theme)s") % {"theme": item.new}
            name = f"theme_{_field_key(item.key)}"
            self._add(name, item, create, theme_options, _("Use the theme"))
            self.theme_fields.append((name, item))
        if preview.publishes:
            self.fields["publish"] = forms.BooleanField(
                label=_(
                    "I have read the imported progress: publish it now. Otherwise it is "
                    "imported as submitted, waiting on the review page."
                ),
                required=False,
            )
            self.fields["publish"].widget.attrs["class"] = "govuk-checkboxes__input"
        if preview.flagged:
            self.fields["publish_flagged"] = forms.BooleanField(
                label=_(
                    "I have checked the flagged words: publish this progress too. Otherwise it "
                    "is imported as submitted, for review, even when the rest is published."
                ),
                required=False,
            )
            self.fields["publish_flagged"].widget.attrs["class"] = "govuk-checkboxes__input"

    @property
    def publishes(self):
        return bool(self.cleaned_data.get("publish"))

    @property
    def publishes_flagged(self):
        return bool(self.cleaned_data.get("publish_flagged"))

    def _add(self, name, item, create_label, options, group_label, role=False):
        choices = []
        if item.choice is None:
            choices.append(("", gettext("Choose what to do")))
        if role:
            choices.append((ROLE, gettext("It is a job title: make it the action's lead role")))
        if item.can_create:
            choices.append((CREATE, create_label))
        if options:
            choices.append((group_label, options))
        rows = ", ".join(str(row) for row in item.rows[:10])
        if len(item.rows) > 10:
            rows += " …"
        where = ngettext("Row %(rows)s", "Rows %(rows)s", len(item.rows)) % {"rows": rows}
        field = forms.ChoiceField(
            label=item.name, choices=choices, help_text=f"{where}: {item.reason}"
        )
        field.widget.attrs["class"] = "govuk-select"
        self.fields[name] = field
        if item.choice is not None:
            self.initial[name] = item.choice_value

    def _mapping(self, fields):
        return {item.key: self.cleaned_data[name] for name, item in fields}

    def column_mapping(self):
        """{heading as compared: column key or IGNORE} as chosen."""
        return {
            heading.name: self.cleaned_data[name] or heading.key or IGNORE
            for name, heading in self.column_fields
        }

    @property
    def bound_column_fields(self):
        return [(self[name], heading) for name, heading in self.column_fields]

    def partner_mapping(self):
        return self._mapping(self.partner_fields)

    def theme_mapping(self):
        return self._mapping(self.theme_fields)

    @property
    def bound_partner_fields(self):
        return [self[name] for name, _item in self.partner_fields]

    @property
    def bound_theme_fields(self):
        return [self[name] for name, _item in self.theme_fields]


class ImportRoundForm(GovukForm):
    """The reporting round of the progress in a file without a Round column: one of the
    plan's rounds, or a new one, named as the officer types it."""

    round_name = forms.CharField(
        label=_("Reporting round of the progress"),
        max_length=ReportingRound._meta.get_field("name").max_length,
        error_messages={"required": _("Name the reporting round the progress belongs to.")},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_names = list(
            ReportingRound.objects.filter(plan=plan).order_by("-pk").values_list("name", flat=True)
        )
        self.default = default_round(plan)
        self.initial["round_name"] = self.default
        field = self.fields["round_name"]
        field.help_text = _(
            "The file has no Round column, so all its progress belongs to one round: one of "
            "the plan's rounds, or a new one with the name you type."
        )
        field.widget.attrs["list"] = "round-names"

    @staticmethod
    def needed(table):
        """Whether the table's progress needs a round named for it."""
        columns = set(table.columns)
        return "round" not in columns and any(key in columns for key in PROGRESS_COLUMNS)

    @property
    def chosen(self):
        """The round chosen, or the default while the choice is not valid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["round_name"]
        return self.default
