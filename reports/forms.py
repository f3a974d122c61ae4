from django import forms

from reports.models import RoundCommentary
from themes.forms import GovukFormMixin


class RoundCommentaryForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = RoundCommentary
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
