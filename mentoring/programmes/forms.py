"""Forms parse input; the rules are checked by the services (see services.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.core.forms import DayField
from mentoring.core.limits import DESCRIPTION_LENGTH, SIGNUP_TEXT_LENGTH
from mentoring.core.people import person_label
from units.models import Membership, Organisation, Shift, Unit

from .models import MAX_CAPACITY, REQUEST_MESSAGE_LENGTH, Language, Programme, SignUp, Theme

# Numbers are only parsed here: the services check each range and say what fits.


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SignupSwitchForm(forms.Form):
    """The hub's one-click button: ``open=1`` opens the sign-up, ``open=0`` closes it. The
    wanted state is sent (not "toggle"), so a double click or an old tab cannot undo it."""

    open = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the presentation page and the sign-up form."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One unit, or several units of the same organisation."),
    )
    starts_on = DayField(label=_("Starts on"), widget=DateInput())
    ends_on = DayField(label=_("Ends on"), widget=DateInput())
    meetings_in_working_time = forms.BooleanField(
        label=_("Meetings are held in working time"), required=False
    )
    meeting_minutes_min = forms.IntegerField(label=_("A meeting lasts at least (minutes)"))
    meeting_minutes_max = forms.IntegerField(label=_("A meeting lasts at most (minutes)"))
    cadence_min_days = forms.IntegerField(label=_("Meet every … days, at the soonest"))
    cadence_max_days = forms.IntegerField(label=_("Meet every … days, at the latest"))
    length_mode = forms.ChoiceField(
        label=_("Planned length of the mentoring"),
        choices=Programme.LengthMode.choices,
        widget=forms.RadioSelect,
    )
    planned_meetings = forms.IntegerField(
        label=_("Number of meetings before the pair decides whether to continue"),
        required=False,
    )
    planned_until = DayField(label=_("The pairs meet until"), required=False, widget=DateInput())
    approval_required = forms.BooleanField(
        label=_("Meeting times need my approval"),
        required=False,
        help_text=_("So that meetings fit the shift roster."),
    )
    signup_open = forms.BooleanField(label=_("Sign-up is open"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else Unit.objects.none()

    @staticmethod
    def initial_from(programme: Programme) -> dict:
        initial = {name: getattr(programme, name) for name in ProgrammeForm.base_fields}
        initial["units"] = list(programme.units.all())
        return initial


class SignUpForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I sign up as"),
        choices=[
            (SignUp.Role.MENTOR, _("a mentor: I have experience to share")),
            (SignUp.Role.ACTOR, _("an actor: I am new and want to learn")),
        ],
        widget=forms.RadioSelect,
    )
    experience_years = forms.IntegerField(label=_("Years in the field"))
    shifts = forms.MultipleChoiceField(
        label=_("Shifts I usually work"),
        choices=Shift.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I can use in the meetings"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes I want to learn about or can offer"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes_text = forms.CharField(
        label=_("Something else, in my own words"),
        required=False,
        max_length=SIGNUP_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity = forms.IntegerField(
        label=_("How many actors I can take (mentors only)"),
        required=False,
        help_text=_("From 1 to %(max)s.") % {"max": MAX_CAPACITY},
    )

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes if themes is not None else Theme.objects.none()
        self.fields["themes"].label_from_instance = lambda theme: theme.label

    @staticmethod
    def initial_from(signup: SignUp) -> dict:
        return {
            "role": signup.role,
            "experience_years": signup.experience_years,
            "shifts": signup.shifts,
            "languages": signup.languages,
            "themes": list(signup.themes.all()),
            "themes_text": signup.themes_text,
            "capacity": signup.capacity,
        }


class SignUpOnBehalfForm(SignUpForm):
    """The supervisor enters a sign-up for a worker; blank experience comes from the unit's
    records."""

    worker = forms.ModelChoiceField(label=_("Worker"), queryset=Membership.objects.none())

    field_order = ["worker"]

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = (
            workers if workers is not None else Membership.objects.none()
        )
        self.fields["worker"].label_from_instance = lambda m: person_label(
            m.user.name, m.user.email, m.unit.name
        )
        self.fields["experience_years"].required = False
        self.fields["experience_years"].help_text = _("Leave empty to use the unit's records.")
        # The supervisor fills this in for someone else: third person, not "I".
        self.fields["role"].label = _("Signs up as")
        self.fields["shifts"].label = _("Shifts they usually work")
        self.fields["languages"].label = _("Languages they can use in the meetings")
        self.fields["themes"].label = _("Themes they want to learn about or can offer")
        self.fields["themes_text"].label = _("Something else, in their words")
        self.fields["capacity"].label = _("How many actors they can take (mentors only)")
        self.fields["role"].choices = [
            (SignUp.Role.MENTOR, _("a mentor: experienced, shares what they know")),
            (SignUp.Role.ACTOR, _("an actor: newer in the work, wants to learn")),
        ]


class ThemeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    name = forms.CharField(
        label=_("New theme"), max_length=Theme._meta.get_field("name").max_length
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = organisations if organisations is not None else Organisation.objects.none()
        self.fields["organisation"].queryset = qs


class ParticipationRequestForm(forms.Form):
    """ "I want to take part", for a visitor without an account. ``website`` is a honeypot:
    hidden from people (and screen readers), filled in only by robots."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    unit = forms.ModelChoiceField(
        label=_("Your unit"), queryset=Unit.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(
        label=_("I would like to take part as"),
        choices=SignUpForm.base_fields["role"].choices,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("A word to the supervisor (if you like)"),
        max_length=REQUEST_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    @property
    def from_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class RequestDeclineForm(forms.Form):
    notify = forms.BooleanField(label=_("Send a polite email"), required=False, initial=True)
