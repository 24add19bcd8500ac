from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureConfirmForm(forms.Form):
    """The tick that stands between a click and data that cannot be restored."""

    confirm = forms.BooleanField(
        label=_("I understand that the removed data cannot be restored."), required=True
    )
