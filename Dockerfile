# Mentorpolku: one image for web (gunicorn), worker and beat (Celery). See docker-compose.yml.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MENTORPOLKU_VAR_DIR=/app/var

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. The project itself is not a
# package (pyproject lists no packages): this installs only what it depends on.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
RUN useradd --system --uid 10001 --home-dir /app mentorpolku \
    && mkdir -p /app/var/beat /app/locale \
    && chown -R mentorpolku /app/var /app/locale
USER mentorpolku

EXPOSE 8000
# docker-compose.yml runs migrations, compiles translations and collects static files first.
CMD ["gunicorn", "mentoring.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
