import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.authz.world import build_world
from tests.utils import sign_in


@pytest.fixture(autouse=True)
def _english():
    """The tests read English source strings; the Finnish catalogue must not change that."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(cast):
    return build_world(cast)


@pytest.fixture
def client_for(world):
    """A logged-in client for a member of the world, reading English pages."""

    def make(who: str) -> Client:
        client = Client()
        sign_in(client, world.user(who))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
