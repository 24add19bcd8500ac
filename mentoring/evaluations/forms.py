from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BENEFITS, Evaluation, GoalOutcome
from .services import MAX_GOAL_LENGTH, MAX_NEW_GOALS, MAX_TEXT_LENGTH

SCALE = [(n, str(n)) for n in range(1, 6)]


class EvaluationForm(forms.Form):
    """One member's answer. The rules (who, when, what is required) are in the service;
    this form only turns the posted fields into values."""

    own_work = forms.CharField(
        label=_("What did mentoring give to your own work?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        help_text=_("Seen only by you and your pair, never by your supervisor."),
    )
    unit_work = forms.CharField(
        label=_("What did mentoring give to the shared work of your unit?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        help_text=_(
            "Seen by you and your pair. If you choose below to share it, the supervisors of "
            "this programme's units and your organisation's administrators also read it in "
            "the programme report: without your name, role or date, among the other shared "
            "texts in alphabetical order, and not before at least 3 people of your role in "
            "the programme have answered."
        ),
    )
    share_unit_work = forms.BooleanField(
        label=_("Share this text in the programme report, without my name"),
        required=False,
    )
    decision = forms.ChoiceField(
        label=_("Do you want to continue mentoring?"),
        choices=Evaluation.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to continue or to conclude.")},
    )
    new_goals = forms.CharField(
        label=_("New goals, if you continue"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        # The services count the goals and measure each; this bounds the box as a whole.
        max_length=MAX_NEW_GOALS * (MAX_GOAL_LENGTH + 1),
        help_text=_("One goal per line. Needed if you want to continue."),
    )

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        rating_error = _("Choose a rating from 1 to 5.")
        for key, label in BENEFITS:
            self.fields[key] = forms.TypedChoiceField(
                label=label,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": rating_error, "invalid_choice": rating_error},
            )
        outcome_error = _("Say how far this goal was reached.")
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=goal.text,
                choices=GoalOutcome.Outcome.choices,
                widget=forms.RadioSelect,
                error_messages={"required": outcome_error, "invalid_choice": outcome_error},
            )

    def benefit_fields(self):
        return [self[key] for key, _label in BENEFITS]

    def goal_fields(self):
        return [self[f"goal_{goal.pk}"] for goal in self.goals]

    def clean_new_goals(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["new_goals"].splitlines()]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "ratings": {key: data[key] for key, _label in BENEFITS},
            "own_work": data["own_work"],
            "unit_work": data["unit_work"],
            "share_unit_work": data["share_unit_work"],
            "outcomes": {goal.pk: data[f"goal_{goal.pk}"] for goal in self.goals},
            "decision": data["decision"],
            "new_goals": data["new_goals"],
        }
