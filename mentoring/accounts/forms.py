import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from units.models import Unit

from .invitations import BULK_MAX, EMAIL_MAX_LENGTH
from .models import SingleSignOn

DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)  # the column's length
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label=None)
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.DEFAULT_LANGUAGE,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class InvitationActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("resend", "resend"), ("renew", "renew"), ("withdraw", "withdraw")]
    )


class BulkInvitationForm(forms.Form):
    """Many addresses at once. The first submit checks them ("check"); the page then offers
    to send to the valid ones ("send")."""

    CHECK, SEND = "check", "send"

    emails = forms.CharField(
        label=_("Email addresses"),
        help_text=_("One a line, or separated by commas or semicolons."),
        # Room for the most addresses one paste invites, each at its longest.
        max_length=BULK_MAX * (EMAIL_MAX_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label=None)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.DEFAULT_LANGUAGE,
    )
    step = forms.ChoiceField(choices=[(CHECK, CHECK), (SEND, SEND)], widget=forms.HiddenInput)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = get_user_model()(email=self.email, name=data.get("name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


def _sso_max(name: str) -> int:
    return SingleSignOn._meta.get_field(name).max_length


class SingleSignOnForm(forms.Form):
    """The organisation's OpenID Connect provider. The secret is never put back into the
    page: left blank, the saved one stays."""

    server_url = forms.CharField(
        label=_("Issuer URL"),
        help_text=_(
            "For example https://login.microsoftonline.com/<tenant>/v2.0 (Microsoft Entra ID) "
            "or https://sso.example.fi/realms/<realm> (Keycloak)."
        ),
        max_length=_sso_max("server_url"),
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    client_id = forms.CharField(
        label=_("Client ID"),
        max_length=_sso_max("client_id"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    secret = forms.CharField(
        label=_("Client secret"),
        max_length=_sso_max("secret"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
    )
    email_domains = forms.CharField(
        label=_("Your organisation's email domains"),
        help_text=_(
            "Comma-separated, e.g. example.fi. Addresses in them count as confirmed by your "
            "provider even if it does not say so (Microsoft Entra ID does not)."
        ),
        max_length=_sso_max("email_domains"),
        required=False,
    )
    sso_only = forms.BooleanField(
        label=_("Single sign-on is the only way in for our people"),
        help_text=_("Your people can no longer log in with a password."),
        required=False,
    )
    trust_provider_mfa = forms.BooleanField(
        label=_("Count the provider's two-step verification as ours"),
        help_text=_(
            "When the provider says the person used two-step verification there, supervisors "
            "are not asked for our code as well."
        ),
        required=False,
    )

    def clean_email_domains(self) -> str:
        domains = [
            d.strip().lower().lstrip("@") for d in self.cleaned_data["email_domains"].split(",")
        ]
        domains = [d for d in domains if d]
        for domain in domains:
            if not DOMAIN.fullmatch(domain):
                raise forms.ValidationError(
                    _("%(domain)s is not a domain name.") % {"domain": domain}
                )
        return ", ".join(domains)
