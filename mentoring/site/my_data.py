"""My data (GDPR art. 15 and 20): everything the site keeps about one person, gathered from
each part's own "data about this person" selector, for the person alone.

One structure serves both the readable page and the JSON download: sections of records, each
record a list of fields (a stable key and the raw value for the JSON file, a translated label
and the value as shown for the page). A constant number of queries however many pairs and
meetings the person has.

What is in, and what is not (docs/privacy.md says the same):
- the pairs the person was told about (published or later), the other member by the name the
  pair page shows; a supervisor's unpublished draft is not theirs to see yet;
- the pair's shared record (agreement versions, goals, meetings, their logs), which both
  members wrote and read;
- their own evaluation answers only, never the other member's, with whether they shared
  their unit-work text in the reports;
- their second factors: the kind and the dates only, never the secret, the recovery codes or
  the passkey's credential;
- the links to their accounts at their organisations' sign-in services (SSO): the subject id
  and dates, nothing of the provider's claims or tokens (not kept);
- audit entries they did or that are about them: what happened and when, not the details.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mentoring.accounts.selectors import (
    authenticators_of_person,
    calendar_feed_of_person,
    invitations_of_person,
    sso_links_of_person,
)
from mentoring.agreements.selectors import agreements_of_person
from mentoring.core.selectors import audit_entries_of_person
from mentoring.evaluations.models import BENEFITS
from mentoring.evaluations.selectors import evaluations_of_person
from mentoring.meetings.selectors import meetings_of_person
from mentoring.pairs.access import member_role, pairs_of_member
from mentoring.programmes.models import SignUp
from mentoring.programmes.selectors import participation_requests_of_person, signups_of_person
from mentoring.reminders.selectors import reminders_of_person
from units.selectors import admin_roles_of_person, memberships_of_person


@dataclass
class Field:
    key: str
    label: str
    value: Any  # for the JSON file: str, number, bool, None, date, datetime or a list
    shown: Any = None  # for the page, when it differs (a choice's label, a list in words)

    def __post_init__(self):
        if self.shown is None:
            self.shown = self.value
        # Times in the person's time zone and format (a template filter would not).
        if isinstance(self.shown, dt.datetime):
            self.shown = _moment(self.shown)
        elif isinstance(self.shown, dt.date):
            self.shown = date_format(self.shown, "SHORT_DATE_FORMAT")

    @property
    def kind(self) -> str:
        """How the page shows the value: "list", "bool", "empty" or "text"."""
        if isinstance(self.shown, list | tuple):
            return "list" if self.shown else "empty"
        if isinstance(self.shown, bool):
            return "bool"
        return "empty" if self.shown in (None, "") else "text"


@dataclass
class Record:
    title: str
    fields: list[Field] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    records: list[Record]


def _field(obj: models.Model, name: str, key: str | None = None) -> Field:
    """A model field with its own label; a choice is shown by its label."""
    model_field = obj._meta.get_field(name)
    value = getattr(obj, name)
    shown = getattr(obj, f"get_{name}_display")() if model_field.choices else None
    return Field(key or name, str(model_field.verbose_name), value, shown)


def _profile(user) -> Section:
    fields = [_field(user, name) for name in ("name", "email", "phone", "language")]
    fields += [_field(user, "date_joined"), _field(user, "last_login")]
    fields.append(Field("reminders_turned_off", _("reminders turned off"), user.muted_reminders))
    return Section("profile", _("Profile"), [Record(user.name or user.email, fields)])


def _memberships(user) -> Section:
    records = [
        Record(
            f"{m.unit.name} · {m.unit.organisation.name}",
            [
                Field("organisation", _("organisation"), m.unit.organisation.name),
                Field("unit", _("unit"), m.unit.name),
                _field(m, "role"),
                _field(m, "job_title"),
                _field(m, "started_in_field"),
                Field("shifts", _("usual shifts"), m.shifts, m.get_shifts_display()),
            ],
        )
        for m in memberships_of_person(user=user)
    ]
    records += [
        Record(
            role.organisation.name,
            [
                Field("organisation", _("organisation"), role.organisation.name),
                Field("role", _("role"), "org_admin", _("organisation admin")),
            ],
        )
        for role in admin_roles_of_person(user=user)
    ]
    return Section("memberships", _("Units and roles"), records)


def _invitations(user) -> Section:
    records = []
    for invitation in invitations_of_person(user=user):
        fields = [Field("unit", _("unit"), invitation.place.name)]
        fields += [
            _field(invitation, n)
            for n in ("email", "name", "role", "job_title", "phone", "started_in_field", "shifts")
        ]
        fields.append(Field("created_at", _("created"), invitation.created_at))
        fields += [
            _field(invitation, n)
            for n in ("sent_at", "send_count", "expires_at", "accepted_at", "withdrawn_at")
        ]
        records.append(Record(invitation.place.name, fields))
    return Section("invitations", _("Invitations"), records)


def _participation_requests(user) -> Section:
    """Requests to take part sent with the person's address before they had an account."""
    records = []
    for request in participation_requests_of_person(user=user):
        fields = [Field("programme", _("programme"), request.programme.name)]
        fields.append(Field("unit", _("unit"), request.unit.name))
        fields += [
            _field(request, n)
            for n in ("name", "email", "role", "message", "state", "created_at", "handled_at")
        ]
        records.append(Record(request.programme.name, fields))
    return Section("participation_requests", _("Requests to take part"), records)


