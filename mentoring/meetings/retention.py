"""Retention of what a pair wrote about its meetings (GDPR art. 5(1)(e)).

The meetings themselves stay (kind, times, held minutes): reports count them and sum their
hours. Only the log's texts go; which goals and themes a meeting touched stays, as counts.
"""

from django.db.models import Q

from mentoring.core.batches import update_in_batches
from mentoring.pairs.models import Pair

from .models import MeetingLog


def meeting_logs_erase_texts_before(*, concluded_before, batch_size: int = 500) -> int:
    """Blank the progress and notes of every meeting log of pairs concluded before the
    moment; the number of logs changed (0 when run again)."""
    logs = MeetingLog.objects.filter(
        meeting__pair__status=Pair.Status.CONCLUDED,
        meeting__pair__concluded_at__lt=concluded_before,
    ).filter(~Q(progress="") | ~Q(notes=""))
    return update_in_batches(logs, batch_size=batch_size, progress="", notes="")
