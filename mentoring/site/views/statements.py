"""The privacy notice and the accessibility statement: public pages (no login).

Each shows the controller's contact details that the organisation admin keeps up to date:
of the signed-in person's own organisations, or of every organisation for anyone else.

The body of each statement is prose a data-protection officer reads and edits as a whole,
so it is written once per language (``templates/site/statements/<page>.<language>.html``)
rather than cut into dozens of catalogue entries; the headings, labels and the footer links
are in the catalogues as usual. The retention periods come from the same settings as the
nightly run (``site.retention``), so the notice cannot promise other periods.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from units.selectors import organisations_for_statements

from .. import retention

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _context(request, page: str) -> dict:
    language = translation.get_language() or settings.LANGUAGE_CODE
    language = language if language in LANGUAGES else "en"
    return {
        "organisations": organisations_for_statements(user=request.user),
        "body": f"site/statements/{page}.{language}.html",
        "periods": {
            "pair_texts_months": retention.pair_texts_months(),
            "sent_reminders_days": retention.sent_reminders_days(),
            "invitations_days": retention.invitations_days(),
            "staff_imports_days": retention.staff_imports_days(),
            "failed_logins_days": retention.failed_logins_days(),
            "audit_months": retention.audit_months(),
        },
    }


@require_GET
def privacy(request):
    return render(request, "site/privacy.html", _context(request, "privacy"))


@require_GET
def accessibility(request):
    return render(request, "site/accessibility.html", _context(request, "accessibility"))
