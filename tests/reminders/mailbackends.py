import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Like locmem, but the next ``failures`` sends raise ``error``."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("connection lost")

    @classmethod
    def reset(cls, failures=0, error=None):
        cls.failures = failures
        cls.error = error or smtplib.SMTPServerDisconnected("connection lost")

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise FlakyBackend.error
        return super().send_messages(messages)
