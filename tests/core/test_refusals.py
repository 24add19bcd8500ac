"""The one way views show a service's refusal: as a message, or on the form."""

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from mentoring.core.errors import DomainError
from mentoring.core.refusals import refusal_as_message, refusal_on_form


class NameForm(forms.Form):
    name = forms.CharField()


def _request(data=None):
    request = RequestFactory().post("/", data or {})
    request._messages = CookieStorage(request)
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _service(*, refuse: DomainError | None = None) -> str:
    if refuse is not None:
        raise refuse
    return "done"


def _button_view(request, *, refuse=None):
    """Shape (a): run, say so, redirect; a refusal says why and redirects the same way."""
    with refusal_as_message(request):
        _service(refuse=refuse)
        messages.success(request, "Saved.")
    return HttpResponse(status=302)


def _form_view(request, *, refuse=None, **placement):
    """Shape (b): a valid form runs the service; a refusal re-draws the page with 400."""
    form = NameForm(request.POST)
    if form.is_valid():
        with refusal_on_form(form, **placement):
            _service(refuse=refuse)
            messages.success(request, "Saved.")
            return HttpResponse(status=302)
    response = HttpResponse(status=400)
    response.form = form
    return response


def test_a_button_that_works_says_so_and_redirects():
    request = _request()
    response = _button_view(request)
    assert response.status_code == 302
    assert _messages(request) == [("success", "Saved.")]


def test_a_refused_button_says_why_instead_and_redirects_the_same_way():
    request = _request()
    response = _button_view(request, refuse=DomainError("Not now."))
    assert response.status_code == 302
    assert _messages(request) == [("error", "Not now.")]


def test_a_refusal_about_a_field_goes_to_the_message_when_there_is_no_form():
    request = _request()
    _button_view(request, refuse=DomainError("Too long.", field="name"))
    assert _messages(request) == [("error", "Too long.")]


def test_a_form_that_works_says_so_and_redirects():
    request = _request({"name": "Aino"})
    response = _form_view(request)
    assert response.status_code == 302
    assert _messages(request) == [("success", "Saved.")]


def test_a_refusal_about_a_field_lands_on_that_field_and_the_page_comes_again_with_400():
    request = _request({"name": "Aino"})
    response = _form_view(request, refuse=DomainError("Taken.", field="name"))
    assert response.status_code == 400
    assert response.form.errors == {"name": ["Taken."]}
    assert _messages(request) == []


@pytest.mark.parametrize("field", [None, "no_such_field"])
def test_a_refusal_about_no_field_of_the_form_lands_at_the_top_of_the_form(field):
    request = _request({"name": "Aino"})
    response = _form_view(request, refuse=DomainError("Closed.", field=field))
    assert response.status_code == 400
    assert response.form.non_field_errors() == ["Closed."]
    assert _messages(request) == []


def test_or_message_to_turns_a_refusal_about_no_field_into_a_message():
    request = _request({"name": "Aino"})
    response = _form_view(request, refuse=DomainError("Closed."), or_message_to=request)
    assert response.status_code == 400
    assert response.form.errors == {}
    assert _messages(request) == [("error", "Closed.")]


def test_or_message_to_still_puts_a_field_refusal_on_its_field():
    request = _request({"name": "Aino"})
    response = _form_view(
        request, refuse=DomainError("Taken.", field="name"), or_message_to=request
    )
    assert response.form.errors == {"name": ["Taken."]}
    assert _messages(request) == []


def test_other_exceptions_pass_through():
    request = _request({"name": "Aino"})
    with pytest.raises(LookupError):
        with refusal_as_message(request):
            raise LookupError
    with pytest.raises(LookupError):
        with refusal_on_form(NameForm({"name": "Aino"}), or_message_to=request):
            raise LookupError
    assert _messages(request) == []
