"""Emails: three templates per message (subject, text, html), rendered in the recipient's language.

``templates/emails/<name>-subject.txt``, ``<name>-body.txt``, ``<name>-body.html``.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def render_plain(template_name: str, context: dict) -> str:
    """A subject is plain text, not HTML: rendered without autoescaping, so that a name with
    an apostrophe or "&" does not arrive as "&#x27;" or "&amp;"."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_email(name: str, *, language: str, context: dict) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_plain(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def build_email(
    name: str,
    *,
    to: str | Iterable[str],
    language: str,
    context: dict,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    subject, text, html = render_email(name, language=language, context=context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to] if isinstance(to, str) else list(to),
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def build_text_email(*, subject: str, text: str, to: str, language: str) -> EmailMultiAlternatives:
    """An email whose words come as plain text from elsewhere (django-allauth's own texts,
    translated by its catalogues), with the HTML part in our look."""
    with translation.override(language):
        html = render_to_string(
            "emails/_text-body.html", {"site_url": settings.SITE_URL, "text": text}
        )
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def send_templated_email(name: str, **kwargs) -> None:
    build_email(name, **kwargs).send()
