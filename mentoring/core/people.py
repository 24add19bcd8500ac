"""How a person is named wherever someone picks one from a list: by name AND email.

Two people may share a name; a list of names alone once made a trial attach the wrong person
as an organisation's admin (issue 11). Every picker of people (forms, the admin's selects
and autocompletes) labels a person through ``person_label``.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model


def person_label(name: str, email: str, *more: str) -> str:
    """``Aino Virtanen <aino@example.fi>``, then anything else that tells people apart
    (a unit), after a comma."""
    label = f"{name} <{email}>" if name else email
    return ", ".join([label, *more])


def user_label(user) -> str:
    return person_label(user.name, user.email)


class PeoplePickedByEmail:
    """For ModelAdmins and inlines: a select (or autocomplete) of users shows each one's
    name and email."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model is get_user_model():
            field.label_from_instance = user_label
        return field


class PeopleAutocomplete(AutocompleteJsonView):
    """The admin's autocomplete answers with name and email for users."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, get_user_model()):
            result["text"] = user_label(obj)
        return result
