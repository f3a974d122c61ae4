from django import forms

from portal.forms import GovukFormMixin, Textarea
from reports.models import RoundCommentary


class RoundCommentaryForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = RoundCommentary
        fields = ["text"]
        widgets = {"text": Textarea(attrs={"rows": 6})}
