"""Forms only parse input; the rules (future, within the programme, lengths) are in ``rules``.
A meeting's time is also bounded here, so that the arithmetic below stays in range: the day
within the app's days (``DayField``) and the length within the services' minutes.

Local times around the clock changes (Europe/Helsinki): a time skipped when the clocks go
forward (03:00–03:59 on the last Sunday of March) is refused with a message; a time that comes
twice when they go back (03:00–03:59 on the last Sunday of October) is read as its first
occurrence, still summer time, and the form sets ``ambiguous_time`` so the view can say so.
The end is the start plus the length in real minutes, and both are returned in UTC.
"""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mentoring.core.forms import DayField
from mentoring.core.limits import NOTE_LENGTH

from . import rules
from .models import Meeting


class NonExistentLocalTime(ValueError):
    """The local time is skipped when the clocks go forward."""


def local_moment(day: dt.date, time: dt.time, tz=None) -> tuple[dt.datetime, bool]:
    """The moment (aware, in UTC) of a wall-clock ``time`` on ``day`` in ``tz`` (default: the
    current time zone), and whether that wall-clock time occurs twice on that day.

    A time that occurs twice is read as its first occurrence (``fold=0``). Raises
    NonExistentLocalTime for a time that does not occur at all."""
    tz = tz or timezone.get_current_timezone()
    naive = dt.datetime.combine(day, time)
    first = naive.replace(tzinfo=tz, fold=0)
    if first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise NonExistentLocalTime(naive)
    ambiguous = first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset()
    return first.astimezone(dt.UTC), ambiguous


def _day_field() -> forms.DateField:
    return DayField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _start_field() -> forms.TimeField:
    return forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class MeetingTimeForm(forms.Form):
    """A day, a start time and a length, turned into aware start and end times."""

    date = _day_field()
    start_time = _start_field()
    minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        min_value=rules.MIN_MINUTES,
        max_value=rules.MAX_MINUTES,
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, minutes_hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.ambiguous_time = False
        # The services' own words for a length out of bounds (the widget's min and max come
        # from the field's bounds).
        length = _("A meeting lasts from %(min)s to %(max)s minutes.") % {
            "min": rules.MIN_MINUTES,
            "max": rules.MAX_MINUTES,
        }
        self.fields["minutes"].error_messages.update(min_value=length, max_value=length)
        if minutes_hint:
            self.fields["minutes"].help_text = minutes_hint

    def clean(self):
        data = super().clean()
        starts_at = start_from(self, data)
        minutes = data.get("minutes")
        if starts_at is not None and minutes is not None:
            try:
                # Real minutes: across the clock change the wall-clock end differs by an hour.
                data["ends_at"] = starts_at + dt.timedelta(minutes=minutes)
            except OverflowError:  # a length of billions of minutes
                self.add_error(
                    "minutes",
                    _("A meeting lasts from %(min)s to %(max)s minutes.")
                    % {"min": rules.MIN_MINUTES, "max": rules.MAX_MINUTES},
                )
                return data
            data["starts_at"] = starts_at
        return data


def start_from(form: forms.Form, data: dict) -> dt.datetime | None:
    """The start (in UTC) of ``data``'s day and start time, or None with the error on the
    form (a time the clocks skip; a day at the edge of the calendar). Sets the form's
    ``ambiguous_time`` for a time that comes twice."""
    day, start = data.get("date"), data.get("start_time")
    if day is None or start is None:
        return None
    try:
        starts_at, form.ambiguous_time = local_moment(day, start)
    except NonExistentLocalTime:
        form.add_error(
            "start_time",
            _(
                "The clocks go forward that night, so %(time)s does not exist on that "
                "day. Choose another time."
            )
            % {"time": start.strftime("%H:%M")},
        )
        return None
    except OverflowError:  # the first or the last day a date can hold
        form.add_error("date", _("Choose the day and the time."))
        return None
    return starts_at


class ProposeForm(MeetingTimeForm):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)

    field_order = ["kind", "date", "start_time", "minutes", "place"]

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [
                (value, capfirst(label)) for value, label in Meeting.Kind.choices if value in kinds
            ]


class MoveForm(MeetingTimeForm):
    reason = forms.CharField(
        label=_("Why does the meeting move?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LogForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("How long did you meet (minutes)?"),
        widget=forms.NumberInput(attrs={"min": 1, "max": 240, "inputmode": "numeric"}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes you talked about"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals you worked on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    progress = forms.CharField(
        label=_("Progress on your goals"),
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=_("Notes for the two of you"),
        help_text=_("Only the two of you can read these notes. Your supervisor never sees them."),
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, themes, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes
        self.fields["themes"].label_from_instance = lambda theme: theme.label
        self.fields["goals"].queryset = goals
        self.fields["goals"].label_from_instance = lambda goal: goal.text


class RecordForm(LogForm):
    """A meeting held without booking: its kind, day and start, and the log's fields. The
    length is handed to the service as it is, which checks it before any date arithmetic."""

    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    date = _day_field()
    start_time = _start_field()
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    field_order = ["kind", "date", "start_time", "minutes", "place"]

    def __init__(self, *args, kinds, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.ambiguous_time = False
        self.fields["kind"].choices = [
            (value, capfirst(label)) for value, label in Meeting.Kind.choices if value in kinds
        ]
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    def clean(self):
        data = super().clean()
        starts_at = start_from(self, data)
        if starts_at is not None:
            data["starts_at"] = starts_at
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Comment to the pair"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
