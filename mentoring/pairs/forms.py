from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.core.people import person_label
from mentoring.programmes.models import SignUp


class SignUpChoiceField(forms.ModelChoiceField):
    """A sign-up by id; anything that is not one of the choices (a mangled id too) gets the
    field's own "choose from the list" message, not a technical one."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class PairCreateForm(forms.Form):
    """A mentor and an actor of one programme. Any active sign-up of the right role is
    accepted here; whether there is room is the service's to say (it knows under a lock).
    The lists offered are set by the view from data it already has (no extra queries)."""

    mentor = SignUpChoiceField(
        label=gettext_lazy("Mentor"),
        queryset=SignUp.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose a mentor from the list.")},
    )
    actor = SignUpChoiceField(
        label=gettext_lazy("Actor"),
        queryset=SignUp.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose an actor from the list.")},
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        active = SignUp.objects.filter(
            programme=programme, status=SignUp.Status.ACTIVE
        ).select_related("user", "unit")
        self.fields["mentor"].queryset = active.filter(role=SignUp.Role.MENTOR)
        self.fields["actor"].queryset = active.filter(role=SignUp.Role.ACTOR)

    def offer(self, *, mentors, actors) -> None:
        """The options shown: mentors with a free place, actors without a mentor, from the
        board's already loaded sign-ups."""
        blank = [("", "---------")]
        self.fields["mentor"].widget.choices = blank + [
            (
                str(m.pk),
                _("%(name)s, %(unit)s (free places: %(free)s)")
                % {
                    "name": person_label(m.user.name, m.user.email),
                    "unit": m.unit.name,
                    "free": m.places_free,
                },
            )
            for m in mentors
        ]
        self.fields["actor"].widget.choices = blank + [
            (str(a.pk), person_label(a.user.name, a.user.email, a.unit.name)) for a in actors
        ]
