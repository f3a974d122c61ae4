from django import forms

from reports.models import RoundCommentary
from themes.forms import GovukFormMixin, Textarea


class RoundCommentaryForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = RoundCommentary
        fields = ["text"]
        widgets = {"text": Textarea(attrs={"rows": 6})}
