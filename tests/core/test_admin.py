import pytest
from django.contrib import admin
from django.urls import reverse

from mentoring.core.admin_fallback import project_models
from mentoring.core.private import PRIVATE_FIELDS
from tests.factories import UserFactory
from tests.utils import sign_in


def test_every_model_of_the_project_is_in_the_admin():
    models = project_models()
    assert len(models) >= 15
    missing = [m._meta.label for m in models if m not in admin.site._registry]
    assert not missing, f"models without a Django admin: {missing}"


@pytest.mark.django_db
def test_every_admin_changelist_and_add_page_opens_for_site_staff(cast):
    staff = UserFactory(email="staff@example.test", is_staff=True, is_superuser=True)
    client = cast.client(None)
    sign_in(client, staff)
    failures = []
    for model in project_models():
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
        model_admin = admin.site._registry[model]
        if model_admin.has_add_permission(response.wsgi_request):
            add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
            if add.status_code != 200:
                failures.append(f"add {meta.label}: {add.status_code}")
    assert not failures


def test_what_a_pair_wrote_is_not_shown_by_the_admin():
    """The fallback admin of each model with private fields lists its fields explicitly,
    without them (tests/core/test_admin_privacy.py opens the pages)."""
    from django.apps import apps

    for label, private in PRIVATE_FIELDS.items():
        model_admin = admin.site._registry[apps.get_model(label)]
        shown = set(model_admin.fields or [])
        assert shown, label  # an explicit, short list of fields
        assert not shown & private, (label, shown & private)
        assert not model_admin.has_change_permission(None)


def test_the_mentoring_domain_is_read_only_in_the_admin():
    """State changes go through the services (transitions checked, audit log written)."""
    from django.apps import apps

    for label in ["pairs.Pair", "meetings.Meeting", "programmes.SignUp", "agreements.Agreement"]:
        model_admin = admin.site._registry[apps.get_model(label)]
        assert not model_admin.has_add_permission(None), label
        assert not model_admin.has_change_permission(None), label
        assert not model_admin.has_delete_permission(None), label
