"""Form helpers shared by every app: GOV.UK Frontend classes on Django's widgets."""

from django import forms

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
                    widget.attrs["class"] += f" {base}--error"


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
