"""Sign-in, password change and password reset: Django's views with GOV.UK forms and the
sign-in throttle of accounts.security, with the link that lifts an account-wide pause."""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts.security import (
    client_ip,
    log_refusal,
    sign_in_pause_lift,
    sign_in_refusal,
    unlock_token_check,
)
from portal.forms import GovukFormMixin


class SignInForm(GovukFormMixin, auth_forms.AuthenticationForm):
    """Django's sign-in form, refused with a clear message while the throttle says so."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
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
            # No waiting here: a worker answers at once, and says so when this failure
            # started a pause.
            refusal = sign_in_refusal(username, ip)
            if refusal:
                raise ValidationError(refusal.message, code="throttled") from None
            raise


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


@login_not_required
@never_cache
def sign_in_unlock(request, token):
    """The emailed link: a button (a POST, which mail scanners that open links never send)
    lifts the account-wide pause."""
    is_valid = unlock_token_check(token) is not None
    if request.method == "POST" and is_valid:
        sign_in_pause_lift(token=token, ip=client_ip(request))
        messages.success(request, _("Signing in to the account works again from anywhere."))
        return redirect("login")
    if request.method == "POST":
        sign_in_pause_lift(token=token, ip=client_ip(request))  # logs the refusal
    return render(request, "registration/sign_in_unlock.html", {"is_valid": is_valid})


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
    path("unlock/<str:token>/", sign_in_unlock, name="sign_in_unlock"),
]
