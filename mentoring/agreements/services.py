"""Writing, accepting and amending the mentoring agreement.

Transitions of one version: draft → accepted (when the second member accepts) → superseded
(when a newer version is accepted). Only the pair's two members act; every change locks the
pair's row first, so that two members pressing buttons at the same moment queue up, runs in
one transaction and leaves an audit entry (never with the text of the goals).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.pairs.access import member_role
from mentoring.pairs.models import Pair
from mentoring.pairs.signals import pair_changed

from .models import (
    CADENCE_MAX_DAYS,
    CADENCE_MIN_DAYS,
    MAX_GOALS,
    MAX_PLANNED_MEETINGS,
    Agreement,
    Goal,
)
from .selectors import default_evaluation_date

GOAL_MAX_LENGTH = Goal._meta.get_field("text").max_length


@dataclass(frozen=True)
class AgreementTerms:
    """Everything in an agreement except its goals."""

    cadence_days: int
    usual_place: str
    usual_time: str
    moving_practice: str
    confidentiality: str
    planned_meetings: int | None
    evaluation_date: dt.date

    @classmethod
    def of(cls, agreement: Agreement) -> "AgreementTerms":
        return cls(**{name: getattr(agreement, name) for name in cls.__dataclass_fields__})


class AgreementInvalid(DomainError):
    """The terms break one or more rules; ``errors`` maps a field name to its message.
    The goals' field is called ``goals``."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field)
        self.errors = errors


class DraftChanged(DomainError):
    """The draft changed after the member opened it; ``revision`` is the current one
    (0 when the draft no longer exists)."""

    def __init__(self, message: str, *, revision: int) -> None:
        super().__init__(message)
        self.revision = revision


def clean_goals(goals: Iterable[str]) -> list[str]:
    return [text.strip() for text in goals if text and text.strip()]


def goals_error(goals: list[str]) -> str | None:
    if not goals:
        return _("Write at least one goal for your mentoring.")
    if len(goals) > MAX_GOALS:
        return _("Keep to at most %(max)d goals, so that each gets time.") % {"max": MAX_GOALS}
    if any(len(text) > GOAL_MAX_LENGTH for text in goals):
        return _("Write each goal in at most %(max)d characters.") % {"max": GOAL_MAX_LENGTH}
    return None


def terms_errors(
    *, pair: Pair, terms: AgreementTerms, goals: list[str], today: dt.date
) -> dict[str, str]:
    """The rules an agreement must meet, as messages per field (empty when all is well)."""
    errors: dict[str, str] = {}
    if problem := goals_error(goals):
        errors["goals"] = problem
    if not CADENCE_MIN_DAYS <= terms.cadence_days <= CADENCE_MAX_DAYS:
        errors["cadence_days"] = _(
            "Choose a rhythm between every %(min)d and every %(max)d days. Meeting every two "
            "to three weeks works well for most pairs."
        ) % {"min": CADENCE_MIN_DAYS, "max": CADENCE_MAX_DAYS}
    if terms.planned_meetings is not None and not (
        1 <= terms.planned_meetings <= MAX_PLANNED_MEETINGS
    ):
        errors["planned_meetings"] = _("Plan between 1 and %(max)d meetings.") % {
            "max": MAX_PLANNED_MEETINGS
        }
    ends_on = pair.programme.ends_on
    if terms.evaluation_date <= today:
        errors["evaluation_date"] = _("Choose an evaluation date in the future.")
    elif terms.evaluation_date > ends_on:
        errors["evaluation_date"] = _(
            "The programme ends on %(date)s. Choose an evaluation date no later than that."
        ) % {"date": formats.date_format(ends_on, "SHORT_DATE_FORMAT")}
    if not terms.moving_practice.strip():
        errors["moving_practice"] = _("Agree how you move or cancel a meeting.")
    if not terms.confidentiality.strip():
        errors["confidentiality"] = _("Agree how you keep what is said confidential.")
    return errors


def _lock_pair_for(*, pair: Pair, by) -> str:
    """Lock the pair's row and return the role of ``by``; refuse everyone but its members
    and pairs whose agreement can no longer change. Call inside a transaction: the pair's
    path depends on its agreements, so ``pair_changed`` is sent (undone with a refusal)."""
    role = member_role(pair=pair, user=by)
    if role is None:
        raise DomainError(
            _("Only the two members of the pair can write or accept their agreement.")
        )
    status = Pair.objects.select_for_update().values_list("status", flat=True).get(pk=pair.pk)
    if status not in Pair.RUNNING:
        raise DomainError(_("This pair has concluded, so its agreement can no longer change."))
    pair_changed.send(sender=Agreement, pair_id=pair.pk)
    return role


