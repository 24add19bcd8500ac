"""Questions the programmes part asks of the parts above it.

Programmes know programmes and sign-ups only. Whether a pair holds a sign-up, or which days
a programme's pairs have already taken (meetings, evaluation dates), is known above; those
parts answer by registering here when the app registry is ready (their ``AppConfig.ready``),
so every import still runs downhill. With nothing registered, nothing holds a sign-up and no
day is taken.
"""

import datetime as dt
from collections.abc import Callable

from django.core import checks
from django.db.models import BooleanField, Exists, QuerySet, Value

# signup (a pk or an OuterRef) → a queryset of whatever holds it (empty: nothing does)
SignUpHolder = Callable[[object], QuerySet]
# programme → (first day, last day) its pairs have taken, or None
DaysTaken = Callable[[object], tuple[dt.date, dt.date] | None]

_holders: list[SignUpHolder] = []
_days_taken: list[DaysTaken] = []


def register_signup_holder(holder: SignUpHolder) -> None:
    if holder not in _holders:
        _holders.append(holder)


def register_days_taken(provider: DaysTaken) -> None:
    if provider not in _days_taken:
        _days_taken.append(provider)


def signup_held(signup) -> Exists | bool:
    """Whether something above holds the sign-up: an annotation for ``OuterRef("pk")``,
    a bool (one query) for a primary key."""
    queries = [holder(signup) for holder in _holders]
    if hasattr(signup, "resolve_expression"):
        if not queries:
            return Value(False, output_field=BooleanField())
        condition = Exists(queries[0])
        for query in queries[1:]:
            condition |= Exists(query)
        return condition
    return any(query.exists() for query in queries)


def days_taken(programme) -> tuple[dt.date, dt.date] | None:
    """The first and the last day the programme's pairs have taken, over every part."""
    spans = [span for provider in _days_taken if (span := provider(programme))]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


@checks.register()
def check_hooks_registered(app_configs=None, **kwargs) -> list[checks.Error]:
    """Without its registrations a sign-up in a pair could change, or a programme shrink
    past its pairs' meetings, in silence: refuse to start instead."""
    errors = []
    if not _holders:
        errors.append(
            checks.Error(
                "Nothing holds a sign-up: the pairs part did not register with programmes.hooks.",
                id="programmes.E001",
            )
        )
    if len(_days_taken) < 2:
        errors.append(
            checks.Error(
                "The meetings and agreements parts did not both register the days they take.",
                id="programmes.E002",
            )
        )
    return errors
