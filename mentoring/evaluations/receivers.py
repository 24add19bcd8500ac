"""What the evaluations part does when something happens below it (Django signals, received
inside the sender's transaction, so the figures stand or fall with the change)."""

from django.dispatch import receiver

from mentoring.pairs.signals import pair_changed, programme_pairs_changed

from .figures import programme_figures_for_pair, programme_figures_recompute


@receiver(pair_changed, dispatch_uid="evaluations.pair_changed")
def _recount(sender, *, pair_id, in_bulk=False, **kwargs) -> None:
    """Its pairs, meetings and answers all send ``pair_changed``: the programme is counted
    again (``meeting_changed`` is always followed by it, so it needs no receiver here). One
    of many pairs changed at once is counted with the others, at ``programme_pairs_changed``."""
    if not in_bulk:
        programme_figures_for_pair(pair_id=pair_id)


@receiver(programme_pairs_changed, dispatch_uid="evaluations.programme_pairs_changed")
def _recount_programme(sender, *, programme_id, **kwargs) -> None:
    """Pairs were made, undone or published (one or many): the programme's counts change."""
    programme_figures_recompute(programme_id=programme_id)
