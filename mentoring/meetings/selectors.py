"""Reads for the meetings part of the pair page."""

from mentoring.pairs.selectors import PairAccess


def pair_page_context(*, access: PairAccess) -> dict:
    """Context for templates/meetings/_pair_section.html on the pair page.

    Called by the pair page view (mentoring/pairs/views). Must run a constant number of
    queries and must not expose meeting notes unless access.is_member.
    """
    return {}
