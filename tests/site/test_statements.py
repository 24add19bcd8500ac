"""The privacy notice and the accessibility statement: public, in three languages, with the
contact details the organisation's admin keeps; the admin's edit page is theirs alone."""

import pytest
from django.conf import settings
from django.urls import reverse

from mentoring.core.models import AuditEntry
from tests import factories as f
from tests.utils import count_queries, sign_in

pytestmark = pytest.mark.django_db

CONTACTS = {
    "controller_name": "Testin hyvinvointialue (rekisterinpitäjä)",
    "controller_address": "PL 1, 00100 Helsinki",
    "controller_email": "kirjaamo@testi.example",
    "dpo_contact": "tietosuoja@testi.example",
    "accessibility_contact": "saavutettavuus@testi.example",
}
WORDS = {
    "privacy": {
        "en": ["Privacy notice", "Legal basis", "Office of the Data Protection Ombudsman"],
        "fi": ["Tietosuojaseloste", "oikeusperuste", "tietosuojavaltuutetun toimistolle"],
        "sv": ["Dataskyddsbeskrivning", "Rättslig grund", "dataombudsmannens byrå"],
    },
    "accessibility": {
        "en": ["Accessibility statement", "WCAG", "axe-core", "Traficom", "webaccessibility.fi"],
        "fi": ["Saavutettavuusseloste", "WCAG", "axe-core", "Liikenne- ja viestintävirasto"],
        "sv": [
            "Tillgänglighetsutlåtande",
            "WCAG",
            "axe-core",
            "Transport- och kommunikationsverket",
        ],
    },
}
PERIODS = {
    "en": ["12 months after the pair concluded", "90 days after they were sent", "30 days"],
    "fi": ["12 kuukautta parin päättymisestä", "90 päivää lähettämisestä", "30 päivää"],
    "sv": ["12 månader efter att paret avslutades", "90 dagar efter att de skickades"],
}


def _edit(cast, **values):
    client = cast.client("admin")
    url = reverse("units:organisation_contacts", kwargs={"organisation_id": cast.organisation.pk})
    return client.post(url, {**CONTACTS, **values})


