"""Form helpers shared by every app: GOV.UK Frontend classes on Django's widgets."""

from django import forms
from django.utils.text import normalize_newlines

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


def _base_class(widget):
    for widget_type in type(widget).__mro__:
        if widget_type in _WIDGET_CLASSES:
            return _WIDGET_CLASSES[widget_type]
    return "govuk-input"


class DateInput(forms.DateInput):
    """A browser date picker. It shows and sends only ISO dates (YYYY-MM-DD): given a date in
    the locale's format (31/03/2026), it shows an empty box and the browser sends nothing back."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class Textarea(forms.Textarea):
    """A text box whose text is stored with the line breaks it was shown with. Browsers send
    every line break as CRLF, so without this each save would rewrite the stored text."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_newlines(value) if isinstance(value, str) else value


class GovukFormMixin:
    """Give each widget its GOV.UK class, and the error modifier once validation fails.

    Use it first in the bases: `class ActionForm(GovukFormMixin, forms.ModelForm)`; it also
    works on django-filter's forms through `FilterSet.Meta.form`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            base = _base_class(field.widget)
            field.widget.attrs["class"] = f"{base} {field.widget.attrs.get('class', '')}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                base = _base_class(widget)
                if base in ("govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"):
                    classes = widget.attrs.get("class", base)
                    widget.attrs["class"] = f"{classes} {base}--error"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's choices read with one ordinary query. Django reads them with
    QuerySet.iterator(), which on PostgreSQL opens a server-side cursor: three round trips
    (DECLARE, FETCH, CLOSE) for a list of a few dozen themes or partners."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ListedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ListedChoiceIterator
