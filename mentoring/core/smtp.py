"""An SMTP mail backend that waits long enough for the reply to the end of DATA (RFC 1047).

Once the client has sent the final ``.``, the message is the server's: it may deliver it
whatever happens next. If the client gives up waiting for the reply (``EMAIL_TIMEOUT``, 20 s,
right for every other step) the server may still deliver, the sender records a failure and
tries again, and the recipient gets the message twice. RFC 5321 §4.5.3.2.6 gives the server
10 minutes for that one reply, so that one reply is waited for that long
(``EMAIL_DATA_REPLY_TIMEOUT``); connecting, greeting, MAIL, RCPT and sending the message
keep the short timeout, so a dead server is still noticed quickly.
"""

import smtplib

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend


def data_reply_timeout() -> float:
    return float(getattr(settings, "EMAIL_DATA_REPLY_TIMEOUT", 600))


class PatientSMTP(smtplib.SMTP):
    def data(self, msg):
        """``smtplib.SMTP.data`` with the reply to the final dot awaited patiently."""
        self.putcmd("data")
        code, repl = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, repl)
        if isinstance(msg, str):
            msg = smtplib._fix_eols(msg).encode("ascii")
        quoted = smtplib._quote_periods(msg)
        if quoted[-2:] != smtplib.bCRLF:
            quoted += smtplib.bCRLF
        self.send(quoted + b"." + smtplib.bCRLF)
        short = self.sock.gettimeout()
        self.sock.settimeout(data_reply_timeout())
        try:
            return self.getreply()
        finally:
            self.sock.settimeout(short)


class PatientSMTP_SSL(smtplib.SMTP_SSL, PatientSMTP):  # noqa: N801 — smtplib's own naming
    pass


class PatientEmailBackend(EmailBackend):
    """Django's SMTP backend with ``PatientSMTP``."""

    @property
    def connection_class(self):
        return PatientSMTP_SSL if self.use_ssl else PatientSMTP