def _signups(user) -> Section:
    records = []
    for signup in signups_of_person(user=user):
        themes = [theme.label for theme in signup.themes.all()]
        fields = [
            Field("programme", _("programme"), signup.programme.name),
            Field("unit", _("unit"), signup.unit.name),
            _field(signup, "role"),
            _field(signup, "status"),
            _field(signup, "experience_years"),
            Field("shifts", _("usual shifts"), signup.shifts, signup.get_shifts_display()),
            Field("languages", _("languages"), signup.languages, signup.get_languages_display()),
            Field("themes", _("themes"), themes, ", ".join(themes)),
            _field(signup, "themes_text"),
            _field(signup, "capacity"),
            Field("created_at", _("signed up"), signup.created_at),
        ]
        records.append(Record(signup.programme.name, fields))
    return Section("signups", _("Sign-ups"), records)


def _other_member(pair, user):
    """The other member of the person's pair (the pair page shows them by this name)."""
    return (pair.actor if member_role(pair=pair, user=user) == "mentor" else pair.mentor).user


def _pair_names(user, pairs) -> dict:
    """pair id → "programme · the other member"."""
    names = {}
    for pair in pairs:
        other = _other_member(pair, user)
        names[pair.pk] = f"{pair.programme.name} · {other.name or other.email}"
    return names


def _pairs(user, pairs) -> Section:
    records = []
    for pair in pairs:
        role = member_role(pair=pair, user=user)
        other = _other_member(pair, user)
        fields = [
            Field("id", _("pair"), str(pair.pk)),
            Field("programme", _("programme"), pair.programme.name),
            Field("your_role", _("your role"), role, SignUp.Role(role).label),
            Field("other_member", _("the other member"), other.name or other.email),
            _field(pair, "status"),
        ]
        fields += [_field(pair, n) for n in ("published_at", "activated_at", "concluded_at")]
        records.append(Record(pair.programme.name, fields))
    return Section("pairs", _("Pairs"), records)


def _agreements(user, names) -> Section:
    records = []
    for agreement in agreements_of_person(user=user):
        goals = [goal.text for goal in agreement.goals.all()]
        fields = [Field("pair", _("pair"), str(agreement.pair_id))]
        fields += [
            _field(agreement, n)
            for n in (
                "version",
                "status",
                "cadence_days",
                "usual_place",
                "usual_time",
                "moving_practice",
                "confidentiality",
                "planned_meetings",
                "evaluation_date",
                "mentor_accepted_at",
                "actor_accepted_at",
            )
        ]
        fields.append(Field("goals", _("goals"), goals))
        title = f"{names.get(agreement.pair_id, '')} · v{agreement.version}"
        records.append(Record(title, fields))
    return Section("agreements", _("Agreements"), records)


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _who(user_id, user, names_by_id) -> str:
    if user_id is None:
        return ""
    if user_id == user.pk:
        return _("you")
    return names_by_id.get(user_id, "")


def _meetings(user, names, people) -> Section:
    records = []
    for meeting in meetings_of_person(user=user):
        fields = [Field("pair", _("pair"), str(meeting.pair_id))]
        fields += [
            _field(meeting, n)
            for n in (
                "kind",
                "status",
                "starts_at",
                "ends_at",
                "place",
                "approval",
                "approval_comment",
                "cancel_reason",
                "held_minutes",
            )
        ]
        changes = [
            {
                "from": change.old_starts_at,
                "to": change.new_starts_at,
                "reason": change.reason,
                "by": _who(change.changed_by_id, user, people),
            }
            for change in meeting.changes.all()
        ]
        shown = [
            f"{_moment(c['from'])} → {_moment(c['to']) if c['to'] else _('cancelled')}: "
            f"{c['reason']} ({c['by']})"
            for c in changes
        ]
        fields.append(Field("changes", _("moves and cancellations"), changes, shown))
        log = getattr(meeting, "log", None)
        if log is not None:
            themes = [theme.label for theme in log.themes.all()]
            goals = [goal.text for goal in log.goals.all()]
            fields += [
                Field("log_themes", str(log._meta.get_field("themes").verbose_name), themes),
                Field("log_goals", str(log._meta.get_field("goals").verbose_name), goals),
                _field(log, "progress", "log_progress"),
                _field(log, "notes", "log_notes"),
                Field("log_written_by", _("written by"), _who(log.written_by_id, user, people)),
            ]
        title = f"{names.get(meeting.pair_id, '')} · {meeting.get_kind_display()}"
        records.append(Record(title, fields))
    return Section("meetings", _("Meetings and their logs"), records)


