"""Officers' forms for the partnership's identity and the public information pages."""

from django import forms

from portal.forms import GovukFormMixin, Textarea
from portal.uploads import checked_upload
from themes.models import LOGO_MAX_BYTES, Partnership, PublicPage


class PartnershipForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "short_name", "area", "contact_email", "website", "brand_colour", "logo"]
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            # Checked by the model field's validate_logo; stored under a random name with the
            # extension its content shows.
            return checked_upload(logo, max_bytes=LOGO_MAX_BYTES)
        return logo


class PublicPageForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["body"]
        widgets = {"body": Textarea(attrs={"rows": 25})}
