"""Retention of the outbox (GDPR art. 5(1)(e)): old reminders are deleted.

A row is also what keeps a reminder from going out twice (its dedupe key). So a row may go
only when its situation cannot come back: a moment that has passed (a pair's introduction,
a meeting's eve, a meeting to log, a decision told, a change, a week's digest; each of them
is looked for only a few days or weeks back, far less than the retention) or a pair that no
longer runs. A standing situation of a running pair (an agreement waiting, a meeting to book,
an evaluation due, a time waiting for approval) keeps its row while the pair runs, or the
sweep would send it again.
"""

from django.db.models import Q

from mentoring.core.batches import delete_in_batches
from mentoring.pairs.models import Pair
from mentoring.path.kinds import Kind

from .models import Reminder

STANDING = frozenset(
    {
        Kind.AGREEMENT_PENDING,
        Kind.BOOK_NEXT,
        Kind.BOOK_NEXT_SUPERVISOR,
        Kind.EVALUATION_DUE,
        Kind.APPROVAL_WAITING,
    }
)


def reminders_delete_settled_before(*, before, batch_size: int = 500) -> int:
    """Delete reminders sent before the moment (and failed or no longer needed ones due
    before it) whose situation cannot come back; the number deleted (0 when run again)."""
    settled = Q(state=Reminder.State.SENT, sent_at__lt=before) | Q(
        state__in=[Reminder.State.FAILED, Reminder.State.SKIPPED], due_at__lt=before
    )
    gone_for_good = ~Q(kind__in=STANDING) | ~Q(pair__status__in=Pair.RUNNING)
    return delete_in_batches(
        Reminder.objects.filter(settled).filter(gone_for_good), batch_size=batch_size
    )