def _evaluations(user, names) -> Section:
    records = []
    for evaluation in evaluations_of_person(user=user):
        fields = [
            Field("pair", _("pair"), str(evaluation.pair_id)),
            Field("meeting_starts_at", _("evaluation meeting"), evaluation.meeting.starts_at),
            _field(evaluation, "author_role", "role"),
        ]
        fields += [Field(key, str(label), getattr(evaluation, key)) for key, label in BENEFITS]
        fields += [
            _field(evaluation, n) for n in ("own_work", "unit_work", "share_unit_work", "decision")
        ]
        fields.append(Field("new_goals", _("new goals"), evaluation.new_goals))
        outcomes = [
            {"goal": o.goal.text, "outcome": o.outcome, "shown": o.get_outcome_display()}
            for o in evaluation.outcomes.all()
        ]
        fields.append(
            Field(
                "goal_outcomes",
                _("goal outcomes"),
                [{"goal": o["goal"], "outcome": o["outcome"]} for o in outcomes],
                [f"{o['goal']}: {o['shown']}" for o in outcomes],
            )
        )
        fields.append(Field("submitted_at", _("answered"), evaluation.submitted_at))
        records.append(Record(names.get(evaluation.pair_id, ""), fields))
    return Section("evaluations", _("Your evaluation answers"), records)


def _reminders(user) -> Section:
    records = [
        Record(
            reminder.get_kind_display(),
            [_field(reminder, n) for n in ("kind", "state", "due_at", "sent_at")],
        )
        for reminder in reminders_of_person(user=user)
    ]
    return Section("reminders", _("Reminders to you"), records)


def _calendar(user) -> Section:
    feed = calendar_feed_of_person(user=user)
    records = []
    if feed is not None:
        # Whether there is an address and since when; the key is a credential, not data.
        records.append(Record(_("Calendar address"), [_field(feed, "created_at")]))
    return Section("calendar_address", _("Calendar address"), records)


def _second_factors(user) -> Section:
    """Kind and dates only: the secret, the recovery codes and the passkey's credential are
    credentials, not data (the selector does not even load them)."""
    kinds = {
        Authenticator.Type.TOTP: _("authenticator app"),
        Authenticator.Type.RECOVERY_CODES: _("recovery codes"),
        Authenticator.Type.WEBAUTHN: _("passkey"),
    }
    records = []
    for authenticator in authenticators_of_person(user=user):
        kind = kinds.get(authenticator.type, authenticator.type)
        fields = [
            Field("kind", _("kind"), authenticator.type, kind),
            Field("created_at", _("set up"), authenticator.created_at),
            Field("last_used_at", _("last used"), authenticator.last_used_at),
        ]
        records.append(Record(capfirst(kind), fields))
    return Section("second_factors", _("Second factors"), records)


def _sso_links(user) -> Section:
    """The link to the person's account at their organisation's sign-in service: who the
    service says they are (its subject id), since when, and the last sign-in through it."""
    records = [
        Record(
            organisation,
            [
                Field("organisation", _("organisation"), organisation),
                Field("subject", _("your id at the sign-in service"), account.uid),
                Field("linked_at", _("linked"), account.date_joined),
                Field("last_login", _("last sign-in through it"), account.last_login),
            ],
        )
        for account, organisation in sso_links_of_person(user=user)
    ]
    return Section("sso_links", _("Sign-in through your organisation"), records)


def _audit(user) -> Section:
    records = [
        Record(
            entry.action,
            [
                _field(entry, "action"),
                _field(entry, "created_at", "time"),
                Field("object_type", _("object"), entry.content_type.model),
                Field("object_id", _("object id"), entry.object_id),
                Field("by_you", _("done by you"), entry.actor_id == user.pk),
            ],
        )
        for entry in audit_entries_of_person(user=user)
    ]
    return Section("audit_log", _("Audit log entries about you"), records)


def my_data(*, user) -> list[Section]:
    """Every section of the person's data, in the order of the page."""
    pairs = list(pairs_of_member(user=user).order_by("created_at", "pk"))
    names = _pair_names(user, pairs)
    people = {}
    for pair in pairs:
        for signup in (pair.mentor, pair.actor):
            people[signup.user_id] = signup.user.name or signup.user.email
    return [
        _profile(user),
        _memberships(user),
        _invitations(user),
        _participation_requests(user),
        _signups(user),
        _pairs(user, pairs),
        _agreements(user, names),
        _meetings(user, names, people),
        _evaluations(user, names),
        _reminders(user),
        _calendar(user),
        _second_factors(user),
        _sso_links(user),
        _audit(user),
    ]


def my_data_json(*, user) -> dict:
    """The same data for the download: keys in English, values as stored."""
    return {
        "generated_at": timezone.now(),
        **{
            section.key: [{f.key: f.value for f in record.fields} for record in section.records]
            for section in my_data(user=user)
        },
    }
