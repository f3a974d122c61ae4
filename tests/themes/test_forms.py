from django import forms

from portal.forms import GovukForm


class ExampleForm(GovukForm):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)
    colour = forms.ChoiceField(choices=[("red", "Red")])
    agree = forms.BooleanField(required=False)


def test_widgets_get_govuk_classes():
    form = ExampleForm()
    assert form.fields["name"].widget.attrs["class"] == "govuk-input"
    assert form.fields["notes"].widget.attrs["class"] == "govuk-textarea"
    assert form.fields["colour"].widget.attrs["class"] == "govuk-select"
    assert form.fields["agree"].widget.attrs["class"] == "govuk-checkboxes__input"


def test_invalid_fields_get_the_error_modifier_and_keep_their_input():
    form = ExampleForm({"name": "", "notes": "kept", "colour": "blue"})
    assert not form.is_valid()
    assert form.fields["name"].widget.attrs["class"] == "govuk-input govuk-input--error"
    assert form.fields["colour"].widget.attrs["class"] == "govuk-select govuk-select--error"
    assert "kept" in str(form["notes"])
