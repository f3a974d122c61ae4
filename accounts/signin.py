"""Sign-in, two-factor sign-in, password change and password reset: Django's views with
GOV.UK forms, the sign-in throttle of accounts.security and the second factor of
accounts.twofactor."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import twofactor
from accounts.security import (
    client_ip,
    log_refusal,
    sign_in_pause_lift,
    sign_in_refusal,
    unlock_token_check,
)
from portal.emails import email_context
from portal.forms import GovukForm, GovukFormMixin


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
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Django's email, naming what every email of the portal names (the partnership)."""
        context = {**email_context(), **context}
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


class CodeForm(GovukForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )


class SetUpCodeForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        help_text=gettext_lazy("The 6-digit code the app shows once it has added the portal."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
    )


def _form(form_class, request):
    return form_class(request.POST if request.method == "POST" else None)


@twofactor.two_factor_exempt
@sensitive_post_parameters("code")
@never_cache
def two_factor_verify(request):
    user = request.user
    next_url = twofactor.next_url(request)
    if user.is_verified() or twofactor.confirmed_device(user) is None:
        return HttpResponseRedirect(next_url)
    form = _form(CodeForm, request)
    if request.method == "POST" and form.is_valid():
        problem = twofactor.code_verify(request=request, code=form.cleaned_data["code"])
        if problem is None:
            return HttpResponseRedirect(next_url)
        form.add_error("code", problem)
    context = {"form": form, "next": next_url, "heading": _("Enter your code")}
    return render(request, "registration/two_factor_verify.html", context)


@twofactor.two_factor_exempt
@sensitive_post_parameters("code")
@never_cache
def two_factor_setup(request):
    user = request.user
    next_url = twofactor.next_url(request)
    if twofactor.confirmed_device(user) is not None:
        # A new app replaces the old one only once the old one has given its code.
        if not user.is_verified():
            return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
        messages.info(request, _("Two-factor sign-in is already on for your account."))
        return redirect("two_factor")
    device = twofactor.setup_device(request)
    form = _form(SetUpCodeForm, request)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.two_factor_enable(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session[twofactor.NEW_CODES_SESSION_KEY] = codes
            query = urlencode({"next": next_url})
            return redirect(f"{reverse('two_factor_recovery_codes')}?{query}")
        form.add_error("code", _("The code is not right. Enter the code the app shows now."))
    context = {
        "form": form,
        "next": next_url,
        "heading": _("Set up two-factor sign-in"),
        "qr_code": twofactor.qr_code_svg(device),
        "secret": twofactor.secret_text(device),
        "is_required": twofactor.two_factor_required(user),
    }
    return render(request, "registration/two_factor_setup.html", context)


@never_cache
def two_factor_recovery_codes(request):
    codes = request.session.pop(twofactor.NEW_CODES_SESSION_KEY, None)
    if not codes:
        messages.info(request, _("Recovery codes are shown only once, just after set-up."))
        return redirect("two_factor")
    context = {"codes": codes, "next": twofactor.next_url(request)}
    return render(request, "registration/two_factor_recovery_codes.html", context)


def two_factor(request):
    user = request.user
    context = {
        "is_on": twofactor.confirmed_device(user) is not None,
        "is_required": twofactor.two_factor_required(user),
        "form": CodeForm(),
    }
    return render(request, "registration/two_factor.html", context)


@require_POST
@sensitive_post_parameters("code")
def two_factor_disable(request):
    user = request.user
    if twofactor.two_factor_required(user):
        raise PermissionDenied
    form = CodeForm(request.POST)
    if form.is_valid():
        problem = twofactor.code_verify(request=request, code=form.cleaned_data["code"])
        if problem is None:
            twofactor.two_factor_disable(request=request)
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("two_factor")
        form.add_error("code", problem)
    context = {"is_on": True, "is_required": False, "form": form}
    return render(request, "registration/two_factor.html", context)


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
    path("logout/", twofactor.two_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
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
    path("two-factor/", two_factor, name="two_factor"),
    path("two-factor/code/", two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/turn-off/", two_factor_disable, name="two_factor_disable"),
    path("unlock/<str:token>/", sign_in_unlock, name="sign_in_unlock"),
]
