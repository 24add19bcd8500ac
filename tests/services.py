"""Are the real PostgreSQL and Redis servers configured and answering? (REQUIRE_SERVICES=1)"""

from django.conf import settings


def postgres_problem(db: dict | None = None) -> str | None:
    db = db or settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        return f"DATABASE_URL is not a PostgreSQL URL (engine {db['ENGINE']})"
    import psycopg2

    try:
        psycopg2.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            connect_timeout=5,
        ).close()
    except psycopg2.Error as error:
        detail = " ".join(str(error).split())
        return f"PostgreSQL at {db.get('HOST')}:{db.get('PORT')} does not answer ({detail})"
    return None


def redis_problem(url: str | None = None) -> str | None:
    if url is None:
        url = "" if settings.EMBEDDED_BROKER else settings.CELERY_BROKER_URL
    if not url.startswith("redis"):
        return "CELERY_BROKER_URL is not a Redis URL"
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        return f"Redis at {url} does not answer ({error})"
    return None


def service_problems() -> list[str]:
    return [p for p in (postgres_problem(), redis_problem()) if p]
