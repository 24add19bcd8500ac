from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Membership, Unit


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
