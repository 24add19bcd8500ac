"""Template filters for the page frame (``templates/base.html``)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

SITE_NAME = "Mentorpolku"


@register.filter(is_safe=True)
def with_site_name(title: str) -> str:
    """The browser title: "Etusivu · Mentorpolku", or just "Mentorpolku" for a page without
    a title. Applied with ``{% filter %}`` around the title block, because a Django template
    cannot ask whether a block is empty (``self.title`` is Jinja)."""
    stripped = title.strip()
    if isinstance(title, SafeData):  # the block's output, escaped already: keep it so
        stripped = mark_safe(stripped)
    return format_html("{} · {}", stripped, SITE_NAME) if stripped else SITE_NAME
