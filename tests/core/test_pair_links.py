"""Every part links back to the pair page the same way."""

import pytest
from django.urls import reverse

from mentoring.agreements import views as agreement_views
from mentoring.evaluations import views as evaluation_views
from mentoring.meetings import ics, selectors


@pytest.mark.django_db
def test_the_pages_link_to_the_pair_page(cast):
    from tests.authz.world import build_world

    world = build_world(cast)
    page = reverse("pairs:detail", kwargs={"pair_id": world.pair.pk})
    assert selectors.pair_page_url(pair=world.pair) == page
    assert ics._pair_url(world.planned_meeting).endswith(page)
    assert agreement_views._pair_url(world.pair) == page + "#agreement"
    after = evaluation_views._after_answer(world.evaluation_meeting)["Location"]
    assert after == page + "#evaluation-heading"
