from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.path.kinds import Kind

from .kinds import DESCRIPTIONS


class PreferencesForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label=_("Reminders I want"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offered: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Kind.choices)
        self.fields["enabled"].choices = [
            (kind, f"{labels[kind]} — {DESCRIPTIONS[kind]}") for kind in offered
        ]
