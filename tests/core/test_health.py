import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_health_answers_200_when_database_and_broker_answer(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_health_answers_503_when_the_broker_is_down(client, settings):
    with override_settings(EMBEDDED_BROKER=False):
        from mentoring.celery import app

        old = app.conf.broker_url
        app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
        try:
            response = client.get("/health/")
        finally:
            app.conf.broker_url = old
    assert response.status_code == 503
    assert response.json()["broker"] == "fail"
    assert response.json()["database"] == "ok"
