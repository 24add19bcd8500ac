import pytest


def key_prefix(message) -> str:
    return message.extra_headers["X-Mentorpolku-Reminder"].split(":", 1)[0]


def received(outbox) -> list[tuple[str, str]]:
    """(key prefix, recipient) of each message in a locmem outbox."""
    return [(key_prefix(m), m.to[0]) for m in outbox]


@pytest.fixture
def failing_mail(settings):
    """A mail backend that fails while ``state['fail']`` is more than zero."""
    from tests.reminders import mailbackends

    settings.EMAIL_BACKEND = "tests.reminders.mailbackends.FlakyBackend"
    mailbackends.FlakyBackend.reset()
    return mailbackends.FlakyBackend
