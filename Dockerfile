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
# Translations and static files are part of the image, so every container — the worker that
# renders reminder emails as much as the web — speaks Finnish and Swedish from its first start.
# The secret is a placeholder that only lets the settings load for these two commands.
RUN SECRET_KEY=image-build-only python manage.py compile_translations \
    && SECRET_KEY=image-build-only python manage.py collectstatic --no-input \
    && useradd --system --uid 10001 --home-dir /app mentorpolku \
    && mkdir -p /app/var/beat \
    && chown -R mentorpolku /app/var /app/locale
USER mentorpolku

EXPOSE 8000
# docker-compose.yml runs the migrations before the web starts.
CMD ["gunicorn", "mentoring.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
