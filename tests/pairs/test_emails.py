from unittest import mock

import pytest
from django.conf import settings
from django.utils import translation

from mentoring.core import emails
from mentoring.pairs import services
from tests import factories as f


@pytest.fixture
def publish(cast, programme, django_capture_on_commit_callbacks, mailoutbox):
    """Publish a pair whose mentor and actor read the given languages."""
    return lambda mentor_language, actor_language: _publish(
        cast,
        programme,
        django_capture_on_commit_callbacks,
        mailoutbox,
        mentor_language,
        actor_language,
    )


@pytest.fixture
def published(publish):
    return publish("sv", "fi")


@pytest.fixture
def published_en(publish):
    """Both read English, the source language, so the tests can read the words."""
    return publish("en", "en")


def _publish(cast, programme, capture, mailoutbox, mentor_language, actor_language):
    mentor_user = f.WorkerFactory(
        name="Maija Mentori", unit=cast.unit_a, job_title="Sairaanhoitaja"
    )
    mentor_user.phone, mentor_user.language = "+358 40 111 2222", mentor_language
    mentor_user.save()
    actor_user = f.WorkerFactory(name="Aino Aktori", unit=cast.unit_b, job_title="Hoiva-avustaja")
    actor_user.phone, actor_user.language = "+358 50 333 4444", actor_language
    actor_user.save()
    programme.units.add(cast.unit_b)
    m = f.SignUpFactory(mentor=True, programme=programme, user=mentor_user)
    a = f.SignUpFactory(programme=programme, unit=cast.unit_b, user=actor_user)
    pair = f.PairFactory(programme=programme, mentor=m, actor=a)

    languages = []
    real_render = emails.render_to_string

    def spy(name, context):
        languages.append((context["me"].user.email, name, translation.get_language()))
        return real_render(name, context)

    with mock.patch.object(emails, "render_to_string", spy):
        with capture(execute=True):
            services.pair_publish(pair=pair, by=cast.sup_a)
    return pair, mentor_user, actor_user, mailoutbox, languages


def _mail_to(outbox, user):
    found = [m for m in outbox if m.to == [user.email]]
    assert len(found) == 1, [m.to for m in outbox]
    return found[0]


def test_both_members_get_the_others_details(published):
    pair, mentor_user, actor_user, outbox, _languages = published
    assert len(outbox) == 2
    url = f"{settings.SITE_URL}/pairs/{pair.pk}/"
    for me, other, title, unit in (
        (mentor_user, actor_user, "Hoiva-avustaja", "Yksikkö B"),
        (actor_user, mentor_user, "Sairaanhoitaja", "Yksikkö A"),
    ):
        mail = _mail_to(outbox, me)
        html = mail.alternatives[0][0]
        for body in (mail.body, html):
            for expected in (other.name, other.email, other.phone, title, unit, url):
                assert expected in body, (me.email, expected)
            # Nobody is told their own phone number as if it were the other's.
            assert me.phone not in body
        assert other.name in mail.subject


def test_the_email_carries_the_first_meeting_checklist(published_en):
    _pair, mentor_user, _actor_user, outbox, _languages = published_en
    mail = _mail_to(outbox, mentor_user)
    for words in (
        "agree on a few goals",
        "mentoring agreement",
        "moved or cancelled",
        "every 14–21 days",
        "working time",
        "between the two of you",
    ):
        assert words in mail.body and words in mail.alternatives[0][0], words


def test_each_member_gets_it_in_their_own_language(published):
    _pair, mentor_user, actor_user, outbox, languages = published
    by_recipient = {}
    for email, _template, language in languages:
        by_recipient.setdefault(email, set()).add(language)
    assert by_recipient == {mentor_user.email: {"sv"}, actor_user.email: {"fi"}}
    assert _mail_to(outbox, mentor_user).extra_headers["Content-Language"] == "sv"
    assert 'lang="sv"' in _mail_to(outbox, mentor_user).alternatives[0][0]
    assert 'lang="fi"' in _mail_to(outbox, actor_user).alternatives[0][0]


def test_the_roles_are_told_right(published_en):
    _pair, mentor_user, actor_user, outbox, _languages = published_en
    assert "you mentor Aino Aktori" in _mail_to(outbox, mentor_user).subject
    assert "Maija Mentori is your mentor" in _mail_to(outbox, actor_user).subject


def test_an_unpublished_pair_sends_nothing(
    cast, programme, mailoutbox, django_capture_on_commit_callbacks
):
    from mentoring.reminders.services import reminders_for_pair_published

    pair = f.PairFactory(programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_for_pair_published(pair=pair)  # still a draft: nobody to tell yet
    assert not mailoutbox
