"""Showing a service's refusal (a DomainError) to the person who asked: the one way views do it.

A view wraps the service call *and what follows from its success* in one of these context
managers. If the service refuses, the rest of the block is skipped, the refusal is shown, and
the view carries on after the block. Which response follows is the view's own choice (a
redirect, the form again with its status, an htmx fragment); these only decide where the
message goes. Any other exception passes through untouched.

A button (POST → redirect either way)::

    with refusal_as_message(request):
        services.pair_undo(pair=pair, by=request.user)
        messages.success(request, _("The pair was undone."))
    return redirect("pairs:board", programme_id=pair.programme_id)

A form (the refusal lands on its field; nothing changed, so the page is drawn again)::

    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form):
            services.unit_rename(unit=unit, name=form.cleaned_data["name"], by=request.user)
            messages.success(request, _("Saved."))
            return redirect("units:unit_detail", unit_id=unit.pk)
    return render(request, "units/unit_form.html", {"form": form}, status=...)
"""

from collections.abc import Callable
from types import TracebackType

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest

from .errors import DomainError


class RefusalShown:
    """Swallows a DomainError raised inside the block after handing it to ``show``."""

    def __init__(self, show: Callable[[DomainError], None]) -> None:
        self._show = show

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if isinstance(error, DomainError):
            self._show(error)
            return True  # handled: the view goes on after the block
        return False


def refusal_as_message(request: HttpRequest) -> RefusalShown:
    """A refusal becomes an error message at the top of the next page."""
    return RefusalShown(lambda error: messages.error(request, error.message))


def refusal_on_form(form: BaseForm, *, or_message_to: HttpRequest | None = None) -> RefusalShown:
    """A refusal about one of the form's fields lands on that field. Any other (no field, or
    one the form does not have) lands at the top of the form, or, given ``or_message_to``,
    becomes an error message at the top of the page instead."""

    def show(error: DomainError) -> None:
        if error.field is not None and error.field in form.fields:
            form.add_error(error.field, error.message)
        elif or_message_to is not None:
            messages.error(or_message_to, error.message)
        else:
            form.add_error(None, error.message)

    return RefusalShown(show)