def _write_goals(agreement: Agreement, texts: list[str]) -> None:
    """Make the agreement's goals read ``texts``, in order, keeping the rows that remain
    (meeting logs may point at them)."""
    existing = list(agreement.goals.order_by("position", "id"))
    changed = []
    for position, (goal, text) in enumerate(zip(existing, texts, strict=False), start=1):
        if goal.text != text or goal.position != position:
            goal.text, goal.position = text, position
            changed.append(goal)
    Goal.objects.bulk_update(changed, ["text", "position"])
    Goal.objects.bulk_create(
        Goal(agreement=agreement, position=position, text=text)
        for position, text in enumerate(texts[len(existing) :], start=len(existing) + 1)
    )
    surplus = [goal.pk for goal in existing[len(texts) :]]
    if surplus:
        Goal.objects.filter(pk__in=surplus).delete()


def _next_version(pair: Pair) -> int:
    return (Agreement.objects.filter(pair=pair).aggregate(n=Max("version"))["n"] or 0) + 1


def _one_draft_only(exc: IntegrityError) -> DomainError:
    return DomainError(
        _(
            "Your pair started another version of the agreement at the same moment. "
            "Open the agreement again and continue with that draft."
        )
    )


def agreement_save_draft(
    *,
    pair: Pair,
    by,
    terms: AgreementTerms,
    goals: Iterable[str],
    based_on_revision: int | None = None,
) -> Agreement:
    """Write the pair's draft: create it (version 1, or the next version when one is in
    force), or change the existing one. Changing a draft withdraws any acceptance: what was
    accepted is no longer what it says.

    ``based_on_revision`` is the revision of the draft the member was editing (0: there was
    none); if the draft has changed since, nothing is saved and ``DraftChanged`` is raised.
    """
    goals = clean_goals(goals)
    errors = terms_errors(pair=pair, terms=terms, goals=goals, today=timezone.localdate())
    if errors:
        raise AgreementInvalid(errors)
    try:
        with transaction.atomic():
            _lock_pair_for(pair=pair, by=by)
            draft = (
                Agreement.objects.select_for_update()
                .filter(pair=pair, status=Agreement.Status.DRAFT)
                .first()
            )
            if draft is None:
                if based_on_revision:
                    raise DraftChanged(
                        _(
                            "The draft was accepted while you were editing it, so your changes "
                            "were not saved. Read the agreement again before changing it."
                        ),
                        revision=0,
                    )
                draft = Agreement.objects.create(
                    pair=pair, version=_next_version(pair), drafted_by=by, **asdict(terms)
                )
                _write_goals(draft, goals)
                audit_log(
                    actor=by,
                    action="agreement.draft",
                    obj=draft,
                    version=draft.version,
                    goals=len(goals),
                )
                return draft
            if based_on_revision is not None and based_on_revision != draft.revision:
                raise DraftChanged(
                    _(
                        "The draft was changed while you were editing it, so your changes were "
                        "not saved. Your text is still in the form: check the latest draft and "
                        "save again if you still want your version."
                    ),
                    revision=draft.revision,
                )
            withdrawn = [
                role for role in ("mentor", "actor") if getattr(draft, f"{role}_accepted_at")
            ]
            for name, value in asdict(terms).items():
                setattr(draft, name, value)
            draft.revision += 1
            draft.mentor_accepted_at = draft.actor_accepted_at = None
            draft.save()
            _write_goals(draft, goals)
            audit_log(
                actor=by,
                action="agreement.edit",
                obj=draft,
                version=draft.version,
                revision=draft.revision,
                goals=len(goals),
                acceptances_withdrawn=withdrawn,
            )
            return draft
    except IntegrityError as exc:
        raise _one_draft_only(exc) from exc


