"""Officers' forms for the partnership's identity and the public information pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import GovukFormMixin, Textarea
from portal.uploads import JPEG, PNG, check_upload, checked_upload
from themes.models import Partnership, PublicPage

LOGO_MAX_BYTES = 1024 * 1024


class PartnershipForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "short_name", "area", "contact_email", "website", "brand_colour", "logo"]
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            if check_upload(logo, max_bytes=LOGO_MAX_BYTES) not in (PNG, JPEG):
                raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
            return checked_upload(logo, max_bytes=LOGO_MAX_BYTES)
        return logo


class PublicPageForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["body"]
        widgets = {"body": Textarea(attrs={"rows": 25})}
