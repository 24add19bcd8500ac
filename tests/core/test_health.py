import pytest

from mentoring.celery import app


@pytest.mark.django_db
def test_health_answers_200_when_database_and_broker_answer(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_answers_503_when_the_broker_is_down(client, settings, monkeypatch):
    settings.EMBEDDED_BROKER = False
    connect = app.connection_for_write
    # Nothing listens on port 1.
    monkeypatch.setattr(
        app, "connection_for_write", lambda *a, **kw: connect("redis://127.0.0.1:1/0")
    )
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": "ok", "broker": "fail"}


@pytest.mark.django_db
def test_health_answers_503_when_the_embedded_broker_folder_is_unusable(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.EMBEDDED_BROKER = True
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(blocker / "queue")}
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["broker"] == "fail"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    from mentoring.core import health

    def broken_cursor():
        raise RuntimeError("database down")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["database"] == "fail"


def test_health_asks_the_projects_celery_app():
    """core reaches Celery through celery.current_app; importing the project package makes
    its app the current one."""
    from celery import current_app

    assert current_app._get_current_object() is app