def agreement_accept(*, agreement: Agreement, by, revision: int | None = None) -> Agreement:
    """Record that ``by`` accepts this draft (as the ``revision`` they read, if given).

    When the second member accepts: the draft comes into force, the version in force so far
    is superseded, and a published pair becomes active — in one transaction.
    """
    pair = agreement.pair
    with transaction.atomic():
        role = _lock_pair_for(pair=pair, by=by)
        draft = (
            Agreement.objects.select_for_update()
            .filter(pk=agreement.pk, pair=pair, status=Agreement.Status.DRAFT)
            .first()
        )
        if draft is None:
            raise DomainError(_("This version is no longer waiting for acceptance."))
        if revision is not None and revision != draft.revision:
            raise DomainError(
                _("The draft was changed after you opened it. Read it again before accepting.")
            )
        field = f"{role}_accepted_at"
        if getattr(draft, field) is not None:
            raise DomainError(_("You have already accepted this version."))
        goals = [goal.text for goal in draft.goals.all()]
        errors = terms_errors(
            pair=pair, terms=AgreementTerms.of(draft), goals=goals, today=timezone.localdate()
        )
        if errors:
            raise DomainError(
                _("Edit the draft before accepting it: %(problem)s")
                % {"problem": next(iter(errors.values()))}
            )
        now = timezone.now()
        setattr(draft, field, now)
        audit_log(actor=by, action="agreement.accept", obj=draft, version=draft.version, role=role)
        if draft.mentor_accepted_at is None or draft.actor_accepted_at is None:
            # The edit time stays as it was: accepting does not change the text.
            draft.save(update_fields=[field])
            return draft
        previous = Agreement.objects.filter(pair=pair, status=Agreement.Status.ACCEPTED)
        superseded = list(previous.values_list("version", flat=True))
        previous.update(status=Agreement.Status.SUPERSEDED)
        draft.status = Agreement.Status.ACCEPTED
        draft.save(update_fields=[field, "status"])
        audit_log(
            actor=by,
            action="agreement.in_force",
            obj=draft,
            version=draft.version,
            superseded=superseded,
        )
        activated = Pair.objects.filter(pk=pair.pk, status=Pair.Status.PUBLISHED).update(
            status=Pair.Status.ACTIVE, activated_at=now
        )
        if activated:
            pair.status, pair.activated_at = Pair.Status.ACTIVE, now
            audit_log(actor=by, action="pair.activate", obj=pair, agreement_version=draft.version)
    return draft


def agreement_new_version(*, pair: Pair, by, goals: list[str] | None = None) -> Agreement:
    """Start version n+1 as a draft copying the version in force (its goals too, unless
    ``goals`` replaces them, e.g. when a pair continues after its evaluation with new goals).

    The version in force stays in force until both accept the new one. An evaluation date
    that has passed is replaced by a fresh suggestion, which the pair can edit.
    Raises DomainError if a draft already exists or nothing has been accepted yet.
    """
    if goals is not None:
        goals = clean_goals(goals)
        if problem := goals_error(goals):
            raise AgreementInvalid({"goals": problem})
    try:
        with transaction.atomic():
            _lock_pair_for(pair=pair, by=by)
            if Agreement.objects.filter(pair=pair, status=Agreement.Status.DRAFT).exists():
                raise DomainError(
                    _("A new version is already being prepared. Continue with that draft.")
                )
            in_force = (
                Agreement.objects.filter(pair=pair, status=Agreement.Status.ACCEPTED)
                .prefetch_related("goals")
                .first()
            )
            if in_force is None:
                raise DomainError(_("There is no accepted agreement to change yet."))
            terms = AgreementTerms.of(in_force)
            today = timezone.localdate()
            evaluation_date = terms.evaluation_date
            if evaluation_date <= today:
                evaluation_date = (
                    default_evaluation_date(
                        pair=pair,
                        cadence_days=terms.cadence_days,
                        planned_meetings=terms.planned_meetings,
                        today=today,
                    )
                    or evaluation_date
                )
            draft = Agreement.objects.create(
                pair=pair,
                version=_next_version(pair),
                drafted_by=by,
                **{**asdict(terms), "evaluation_date": evaluation_date},
            )
            texts = goals if goals is not None else [goal.text for goal in in_force.goals.all()]
            _write_goals(draft, texts)
            audit_log(
                actor=by,
                action="agreement.amend",
                obj=draft,
                version=draft.version,
                from_version=in_force.version,
                goals_replaced=goals is not None,
            )
            return draft
    except IntegrityError as exc:
        raise _one_draft_only(exc) from exc