def _get(client, page, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(f"site:{page}"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
@pytest.mark.parametrize("page", ["privacy", "accessibility"])
def test_anyone_reads_the_pages_with_the_edited_contacts(cast, page, language):
    assert _edit(cast).status_code == 302
    html = _get(cast.client("anon"), page, language)
    assert f'lang="{language}"' in html
    for text in WORDS[page][language]:
        assert text in html, text
    for field in ("controller_name", "controller_address", "controller_email"):
        assert CONTACTS[field] in html
    own = "dpo_contact" if page == "privacy" else "accessibility_contact"
    assert CONTACTS[own] in html
    if page == "privacy":
        for text in PERIODS[language]:
            assert text in html, text


def test_the_notice_tells_the_periods_of_the_settings(cast, settings):
    settings.RETENTION_PAIR_TEXTS_MONTHS = 18
    settings.RETENTION_FAILED_LOGINS_DAYS = 30
    html = _get(cast.client("anon"), "privacy", "en")
    assert "18 months after the pair concluded" in html
    assert "Sign-in records: 30 days" in html


def test_a_signed_in_person_sees_their_own_organisation_anyone_else_all(cast):
    other = f.OrganisationFactory(name="Toinen alue", controller_email="toinen@muu.example")
    _edit(cast)
    for who in ("worker_a", "sup_b", "admin"):
        html = _get(cast.client(who), "privacy", "en")
        assert CONTACTS["controller_email"] in html and other.controller_email not in html
    html = _get(cast.client("anon"), "privacy", "en")
    assert CONTACTS["controller_email"] in html and other.controller_email in html


def test_every_page_links_to_both_in_its_footer(cast):
    for who, url in (("anon", reverse("account_login")), ("worker_a", reverse("site:home"))):
        html = cast.client(who).get(url).content.decode()
        assert f'href="{reverse("site:privacy")}"' in html
        assert f'href="{reverse("site:accessibility")}"' in html


@pytest.mark.parametrize("page", ["privacy", "accessibility"])
def test_the_pages_run_a_fixed_number_of_queries(cast, page):
    client = cast.client("anon")
    counts = []
    for n in (1, 30):
        for i in range(n):
            f.OrganisationFactory(name=f"Alue {n}-{i}")
        counts.append(count_queries(client.get, reverse(f"site:{page}"))[0])
    assert counts[0] == counts[1]


def test_the_admin_edits_the_contacts_and_the_audit_names_only_the_fields(cast):
    url = reverse("units:organisation_contacts", kwargs={"organisation_id": cast.organisation.pk})
    client = cast.client("admin")
    assert client.get(url).status_code == 200
    response = _edit(cast)
    assert response.status_code == 302
    cast.organisation.refresh_from_db()
    assert {k: getattr(cast.organisation, k) for k in CONTACTS} == CONTACTS
    entry = AuditEntry.objects.get(action="organisation.contacts")
    assert entry.actor == cast.admin and sorted(entry.data["changed"]) == sorted(CONTACTS)
    assert not any(value in str(entry.data) for value in CONTACTS.values())
    _edit(cast)  # the same again: nothing changes, nothing is logged
    assert AuditEntry.objects.filter(action="organisation.contacts").count() == 1


@pytest.mark.parametrize(
    "values, field",
    [
        ({"controller_email": "not an email"}, "controller_email"),
        ({"dpo_contact": "x" * 301}, "dpo_contact"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(cast, values, field):
    response = _edit(cast, **values)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    cast.organisation.refresh_from_db()
    assert cast.organisation.controller_email == ""


def test_another_organisations_admin_gets_404(cast):
    other = f.OrganisationFactory(name="Toinen alue")
    other_admin = f.UserFactory(email="other.admin@example.test")
    f.OrganisationAdminFactory(user=other_admin, organisation=other)
    client = cast.client("anon")
    sign_in(client, other_admin)
    url = reverse("units:organisation_contacts", kwargs={"organisation_id": cast.organisation.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, CONTACTS).status_code == 404
    cast.organisation.refresh_from_db()
    assert cast.organisation.controller_email == ""


NEW_FACTS = {
    # (a) erasure and the pair's shared texts; (b) the shared unit-work text in the reports;
    # (c) second factors and the audit log's period.
    "en": [
        "it stays while the other member is in the service, and is removed when both members",
        "you may share your text on the unit's shared work",
        "only once at least 3 people of your role",
        "authenticator app",
        "passkey",
        "removing your data removes them all",
        "Audit log: 24 months",
    ],
    "fi": [
        "se säilyy niin kauan kuin toinen jäsen on palvelussa ja poistetaan, kun molemmat",
        "voit jakaa tekstisi yksikön yhteisestä työstä",
        "vasta, kun ohjelmassa on vastannut vähintään 3 samassa roolissa",
        "tunnistinsovellus",
        "pääsyavain",
        "kun tietosi poistetaan, ne kaikki poistetaan",
        "Tapahtumaloki: 24 kuukautta",
    ],
    "sv": [
        "det finns kvar så länge den andra medlemmen finns i tjänsten och tas bort när båda",
        "kan du dela din text om enhetens gemensamma arbete",
        "först när minst 3 personer i samma roll som du",
        "autentiseringsapp",
        "lösennyckel",
        "när dina uppgifter tas bort försvinner alla",
        "Händelseloggen: 24 månader",
    ],
}


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_notice_tells_shared_texts_second_factors_and_the_audit_period(cast, language):
    html = _get(cast.client("anon"), "privacy", language)
    for text in NEW_FACTS[language]:
        assert text in html, text
    assert "the texts they wrote are replaced" not in html  # the old, untrue promise


def test_the_notice_tells_the_audit_period_of_the_setting(cast, settings):
    settings.RETENTION_AUDIT_MONTHS = 36
    assert "Audit log: 36 months" in _get(cast.client("anon"), "privacy", "en")
