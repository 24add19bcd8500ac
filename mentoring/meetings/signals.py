"""Events of the meetings part, for the parts above it (sent inside the service's transaction,
so whatever a receiver writes stands or falls with the change).

``meeting_changed(sender=Meeting, meeting=…, change=…, by=…)``: a member proposed, moved or
cancelled a meeting, or the pair concluded with the meeting still booked. ``change`` is one
of ``CHANGES``; ``meeting`` is the row as saved (its ``sequence`` already counts the change);
``by`` is the member who acted (for ``called_off``: the member whose answer concluded the
pair). The supervisor's decisions send nothing here: the path's ``approval_decided``
situation tells the pair.
"""

from django.dispatch import Signal

PROPOSED, MOVED, CANCELLED, CALLED_OFF = "proposed", "moved", "cancelled", "called_off"
CHANGES = (PROPOSED, MOVED, CANCELLED, CALLED_OFF)

meeting_changed = Signal()
