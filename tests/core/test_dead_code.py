"""Leftovers from building the parts one by one stay gone: the pair page exists, so nothing
guards against it missing, and helpers nobody calls are not kept."""

import inspect

import pytest
from django.urls import reverse

from mentoring.agreements import views as agreement_views
from mentoring.evaluations import views as evaluation_views
from mentoring.meetings import ics, selectors
from mentoring.programmes import selectors as programme_selectors
from mentoring.programmes.services import themes


@pytest.mark.parametrize("module", [agreement_views, evaluation_views, selectors, ics])
def test_no_fallback_for_a_missing_pair_page(module):
    assert "NoReverseMatch" not in inspect.getsource(module)


def test_unused_helpers_are_gone():
    assert not hasattr(selectors, "latest_meeting")
    assert not hasattr(programme_selectors, "user_works_in")
    assert inspect.getsource(themes).count("import BUILTIN_THEMES") == 1


@pytest.mark.django_db
def test_the_pages_link_to_the_pair_page(cast):
    from tests.authz.world import build_world

    world = build_world(cast)
    page = reverse("pairs:detail", kwargs={"pair_id": world.pair.pk})
    assert selectors.pair_page_url(pair=world.pair) == page
    assert ics._pair_url(world.planned_meeting).endswith(page)
    assert agreement_views._pair_url(world.pair) == page + "#agreement"
    assert evaluation_views._after_answer(world.evaluation_meeting)["Location"] == page
