"""What the evaluations part does when something happens below it (Django signals, received
inside the sender's transaction, so the figures stand or fall with the change)."""

from django.dispatch import receiver

from mentoring.pairs.signals import pair_changed, pairs_formed

from .figures import programme_figures_for_pair, programme_figures_recompute


@receiver(pair_changed, dispatch_uid="evaluations.pair_changed")
def _recount(sender, *, pair_id, **kwargs) -> None:
    """Its pairs, meetings and answers all send ``pair_changed``: the programme is counted
    again (``meeting_changed`` is always followed by it, so it needs no receiver here)."""
    programme_figures_for_pair(pair_id=pair_id)


@receiver(pairs_formed, dispatch_uid="evaluations.pairs_formed")
def _recount_formed(sender, *, programme_id, **kwargs) -> None:
    """Draft pairs were made or undone: the programme's pair counts change."""
    programme_figures_recompute(programme_id=programme_id)
