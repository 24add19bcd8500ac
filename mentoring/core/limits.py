"""The bounds of what a person may enter: how long a text, which days. One place for them.

A text's limit holds three times over: the form field's ``max_length`` refuses it with Django's
message in the user's own language, the model field's ``max_length`` does the same in the
admin, and a CheckConstraint (``text_limit``) makes the database refuse it whatever the path.

Days: no form accepts a day outside ``FIRST_DAY``–``LAST_DAY`` (``core.forms.DayField``), and a
programme, whose days bound every meeting and evaluation date, keeps within them in the database
too. Far-off days are not only meaningless: a day near the year 9999 overflows the arithmetic
of local times and durations.
"""

import datetime as dt

from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Length
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# ``field__length__lte=N``: a text's length in characters (LENGTH() on SQLite and PostgreSQL).
TextField.register_lookup(Length)

# What a pair or a member writes in one box: a meeting's notes, an evaluation answer, a term of
# the agreement. About a page of text, far more than any real answer.
NOTE_LENGTH = 4000
# A programme's description, shown on its presentation page and the sign-up form.
DESCRIPTION_LENGTH = 4000
# A worker's own words on their sign-up (what they want to learn or can offer).
SIGNUP_TEXT_LENGTH = 2000
# Technical text kept for the site's staff (the last error of a reminder's sending).
ERROR_TEXT_LENGTH = 2000
# The search box of a long list (programmes of an organisation): a name fits in it.
SEARCH_LENGTH = 200

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
# A programme may not last longer than this (it bounds every pair's meetings and dates).
PROGRAMME_MAX_YEARS = 5


def text_limit(*, field: str, limit: int, name: str) -> models.CheckConstraint:
    """The database's half of a text field's ``max_length``."""
    return models.CheckConstraint(condition=Q(**{f"{field}__length__lte": limit}), name=name)


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for a 29 February that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def outside_days_message() -> str:
    """What to say of a day outside ``FIRST_DAY``–``LAST_DAY``, in the current language."""
    return _("Choose a day between %(first)s and %(last)s.") % {
        "first": date_format(FIRST_DAY, "SHORT_DATE_FORMAT"),
        "last": date_format(LAST_DAY, "SHORT_DATE_FORMAT"),
    }
