"""The circuit breaker of sending: a run of permanent refusals (5xx) of many different
recipients in a short time is the mail server's fault (a wrong relay setting, a blocked
sender), not the recipients'. Sending pauses instead of failing every reminder for good;
the reminders stay pending, site staff are told (the admin lists the pause, the log says
so, and staff users get an email if the server takes it), and after a while one message
probes the server: taken, sending resumes; refused, the pause lasts another while. A single
bad address still fails alone (fewer recipients than the threshold) and shows in the admin.
"""

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from . import conf
from .models import MailPause, Reminder

logger = logging.getLogger(__name__)

REFUSED = "SMTPRecipientsRefused"  # how a permanent refusal's last_error begins


def open_pause() -> MailPause | None:
    return MailPause.objects.filter(ended_at__isnull=True).order_by("-started_at").first()


def paused(now: dt.datetime) -> bool:
    """Whether sending waits now (the sweep rings for nothing meanwhile)."""
    pause = open_pause()
    return pause is not None and pause.until > now


def sending_allowance(now: dt.datetime) -> int | None:
    """How many messages a send task may send now: None, as many as it has; 0, none
    (paused); 1, the probe, taken by one task only when the pause's time is up."""
    pause = open_pause()
    if pause is None:
        return None
    later = now + dt.timedelta(seconds=conf.breaker_pause_seconds())
    took = MailPause.objects.filter(pk=pause.pk, ended_at__isnull=True, until__lte=now).update(
        until=later
    )
    return 1 if took else 0


def resume(now: dt.datetime) -> None:
    """The probe went out: the server takes mail again."""
    if MailPause.objects.filter(ended_at__isnull=True).update(ended_at=now):
        logger.warning("reminders: the mail server takes mail again; sending resumed")


def _recently_refused():
    since = ExpressionWrapper(
        Now() - Value(dt.timedelta(seconds=conf.breaker_window_seconds())),
        output_field=DateTimeField(),
    )
    return Reminder.objects.filter(
        state=Reminder.State.FAILED, last_error__startswith=REFUSED, claimed_at__gte=since
    )


def after_refusal(now: dt.datetime, error_text: str) -> dt.datetime | None:
    """Called after a reminder was refused for good. If many different recipients were
    refused lately (or a pause is already on: this was its probe), pause sending, put the
    refused reminders back to pending for the end of the pause and return that moment.
    ``error_text``: the server's reply (code and words, never the address)."""
    refused = _recently_refused()
    pause = open_pause()
    if pause is None:
        if refused.values("recipient_id").distinct().count() < conf.breaker_recipients():
            return None
        until = now + dt.timedelta(seconds=conf.breaker_pause_seconds())
        pause = MailPause.objects.create(until=until, reason=error_text)
        logger.error(
            "reminders: sending paused until %s: the mail server refuses many "
            "different recipients (%s)",
            until.isoformat(),
            error_text,
        )
        _tell_staff(error_text)
    refused.update(
        state=Reminder.State.PENDING,
        next_try_at=pause.until,
        queued_at=None,
        attempts=F("attempts") - 1,  # the server's fault: not a try of theirs
    )
    return pause.until


def _tell_staff(error_text: str) -> None:
    """Best effort: the server that refuses the reminders may refuse this too."""
    staff = list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .values_list("email", flat=True)
    )
    if not staff:
        return
    try:
        send_mail(
            _("Sending reminders is paused"),
            _(
                "The mail server refused the reminders of many different people in a short "
                "time, so sending was paused. The reminders wait and go out once the server "
                "takes mail again; the admin's reminder pages show the pause.\n\n"
                "The server said: %(error)s"
            )
            % {"error": error_text},
            None,
            staff,
        )
    except Exception:
        logger.exception("reminders: could not tell the staff about the pause")
