"""How long personal data is kept (GDPR art. 5(1)(e)), and the nightly run that removes it.

Each part erases or deletes its own rows (``<part>/retention.py``); this top-floor module
holds the periods (settings, see the README's configuration table), works out the moments,
calls the parts and writes one audit entry per kind of data with counts only, never a text.

A pair's texts are erased by the first run on or after the day shown to its members on the
pair page (``pair_texts_erased_on``): the day after the concluding day plus N months. Both
the page and the run ask ``_erased_on``, so they cannot disagree.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field

from axes.models import AccessAttempt
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from mentoring.accounts.models import Invitation
from mentoring.accounts.retention import (
    invitations_delete_closed_before,
    sign_in_records_delete_before,
)
from mentoring.agreements.retention import agreements_erase_texts_before
from mentoring.core.audit import audit_log, audit_retention_delete
from mentoring.core.tunables import tunable
from mentoring.evaluations.retention import evaluations_erase_texts_before
from mentoring.matching.models import SuggestionRun
from mentoring.matching.retention import suggestion_runs_delete_before
from mentoring.meetings.retention import meeting_logs_erase_texts_before
from mentoring.onboarding.models import StaffImport
from mentoring.onboarding.retention import staff_imports_delete_before
from mentoring.pairs.models import Pair
from mentoring.programmes.models import ParticipationRequest
from mentoring.programmes.retention import participation_requests_delete_before
from mentoring.reminders.models import Reminder
from mentoring.reminders.retention import reminders_delete_settled_before

# --- The periods ------------------------------------------------------------------------------


SessionStore = import_string(f"{settings.SESSION_ENGINE}.SessionStore")


def pair_texts_months() -> int:
    """Months after a pair concluded until its notes, agreement texts and evaluation texts
    are erased."""
    return int(tunable("RETENTION_PAIR_TEXTS_MONTHS", 12))


def sent_reminders_days() -> int:
    return int(tunable("RETENTION_SENT_REMINDERS_DAYS", 90))


def invitations_days() -> int:
    """Days an invitation is kept after it was used or expired."""
    return int(tunable("RETENTION_INVITATIONS_DAYS", 30))


def staff_imports_days() -> int:
    """Days an uploaded staff file's rows are kept (the preview and invitations need days)."""
    return int(tunable("RETENTION_STAFF_IMPORTS_DAYS", 30))


def participation_requests_days() -> int:
    """Days a request to take part is kept after a supervisor handled it."""
    return int(tunable("RETENTION_PARTICIPATION_REQUESTS_DAYS", 30))


def unhandled_requests_days() -> int:
    """Days a request to take part that nobody handled is kept after it was made."""
    return int(tunable("RETENTION_UNHANDLED_REQUESTS_DAYS", 90))


def suggestion_runs_hours() -> int:
    """Hours a background suggestion run (its progress and result) is kept."""
    return int(tunable("RETENTION_SUGGESTION_RUNS_HOURS", 24))


def failed_logins_days() -> int:
    return int(tunable("RETENTION_FAILED_LOGINS_DAYS", 90))


def audit_months() -> int:
    """The audit log's own period: through its one privileged path, which logs itself."""
    return int(tunable("RETENTION_AUDIT_MONTHS", 24))


# --- When a pair's texts go -------------------------------------------------------------------


def _erased_on(concluded_on: dt.date, months: int) -> dt.date:
    return concluded_on + relativedelta(months=months) + dt.timedelta(days=1)


def pair_texts_erased_on(pair: Pair) -> dt.date | None:
    """The day the nightly run erases the pair's texts (None while it has not concluded)."""
    if pair.status != Pair.Status.CONCLUDED or pair.concluded_at is None:
        return None
    return _erased_on(timezone.localdate(pair.concluded_at), pair_texts_months())


def _concluded_before(today: dt.date, months: int) -> dt.datetime:
    """The start of the first concluding day whose texts are not yet due to go on ``today``.
    Month lengths differ, so the day is found by stepping (a step or two) rather than by
    subtracting months, which would not always give back the same day."""
    day = today - relativedelta(months=months)
    while _erased_on(day, months) <= today:
        day += dt.timedelta(days=1)
    while _erased_on(day - dt.timedelta(days=1), months) > today:
        day -= dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- The nightly run --------------------------------------------------------------------------


@dataclass
class RetentionRun:
    pair_texts: dict = field(default_factory=dict)
    reminders: int = 0
    invitations: int = 0
    staff_imports: int = 0
    participation_requests: int = 0
    suggestion_runs: int = 0
    sign_in_records: dict = field(default_factory=dict)
    audit_entries: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _log(kind: str, model, **facts) -> None:
    """One audit entry per kind of row: the period and the counts, never a text. It
    concerns a kind of row, not one row: its object is an unsaved one."""
    audit_log(actor=None, action=f"retention.{kind}", obj=model(pk=None), **facts)


def retention_run(*, now: dt.datetime | None = None) -> RetentionRun:
    """Erase and delete what has been kept long enough. Idempotent (a second run finds
    nothing), batched (memory stays small whatever the amount), and each part commits its
    batches as it goes, so a run stopped halfway is finished by the next one."""
    now = now or timezone.now()
    run = RetentionRun()

    months = pair_texts_months()
    concluded_before = _concluded_before(timezone.localdate(now), months)
    run.pair_texts = {
        "meeting_logs": meeting_logs_erase_texts_before(concluded_before=concluded_before),
        **agreements_erase_texts_before(concluded_before=concluded_before),
        "evaluations": evaluations_erase_texts_before(concluded_before=concluded_before),
    }
    _log(
        "pair_texts",
        Pair,
        months=months,
        concluded_before=concluded_before.isoformat(),
        **run.pair_texts,
    )

    days = sent_reminders_days()
    run.reminders = reminders_delete_settled_before(before=now - dt.timedelta(days=days))
    _log("reminders", Reminder, days=days, deleted=run.reminders)

    days = invitations_days()
    run.invitations = invitations_delete_closed_before(before=now - dt.timedelta(days=days))
    _log("invitations", Invitation, days=days, deleted=run.invitations)

    days = staff_imports_days()
    run.staff_imports = staff_imports_delete_before(before=now - dt.timedelta(days=days))
    _log("staff_imports", StaffImport, days=days, deleted=run.staff_imports)

    days, unhandled = participation_requests_days(), unhandled_requests_days()
    run.participation_requests = participation_requests_delete_before(
        handled_before=now - dt.timedelta(days=days),
        made_before=now - dt.timedelta(days=unhandled),
    )
    _log(
        "participation_requests",
        ParticipationRequest,
        days=days,
        unhandled_days=unhandled,
        deleted=run.participation_requests,
    )

    hours = suggestion_runs_hours()
    run.suggestion_runs = suggestion_runs_delete_before(before=now - dt.timedelta(hours=hours))
    _log("suggestion_runs", SuggestionRun, hours=hours, deleted=run.suggestion_runs)

    days = failed_logins_days()
    run.sign_in_records = sign_in_records_delete_before(before=now - dt.timedelta(days=days))
    _log("sign_in_records", AccessAttempt, days=days, **run.sign_in_records)

    # Expired sessions (they name the user and how they signed in): Django keeps them until
    # someone clears them.
    SessionStore.clear_expired()

    # Last, so that tonight's entries are in the count of a run two years from now.
    run.audit_entries = audit_retention_delete(before=now - relativedelta(months=audit_months()))
    return run
