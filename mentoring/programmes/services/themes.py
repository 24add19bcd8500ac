"""Themes: an organisation extends the built-in list with its own."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from units.access import oversees_organisation

from ..models import BUILTIN_THEMES, Theme


def _builtin_labels() -> set[str]:
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels |= {str(label).casefold() for label in BUILTIN_THEMES.values()}
    return labels


def theme_create(*, organisation, name: str, by) -> Theme:
    """Add a theme to the organisation's own list (its supervisors and admins)."""
    if not oversees_organisation(user=by, organisation_id=organisation.id):
        raise DomainError(_("Only the organisation's supervisors and admins can add themes."))
    name = " ".join((name or "").split())
    if len(name) < 2:
        raise DomainError(_("Write the theme's name."), field="name")
    if len(name) > 120:
        raise DomainError(_("Keep the theme's name under 120 characters."), field="name")
    exists = _("The theme “%(name)s” is already on the list.") % {"name": name}
    if name.casefold() in _builtin_labels():
        raise DomainError(exists, field="name")
    try:
        with transaction.atomic():
            # Compared in Python: SQLite folds the case of ASCII letters only (not ä, ö, å).
            own = Theme.objects.filter(organisation=organisation).values_list("name", flat=True)
            if name.casefold() in {existing.casefold() for existing in own}:
                raise DomainError(exists, field="name")
            theme = Theme.objects.create(organisation=organisation, name=name)
            audit_log(actor=by, action="theme.create", obj=theme, name=name)
    except IntegrityError as exc:  # added by someone else at the same moment
        raise DomainError(exists, field="name") from exc
    return theme


def themes_ensure_builtin() -> dict[str, Theme]:
    """The built-in themes by key, created if missing (the data migration makes them; a test
    database flushed between transactional tests may not have them)."""
    themes = {t.key: t for t in Theme.objects.filter(organisation__isnull=True)}
    for key in BUILTIN_THEMES:
        if key not in themes:
            themes[key] = Theme.objects.create(organisation=None, key=key, name=key)
    return themes
