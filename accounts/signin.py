"""Sign-in, password change and password reset: Django's views with GOV.UK forms and the
sign-in throttle of accounts.security."""

import time

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.security import (
    client_ip,
    log_refusal,
    recent_failures,
    sign_in_delay,
    sign_in_refusal,
)
from portal.forms import GovukFormMixin


class SignInForm(GovukFormMixin, auth_forms.AuthenticationForm):
    """Django's sign-in form, refused with a clear message while the throttle says so."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _(
            "Enter a correct username and password. Both are case-sensitive. After several "
            "failed attempts, signing in is paused for a while."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["spellcheck"] = "false"

    def clean(self):
        username = self.cleaned_data.get("username")
        ip = client_ip(self.request)
        refusal = sign_in_refusal(username, ip)
        if refusal:
            log_refusal(self.request, username, refusal)
            raise ValidationError(refusal.message, code="throttled")
        if self.request is not None:
            self.request.sign_in_throttle_checked = True
        try:
            return super().clean()
        except ValidationError:
            failures = recent_failures(username, ip)
            time.sleep(sign_in_delay(failures))
            refusal = sign_in_refusal(username, ip, failures)
            if refusal:
                raise ValidationError(refusal.message, code="throttled") from None
            raise


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


# Placed before django.contrib.auth.urls, so these names resolve to these views.
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
]
