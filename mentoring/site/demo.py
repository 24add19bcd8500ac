"""Demo data: Lakeuden hyvinvointialue with a home-care unit and an assisted-living unit.

Everything is keyed by email or name, so running ``demo_data`` again changes nothing.
Every demo account shares the password ``DEMO_PASSWORD``. The supervisors, the organisation
admin and the staff user must sign in with a second step (MFA): their authenticator app is
already set up with ``DEMO_TOTP_SECRET`` (the README says how to get the code). Only the demo
does this; a real person sets their own app up at their first login.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth import get_user_model

from units.models import Membership, Organisation, OrganisationAdmin, Shift, Unit

from .demo_path import build_path

DEMO_PASSWORD = "mentorpolku-demo"
# Base32, as an authenticator app takes it: pyotp.TOTP(DEMO_TOTP_SECRET).now() gives the code.
DEMO_TOTP_SECRET = "MENTORPOLKUDEMOMENTORPOLKUDEMO22"
ORGANISATION = "Lakeuden hyvinvointialue"
HOME_CARE = "Kotihoito Itä"
ASSISTED = "Palvelutalo Koivukoti"

# email, name, unit, role, job title, started in field, shifts, language
PEOPLE = [
    ("admin@demo.mentorpolku.fi", "Riitta Kehittäjä", None, "org_admin", "", None, [], "fi"),
    (
        "esihenkilo.kotihoito@demo.mentorpolku.fi",
        "Sari Laaksonen",
        HOME_CARE,
        "supervisor",
        "Kotihoidon esihenkilö",
        2004,
        ["day"],
        "fi",
    ),
    (
        "esihenkilo.koivukoti@demo.mentorpolku.fi",
        "Mikael Lindholm",
        ASSISTED,
        "supervisor",
        "Palveluesihenkilö",
        2008,
        ["day"],
        "sv",
    ),
    (
        "aino.virtanen@demo.mentorpolku.fi",
        "Aino Virtanen",
        HOME_CARE,
        "worker",
        "Lähihoitaja",
        2001,
        ["day", "evening"],
        "fi",
    ),
    (
        "jukka.nieminen@demo.mentorpolku.fi",
        "Jukka Nieminen",
        HOME_CARE,
        "worker",
        "Sairaanhoitaja",
        2009,
        ["day"],
        "fi",
    ),
    (
        "leena.makinen@demo.mentorpolku.fi",
        "Leena Mäkinen",
        HOME_CARE,
        "worker",
        "Lähihoitaja",
        1998,
        ["evening"],
        "fi",
    ),
    (
        "mira.heikkinen@demo.mentorpolku.fi",
        "Mira Heikkinen",
        HOME_CARE,
        "worker",
        "Lähihoitaja",
        2024,
        ["day", "evening"],
        "fi",
    ),
    (
        "tuomas.koskinen@demo.mentorpolku.fi",
        "Tuomas Koskinen",
        HOME_CARE,
        "worker",
        "Hoiva-avustaja",
        2025,
        ["evening"],
        "fi",
    ),
    (
        "anna.jarvinen@demo.mentorpolku.fi",
        "Anna Järvinen",
        HOME_CARE,
        "worker",
        "Lähihoitaja",
        2023,
        ["day"],
        "fi",
    ),
    (
        "eveliina.lahtinen@demo.mentorpolku.fi",
        "Eveliina Lahtinen",
        HOME_CARE,
        "worker",
        "Sairaanhoitaja",
        2025,
        ["rotating"],
        "en",
    ),
    (
        "helena.salo@demo.mentorpolku.fi",
        "Helena Salo",
        ASSISTED,
        "worker",
        "Sairaanhoitaja",
        2000,
        ["day", "night"],
        "fi",
    ),
    (
        "johan.berg@demo.mentorpolku.fi",
        "Johan Berg",
        ASSISTED,
        "worker",
        "Närvårdare",
        2006,
        ["evening", "night"],
        "sv",
    ),
    (
        "pirjo.hamalainen@demo.mentorpolku.fi",
        "Pirjo Hämäläinen",
        ASSISTED,
        "worker",
        "Lähihoitaja",
        1995,
        ["day"],
        "fi",
    ),
    (
        "sanna.rantanen@demo.mentorpolku.fi",
        "Sanna Rantanen",
        ASSISTED,
        "worker",
        "Lähihoitaja",
        2024,
        ["night"],
        "fi",
    ),
    (
        "oskari.lehtonen@demo.mentorpolku.fi",
        "Oskari Lehtonen",
        ASSISTED,
        "worker",
        "Hoiva-avustaja",
        2025,
        ["day", "evening"],
        "fi",
    ),
    (
        "elin.nyberg@demo.mentorpolku.fi",
        "Elin Nyberg",
        ASSISTED,
        "worker",
        "Närvårdare",
        2023,
        ["rotating"],
        "sv",
    ),
]


def _enrol_demo_totp(user) -> None:
    """The demo's shared authenticator app for a person who must use MFA (demo data only)."""
    Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
    )


def build() -> list[str]:
    User = get_user_model()
    organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION)
    units = {
        name: Unit.objects.get_or_create(organisation=organisation, name=name)[0]
        for name in (HOME_CARE, ASSISTED)
    }
    people = {}
    for email, name, unit, role, title, started, shifts, language in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, name=name, language=language)
        people[email] = user
        if role == "org_admin":
            OrganisationAdmin.objects.get_or_create(organisation=organisation, user=user)
            continue
        Membership.objects.update_or_create(
            user=user,
            unit=units[unit],
            defaults={
                "role": role,
                "job_title": title,
                "started_in_field": started,
                "shifts": [s for s in shifts if s in Shift.values],
            },
        )
    if not User.objects.filter(email="staff@demo.mentorpolku.fi").exists():
        User.objects.create_superuser("staff@demo.mentorpolku.fi", DEMO_PASSWORD, name="Ylläpito")
    staff = User.objects.get(email="staff@demo.mentorpolku.fi")
    for user in [people[p[0]] for p in PEOPLE if p[3] in ("supervisor", "org_admin")] + [staff]:
        _enrol_demo_totp(user)
    context = {"organisation": organisation, "units": units, "people": people}
    lines = [
        f"Organisation: {organisation.name}; units: {', '.join(units)}",
        f"{len(people)} people; password for every demo login: {DEMO_PASSWORD}",
        f"Supervisors, the organisation admin and staff also need the code of an authenticator "
        f"app set up with the secret {DEMO_TOTP_SECRET} (see the README).",
    ]
    lines.extend(build_path(context))
    return lines
