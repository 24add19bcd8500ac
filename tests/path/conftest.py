"""The path tests use the pairs tests' fixtures (a programme of unit A, clients that read
English, working hours), and read the English source strings whatever an earlier test
activated."""

import pytest
from django.utils import translation

from tests.pairs.conftest import _in_working_hours, client_as, programme  # noqa: F401


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield
