"""Journey: a new organisation, from an empty database to a unit running a programme,
without the Django admin (issue 11).

``create_organisation`` invites the first admin; the admin follows the link, imports one
CSV file of 3 units and 60 people (the import adds the units), and the invitations go out;
a unit's supervisor and one of its workers follow their links, and the supervisor opens a
programme for the unit.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.programmes.models import Programme
from units.models import Membership, Unit

from .journeys import check, heading, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pitkä-salasana-42"
UNITS = ["Kotihoito Itä", "Kotihoito Länsi", "Palvelutalo Koivukoti"]
HEADER = "nimi;sähköposti;yksikkö;rooli;ammattinimike;alalla vuodesta;vuorot;kieli"


def _staff_file(folder):
    """Each unit: a supervisor and 19 workers."""
    lines = [HEADER]
    for u, unit in enumerate(UNITS):
        lines.append(f"Esihenkilö {u};esihenkilo{u}@lakeus.test;{unit};esihenkilö;;2005;aamu;en")
        for n in range(19):
            lines.append(
                f"Hoitaja {u}-{n};hoitaja{u}-{n}@lakeus.test;{unit};työntekijä;lähihoitaja;"
                f"{2000 + n};aamu, ilta;en"
            )
    path = folder / "henkilosto.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _link_to(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return re.search(r"/accounts/invite/[^/\s]+/", message.body).group(0)


def _accept(page, email: str, name: str) -> None:
    page.goto(_link_to(email))
    check(page)
    page.get_by_label("Your name").fill(name)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Accept the invitation").click()
    page.wait_for_load_state("load")


def test_a_new_organisation_gets_a_unit_running(new_page, tmp_path):
    call_command(
        "create_organisation", "Lakeuden hyvinvointialue", "--admin", "kehitys@lakeus.test"
    )

    page = new_page(language="en")
    _accept(page, "kehitys@lakeus.test", "Riitta Kehittäjä")
    # The admin's role shows other people's details: the app asks for a second factor first.
    assert "2fa" in page.url
    admin = User.objects.get(email="kehitys@lakeus.test")

    page = new_page(admin, language="en")  # signed in with a second factor set up
    page.goto("/")
    page.get_by_role("link", name="Import staff").click()
    assert heading(page) == "Import staff"
    check(page)
    page.get_by_label("Staff file (CSV or XLSX)").set_input_files(_staff_file(tmp_path))
    page.get_by_label("Add the units that the file names").check()
    page.get_by_role("button", name="Show what the import would do").click()
    assert heading(page) == "Check the import"
    counts = page.locator("#import-counts").inner_text()
    assert "60 new people: invitations go out" in counts
    assert "Units added: " + ", ".join(UNITS) in counts
    check(page)
    screenshot(page, "onboarding-import-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Done: every invitation has been sent.").wait_for()
    check(page)
    assert len(mail.outbox) == 1 + 60

    supervisor_page = new_page(language="en")
    _accept(supervisor_page, "esihenkilo0@lakeus.test", "Sari Laaksonen")
    worker_page = new_page(phone=True, language="en")
    _accept(worker_page, "hoitaja0-3@lakeus.test", "Aino Virtanen")
    assert "Welcome to Kotihoito Itä." in worker_page.locator(".messages").inner_text()
    check(worker_page)

    unit = Unit.objects.get(name="Kotihoito Itä")
    supervisor = User.objects.get(email="esihenkilo0@lakeus.test")
    worker = Membership.objects.get(user__email="hoitaja0-3@lakeus.test", unit=unit)
    assert Membership.objects.get(user=supervisor, unit=unit).role == "supervisor"
    assert (worker.job_title, worker.started_in_field, worker.shifts) == (
        "lähihoitaja",
        2003,
        ["day", "evening"],
    )

    page = new_page(supervisor, language="en")
    page.goto("/")
    page.get_by_role("link", name="Programmes", exact=True).click()
    page.get_by_role("link", name="New programme").click()
    assert page.get_by_label("Kotihoito Itä").is_checked()
    page.get_by_label("Name").fill("Mentorointi Itä")
    starts = timezone.localdate() + dt.timedelta(days=3)
    page.get_by_label("Starts on").fill(starts.isoformat())
    page.get_by_label("Ends on").fill((starts + dt.timedelta(days=200)).isoformat())
    page.get_by_role("button", name="Create the programme").click()
    page.get_by_text("The programme is created.").wait_for()
    assert list(Programme.objects.get(name="Mentorointi Itä").units.all()) == [unit]
