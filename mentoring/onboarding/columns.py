"""The columns of a staff file and the words each cell may hold, in Finnish, Swedish and
English: an HR or rostering system names them in the organisation's language.

``clean_row`` turns one row of text into plain values and the reasons it cannot be used; it
reads no database (the plan compares the values with what is stored).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.models import Membership, Shift

FIELDS = (
    "name",
    "email",
    "phone",
    "unit",
    "role",
    "job_title",
    "started_in_field",
    "shifts",
    "language",
)

# The template's header in each language, then other names systems use (all compared
# case-insensitively, spaces folded).
HEADERS = {
    "en": {
        "name": "name",
        "email": "email",
        "phone": "phone",
        "unit": "unit",
        "role": "role",
        "job_title": "job title",
        "started_in_field": "year started in the field",
        "shifts": "usual shifts",
        "language": "language",
    },
    "fi": {
        "name": "nimi",
        "email": "sähköposti",
        "phone": "puhelin",
        "unit": "yksikkö",
        "role": "rooli",
        "job_title": "ammattinimike",
        "started_in_field": "alalla vuodesta",
        "shifts": "tavalliset vuorot",
        "language": "kieli",
    },
    "sv": {
        "name": "namn",
        "email": "e-post",
        "phone": "telefon",
        "unit": "enhet",
        "role": "roll",
        "job_title": "yrkesbeteckning",
        "started_in_field": "i branschen sedan",
        "shifts": "vanliga skift",
        "language": "språk",
    },
}
OTHER_HEADERS = {
    "name": ["full name", "koko nimi", "fullständigt namn"],
    "email": ["e-mail", "email address", "sähköpostiosoite", "e-postadress", "epost"],
    "phone": ["telephone", "phone number", "puhelinnumero", "telefonnummer", "matkapuhelin"],
    "unit": ["toimipiste", "työyksikkö", "arbetsenhet"],
    "role": ["rooli yksikössä"],
    "job_title": ["title", "nimike", "tehtävänimike", "befattning"],
    "started_in_field": ["year started", "aloitusvuosi", "startår"],
    "shifts": ["shifts", "vuorot", "työvuorot", "skift"],
    "language": ["kieli / språk", "asiointikieli"],
}

ROLE_WORDS = {
    Membership.Role.WORKER: ["worker", "työntekijä", "arbetstagare", "medarbetare", "anställd"],
    Membership.Role.SUPERVISOR: ["supervisor", "esihenkilö", "esimies", "chef", "förman"],
}
LANGUAGE_WORDS = {
    "fi": ["fi", "finnish", "suomi", "finska"],
    "sv": ["sv", "swedish", "ruotsi", "svenska"],
    "en": ["en", "english", "englanti", "engelska"],
}
SHIFT_WORDS = {
    Shift.DAY: ["day", "päivä", "aamu", "päivävuoro", "aamuvuoro", "dag", "morgon", "dagskift"],
    Shift.EVENING: ["evening", "ilta", "iltavuoro", "kväll", "kvällsskift"],
    Shift.NIGHT: ["night", "yö", "yövuoro", "natt", "nattskift"],
    Shift.ROTATING: ["rotating", "vuorotyö", "kolmivuoro", "kaksivuoro", "skiftarbete"],
}
LABELS = {
    "name": gettext_lazy("name"),
    "email": gettext_lazy("email"),
    "phone": gettext_lazy("phone"),
    "unit": gettext_lazy("unit"),
    "role": gettext_lazy("role"),
    "job_title": gettext_lazy("job title"),
    "started_in_field": gettext_lazy("year started in the field"),
    "shifts": gettext_lazy("usual shifts"),
    "language": gettext_lazy("language"),
}
MAX_LENGTH = {"name": 150, "email": 254, "phone": 40, "unit": 200, "job_title": 120}
FIRST_YEAR = 1950


def _fold(text) -> str:
    return " ".join(str(text if text is not None else "").split()).casefold()


def _lookup(words: dict) -> dict[str, str]:
    return {_fold(word): key for key, names in words.items() for word in names}


HEADER_LOOKUP = {
    **_lookup(OTHER_HEADERS),
    **{_fold(header): key for names in HEADERS.values() for key, header in names.items()},
}
ROLES, LANGUAGES, SHIFTS = _lookup(ROLE_WORDS), _lookup(LANGUAGE_WORDS), _lookup(SHIFT_WORDS)


def field_of_header(header) -> str | None:
    """The field a column holds, or None for a column the import does not use."""
    return HEADER_LOOKUP.get(_fold(header))


def _text(value) -> str:
    """A cell as text: a spreadsheet gives numbers (a year as 2015.0) and empty cells."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def clean_row(raw: dict, *, this_year: int | None = None) -> tuple[dict, list[str]]:
    """One row's values (only the fields the file has; an empty cell is left out, so that it
    changes nothing) and the reasons it cannot be imported, in words. ``this_year`` bounds
    the year started (the plan reads the clock once for all rows)."""
    this_year = this_year or timezone.localdate().year
    values, errors = {}, []
    for field in FIELDS:
        if field not in raw:
            continue
        text = _text(raw[field])
        if not text:
            continue
        if field in MAX_LENGTH and len(text) > MAX_LENGTH[field]:
            errors.append(
                _("The %(field)s is longer than %(count)d characters.")
                % {"field": LABELS[field], "count": MAX_LENGTH[field]}
            )
            continue
        if field == "started_in_field":
            value, error = _year(text, this_year)
        else:
            value, error = CLEANERS.get(field, _as_is)(text)
        if error:
            errors.append(error)
        else:
            values[field] = value
    if not _text(raw.get("email")):
        errors.insert(0, _("The email is missing."))
    if not _text(raw.get("unit")):
        errors.append(_("The unit is missing."))
    return values, errors


def _as_is(text: str):
    return text, None


def _email(text: str):
    email = text.lower()
    try:
        validate_email(email)
    except ValidationError:
        return None, _("The email “%(email)s” is not valid.") % {"email": text}
    return email, None


def _role(text: str):
    role = ROLES.get(_fold(text))
    if role is None:
        return None, _("The role “%(role)s” is not known: write worker or supervisor.") % {
            "role": text
        }
    return role, None


def _language(text: str):
    language = LANGUAGES.get(_fold(text))
    if language is None or language not in dict(settings.LANGUAGES):
        return None, _("The language “%(language)s” is not known: write fi, sv or en.") % {
            "language": text
        }
    return language, None


def _year(text: str, this_year: int):
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= this_year:
        return None, _(
            "The year started in the field “%(year)s” is not a year between %(first)d and %(last)d."
        ) % {
            "year": text,
            "first": FIRST_YEAR,
            "last": this_year,
        }
    return int(text), None


def _shifts(text: str):
    shifts, unknown = [], []
    for word in re.split(r"[,/;+&]|\s+(?:ja|och|and)\s+", text):
        if not word.strip():
            continue
        shift = SHIFTS.get(_fold(word))
        if shift is None:
            unknown.append(word.strip())
        elif shift not in shifts:
            shifts.append(shift)
    if unknown:
        return None, _(
            "The shift “%(shift)s” is not known: write day, evening, night or rotating."
        ) % {"shift": unknown[0]}
    return sorted(shifts), None


CLEANERS = {
    "email": _email,
    "role": _role,
    "language": _language,
    "shifts": _shifts,
}
