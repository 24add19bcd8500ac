"""Erasure by anonymisation (GDPR art. 17): a person's data removed, their traces kept as
numbers.

Who may: the organisation's admin, for a person all of whose organisations they administer;
or the person themselves, if they are a worker (a supervisor or an admin holds a role for the
organisation: their admin removes them) and in no running pair (a published or an active pair
still has a partner counting on them; a draft, which they cannot see yet, is undone). Site
staff are removed by the site's own administrators, not here.

What goes and what stays is each part's own decision, in its ``erasure.py``; this service
runs them in one transaction, lowest-level last, so that a part above still finds the rows it
needs. The rule for the texts a pair shares (agreements, meeting logs and places): they are the
partner's record too, so they stay while the partner is there, and go when the second member
is erased. Counts and hours stay: pairs, meetings held and their minutes, ratings without a name.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.accounts.erasure import user_anonymise
from mentoring.agreements.erasure import agreement_texts_erase
from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.evaluations.erasure import evaluation_texts_erase_for_person
from mentoring.matching.erasure import suggestions_drop_for_person
from mentoring.meetings.erasure import meeting_texts_erase_for_pairs, meeting_texts_erase_for_person
from mentoring.onboarding.erasure import staff_import_rows_erase_for_person
from mentoring.pairs.erasure import drafts_undo_for_person, pairs_with_both_erased
from mentoring.pairs.selectors import running_pairs_of_person
from mentoring.programmes.erasure import (
    participation_requests_delete_for_person,
    signups_anonymise_for_person,
)
from mentoring.reminders.erasure import reminders_drop_for_person
from units.access import user_roles
from units.erasure import memberships_end_for_person


def erasure_refusal(*, person, by) -> str | None:
    """Why ``by`` may not erase ``person`` (a sentence to show), or None if they may."""
    if person.erased_at is not None:
        return _("This person's data has already been removed.")
    if person.is_staff or person.is_superuser:
        return _("Site staff are removed by the site's administrators.")
    roles = user_roles(person)
    if person.pk == getattr(by, "pk", None):
        if roles.is_supervisor or roles.is_org_admin:
            return _(
                "You hold a role for your organisation. Ask your organisation's admin to "
                "remove your data."
            )
        if running_pairs_of_person(user=person).exists():
            return _(
                "You are in a mentoring pair that has not concluded yet. Your data can be "
                "removed after the pair has concluded; talk to your supervisor."
            )
        return None
    administered = user_roles(by).admin_organisation_ids
    if not roles.organisation_ids or not roles.organisation_ids <= administered:
        return _("You can remove the data of people of your own organisation only.")
    return None


def person_erase(*, person, by) -> None:
    """Remove the person's data (see the module's docstring); refuses with a DomainError."""
    User = get_user_model()
    with transaction.atomic():
        # Locked: two erasures (or an erasure and a sign-in) never cross each other.
        person = User.objects.select_for_update().get(pk=person.pk)
        refusal = erasure_refusal(person=person, by=by)
        if refusal:
            raise DomainError(refusal)
        drafts_undo_for_person(user=person, by=by)
        suggestions_drop_for_person(user=person)
        reminders_drop_for_person(user=person)
        evaluation_texts_erase_for_person(user=person)
        meeting_texts_erase_for_person(user=person)
        signups_anonymise_for_person(user=person)
        participation_requests_delete_for_person(user=person)
        memberships_end_for_person(user=person)
        staff_import_rows_erase_for_person(user=person)
        user_anonymise(user=person)
        shared = pairs_with_both_erased(user=person)
        meeting_texts_erase_for_pairs(pairs=shared)
        agreement_texts_erase(pairs=shared)
        # Who did it and to whom (the row's id); never what was erased.
        audit_log(actor=by, action="person.erase", obj=person, by_self=person.pk == by.pk)
