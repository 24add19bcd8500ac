"""Form fields shared by every part."""

from django import forms
from django.core.exceptions import ValidationError

from .limits import FIRST_DAY, LAST_DAY, outside_days_message


class DayField(forms.DateField):
    """A date within ``FIRST_DAY``–``LAST_DAY``; a day outside them is refused here, with a
    message, before any rule or arithmetic of the services sees it."""

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(outside_days_message(), code="out_of_range")
