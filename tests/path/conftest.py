"""Fixtures of the path tests: a programme of unit A (as in the pairs tests)."""

import pytest
from django.conf import settings
from django.utils import translation

from tests import factories as f


@pytest.fixture
def programme(cast):
    return f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], name="Kevään mentorointi"
    )


@pytest.fixture
def client_as(cast):
    """A logged-in client that reads the pages in English (the source language), so tests
    can look for the words they expect whatever catalogues are compiled."""

    def make(who):
        client = cast.client(who)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture(autouse=True)
def _in_working_hours(working_hours):
    """Publishing emails go out in working hours; these tests publish at a working moment."""
    return working_hours


@pytest.fixture(autouse=True)
def _in_english():
    """The tests read the English source strings, whatever an earlier test activated."""
    with translation.override("en"):
        yield
