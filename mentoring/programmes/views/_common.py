from django.contrib import messages

from mentoring.core.errors import DomainError


def show_error(request, form, error: DomainError) -> None:
    """Put the service's message next to its field, or at the top of the page."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)
