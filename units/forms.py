from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, Unit


class UnitForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the unit"),
        max_length=Unit._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class UnitInvitationForm(forms.Form):
    """The organisation admin's invitation: the unit is the one in the URL."""

    email = forms.EmailField(label=_("Email"), max_length=254)  # the column's length
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role in the unit"),
        choices=Membership.Role.choices,
        initial=Membership.Role.SUPERVISOR,
        widget=forms.RadioSelect,
    )
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.DEFAULT_LANGUAGE,
    )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class MembershipRemoveForm(forms.Form):
    confirm_self = forms.BooleanField(
        label=_("Yes, take me out of this unit"),
        required=False,
    )


def _max(name: str) -> int:
    return Organisation._meta.get_field(name).max_length


class OrganisationContactsForm(forms.Form):
    """The controller's contact details shown on the privacy notice and the accessibility
    statement."""

    controller_name = forms.CharField(
        label=_("Name of the controller"),
        help_text=_(
            "The organisation as it is known officially, e.g. a wellbeing services county."
        ),
        max_length=_max("controller_name"),
        required=False,
    )
    controller_address = forms.CharField(
        label=_("Postal address"), max_length=_max("controller_address"), required=False
    )
    controller_email = forms.EmailField(label=_("Email of the controller"), required=False)
    dpo_contact = forms.CharField(
        label=_("Data protection officer's contact"),
        help_text=_("An email address or a web address where people reach the officer."),
        max_length=_max("dpo_contact"),
        required=False,
    )
    accessibility_contact = forms.CharField(
        label=_("Accessibility feedback contact"),
        help_text=_("Where people report an accessibility problem: an email or a web address."),
        max_length=_max("accessibility_contact"),
        required=False,
    )
