"""Forms read input; the rules of an agreement live in services.terms_errors."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.core.forms import DayField
from mentoring.core.limits import NOTE_LENGTH

from .models import CADENCE_MAX_DAYS, CADENCE_MIN_DAYS, MAX_GOALS, MAX_PLANNED_MEETINGS
from .services import GOAL_MAX_LENGTH, AgreementTerms

GOAL_FIELDS = [f"goal_{n}" for n in range(1, MAX_GOALS + 1)]
TERM_FIELDS = list(AgreementTerms.__dataclass_fields__)


class AgreementForm(forms.Form):
    cadence_days = forms.IntegerField(
        label=_("We meet every … days"),
        widget=forms.NumberInput(
            attrs={"min": CADENCE_MIN_DAYS, "max": CADENCE_MAX_DAYS, "inputmode": "numeric"}
        ),
    )
    usual_place = forms.CharField(
        label=_("Where we usually meet"),
        max_length=200,
        required=False,
        help_text=_("For example the break room, a quiet office or a video call."),
    )
    usual_time = forms.CharField(
        label=_("When we usually meet"),
        max_length=200,
        required=False,
        help_text=_("For example Tuesdays after the morning shift, within working time."),
    )
    moving_practice = forms.CharField(
        label=_("How we move or cancel a meeting"),
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: whoever cannot come tells the other as early as possible, at the "
            "latest the day before, and suggests a new time."
        ),
    )
    confidentiality = forms.CharField(
        label=_("Confidentiality"),
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    planned_meetings = forms.IntegerField(
        label=_("Planned number of meetings"),
        required=False,
        widget=forms.NumberInput(
            attrs={"min": 1, "max": MAX_PLANNED_MEETINGS, "inputmode": "numeric"}
        ),
    )
    evaluation_date = DayField(
        label=_("Evaluation meeting by"),
        help_text=_("At the evaluation meeting you decide together whether to continue."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # The revision of the draft this form was filled from (0: there was no draft).
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, programme=None, today: dt.date | None = None, **kwargs):
        initial = dict(kwargs.pop("initial", None) or {})
        for name, text in zip(GOAL_FIELDS, initial.pop("goals", []), strict=False):
            initial[name] = text
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["cadence_days"].help_text = _(
            "Between %(min)d and %(max)d days. Every 14 to 21 days is recommended."
        ) % {"min": CADENCE_MIN_DAYS, "max": CADENCE_MAX_DAYS}
        for n, name in enumerate(GOAL_FIELDS, start=1):
            self.fields[name] = forms.CharField(
                label=_("Goal %(n)d") % {"n": n}, max_length=GOAL_MAX_LENGTH, required=False
            )
        if programme is not None:
            self.fields["evaluation_date"].widget.attrs["max"] = programme.ends_on.isoformat()
        if today is not None:
            tomorrow = today + dt.timedelta(days=1)
            self.fields["evaluation_date"].widget.attrs["min"] = tomorrow.isoformat()

    @property
    def goal_fields(self):
        return [self[name] for name in GOAL_FIELDS]

    def terms(self) -> AgreementTerms:
        data = self.cleaned_data
        return AgreementTerms(**{name: data[name] for name in TERM_FIELDS})

    def goals(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in GOAL_FIELDS]

    def field_for(self, service_field: str | None) -> str | None:
        """Where a message of the service belongs: the goals' one goes under the first goal."""
        if service_field == "goals":
            return GOAL_FIELDS[0]
        return service_field if service_field in self.fields else None


class AcceptForm(forms.Form):
    """Names the exact text being accepted: the version and its revision."""

    version = forms.IntegerField(min_value=1)
    revision = forms.IntegerField(min_value=1)
