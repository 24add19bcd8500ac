from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.core.people import person_label

from .models import WEIGHT_MAX, MatchingWeights, PairRule
from .scoring import PARTS


class WeightsForm(forms.Form):
    """How much each part of the score counts: 0 ignores it, 10 counts it most."""

    def __init__(self, *args, weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        for part in PARTS:
            self.fields[part] = forms.IntegerField(
                label=MatchingWeights._meta.get_field(part).verbose_name.capitalize(),
                min_value=0,
                max_value=WEIGHT_MAX,
                initial=getattr(weights, part, None),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )


class RuleForm(forms.Form):
    actor = forms.TypedChoiceField(label=_("Actor"), coerce=str)
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=str)
    kind = forms.ChoiceField(
        label=_("Rule"), choices=PairRule.Kind.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, pool=None, **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", "—")]
        if pool is not None:
            self.fields["actor"].choices = blank + [_choice(p) for p in pool.actors]
            self.fields["mentor"].choices = blank + [_choice(p) for p in pool.mentors]


def _choice(person) -> tuple[str, str]:
    return str(person.id), person_label(person.name, person.email)


class SwapForm(forms.Form):
    mentor = forms.UUIDField(label=_("Mentor"), widget=forms.HiddenInput)


class LockForm(forms.Form):
    locked = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
