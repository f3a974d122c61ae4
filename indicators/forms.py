"""Forms for entering an indicator's figures and targets, and uploading a CSV of figures."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators.imports import MAX_UPLOAD_BYTES
from indicators.models import Frequency, IndicatorTarget, IndicatorValue
from indicators.periods import parse_figure, parse_period
from portal.forms import DateInput, GovukForm, GovukFormMixin

_PERIOD_HELP = {
    Frequency.MONTHLY: _("The month, for example 2025-03 for March 2025."),
    Frequency.QUARTERLY: _("The quarter, for example 2025-Q1 for January to March 2025."),
    Frequency.YEARLY: _("The year, for example 2025."),
    Frequency.FINANCIAL_YEAR: _("The financial year, for example 2025-26."),
}


class PeriodField(forms.CharField):
    """A period typed as people write it (2025-03, 2025-Q1, 2025-26), cleaned to its first day."""

    def __init__(self, *, frequency=Frequency.MONTHLY, **kwargs):
        self.frequency = frequency
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "strftime"):
            if self.frequency == Frequency.QUARTERLY:
                return f"{value.year}-Q{(value.month + 2) // 3}"
            if self.frequency == Frequency.YEARLY:
                return str(value.year)
            if self.frequency == Frequency.FINANCIAL_YEAR:
                return f"{value.year}-{(value.year + 1) % 100:02d}"
            return value.strftime("%Y-%m")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_period(value, self.frequency)


class FigureField(forms.CharField):
    """A number typed as people write it: 1234, 1,234, 12.5 or 40%."""

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            text = f"{value:f}"
            return text.rstrip("0").rstrip(".") if "." in text else text
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_figure(value)


class _IndicatorOwnedForm(GovukFormMixin, forms.ModelForm):
    """A form for a row that belongs to an indicator the page sets, not the person typing."""

    def validate_constraints(self):
        # The indicator and the period length come from the page, so Django would leave out
        # the rules that involve them ("one figure per period and breakdown").
        try:
            self.instance.validate_constraints(exclude=set(self.errors))
        except ValidationError as error:
            self.add_error(None, error)


class IndicatorValueForm(_IndicatorOwnedForm):
    class Meta:
        model = IndicatorValue
        fields = ["period_start", "breakdown", "figure"]
        field_classes = {"period_start": PeriodField, "figure": FigureField}

    def __init__(self, *args, indicator, **kwargs):
        kwargs.setdefault(
            "instance", IndicatorValue(indicator=indicator, frequency=indicator.frequency)
        )
        super().__init__(*args, **kwargs)
        period = self.fields["period_start"]
        period.frequency = self.instance.frequency
        period.help_text = _PERIOD_HELP[Frequency(self.instance.frequency)]
        period.widget.attrs["class"] += " govuk-input--width-10"
        self.fields["figure"].label = _("Figure (%(unit)s)") % {"unit": indicator.unit}
        self.fields["figure"].widget.attrs.update(
            {
                "class": self.fields["figure"].widget.attrs["class"] + " govuk-input--width-10",
                "inputmode": "decimal",
                "spellcheck": "false",
            }
        )


class IndicatorTargetForm(_IndicatorOwnedForm):
    class Meta:
        model = IndicatorTarget
        fields = ["target_on", "figure"]
        field_classes = {"figure": FigureField}
        widgets = {"target_on": DateInput}
        help_texts = {"target_on": _("The date by which the figure should be reached.")}

    def __init__(self, *args, indicator, **kwargs):
        kwargs.setdefault("instance", IndicatorTarget(indicator=indicator))
        super().__init__(*args, **kwargs)
        self.fields["figure"].label = _("Target figure (%(unit)s)") % {"unit": indicator.unit}
        self.fields["figure"].widget.attrs["class"] += " govuk-input--width-10"
        self.fields["target_on"].widget.attrs["class"] += " govuk-input--width-10"


class ValueUploadForm(GovukForm):
    file = forms.FileField(
        label=_("CSV file or Excel workbook"),
        help_text=_(
            "A .csv or .xlsx file. Columns: period, value and, if figures are broken down, "
            "breakdown. You will see what it changes before anything is saved."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(
                _("The file must be a CSV file or an Excel workbook (ending in .csv or .xlsx).")
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file must be smaller than %(size)s MB.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


POLICE_MAX_FILES = 24
POLICE_MAX_FILE_BYTES = 20 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, cleaned to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,text/csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(file, initial) for file in data]
        return [super().clean(data, initial)]


class PoliceUploadForm(GovukForm):
    """data.police.uk street-level files; each indicator says what it counts of them."""

    files = MultipleFileField(
        label=_("Street-level crime files"),
        help_text=_(
            "The CSV files from data.police.uk (“…-street.csv”), one per force per month. "
            "Upload all the files of a month together."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > POLICE_MAX_FILES:
            raise ValidationError(
                _("Upload at most %(max)s files at a time.") % {"max": POLICE_MAX_FILES}
            )
        for file in files:
            if not file.name.lower().endswith(".csv"):
                raise ValidationError(
                    _("%(file)s is not a CSV file (ending in .csv).") % {"file": file.name}
                )
            if file.size > POLICE_MAX_FILE_BYTES:
                raise ValidationError(
                    _("%(file)s is larger than %(size)s MB.")
                    % {"file": file.name, "size": POLICE_MAX_FILE_BYTES // (1024 * 1024)}
                )
        return files
