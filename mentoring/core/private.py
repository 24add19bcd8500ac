"""What only a pair (or the person who wrote it) may read: one list, by model and field.

The Django admin never shows these fields, filters or searches by them, and the audit log
never stores their values. Labels are strings so that core needs no domain import; the
tests check every name against the models and ask for a decision on every new text field.

Site staff run the service: they see ids, who, states, times and counts, never what a pair
wrote, where they meet, why a meeting moved, how one person rated or decided.
"""

BENEFIT_FIELDS = ("learning", "growth", "tips", "perspectives", "valuing", "wellbeing")

PRIVATE_FIELDS: dict[str, frozenset[str]] = {
    "agreements.Agreement": frozenset(
        {"usual_place", "usual_time", "moving_practice", "confidentiality"}
    ),
    "agreements.Goal": frozenset({"text"}),
    "meetings.Meeting": frozenset({"place", "cancel_reason", "approval_comment"}),
    "meetings.MeetingChange": frozenset({"reason"}),
    # The goals and themes a log touched say what the pair talked about.
    "meetings.MeetingLog": frozenset({"progress", "notes", "goals", "themes"}),
    # One person's ratings, decision and outcome per goal; the goal itself names its text.
    "evaluations.Evaluation": frozenset(
        {*BENEFIT_FIELDS, "own_work", "unit_work", "decision", "new_goals"}
    ),
    "evaluations.GoalOutcome": frozenset({"goal", "outcome"}),
    # What a worker wrote when signing up is for their supervisor's matching, not for staff.
    "programmes.SignUp": frozenset({"themes_text"}),
    # Not private text but the key to a person's calendar, meeting places included.
    "accounts.CalendarFeed": frozenset({"key"}),
    # The organisation's client secret at its sign-in service: write-only, shown to nobody.
    "accounts.SingleSignOn": frozenset({"secret"}),
}

# Relations in the list above: the audit log may well count goals ("goals": 2) or name a
# goal's id; what it must not hold is the value of a private text, rating or decision.
_RELATIONS = frozenset({"goals", "themes", "goal"})
AUDIT_FORBIDDEN_KEYS: frozenset[str] = (
    frozenset().union(*PRIVATE_FIELDS.values()) - _RELATIONS
) | frozenset({"reason", "comment", "notes", "text", "place", "outcome", "decisions"})


def private_fields(label: str) -> frozenset[str]:
    """The private fields of the model ``label`` ("app.Model"); empty for most models."""
    return PRIVATE_FIELDS.get(label, frozenset())
