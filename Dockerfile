# MIEUX+ Partner Portal: one image for web (gunicorn), the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# WeasyPrint (the printable record of a request) draws with Pango; DejaVu covers Cyrillic.
# `manage.py backup`/`restore` run pg_dump/pg_restore: at least the server's major version.
# ICU sorts lists in the reader's alphabetical order (PyICU).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    postgresql-client libicu72 \
 && rm -rf /var/lib/apt/lists/*

# Exact pins only: the image runs what CI tested (psycopg2-binary needs no compiler). PyICU
# has no wheel: it is built against Debian's ICU, whose headers and compiler leave after.
COPY requirements.lock ./
RUN apt-get update \
 && apt-get install -y --no-install-recommends pkg-config libicu-dev g++ \
 && pip install -r requirements.lock \
 && apt-get purge -y --auto-remove pkg-config libicu-dev g++ \
 && rm -rf /var/lib/apt/lists/*
# FILE_STORAGE=s3 (files in an object store) needs boto3: `--build-arg WITH_S3=true`.
ARG WITH_S3=false
RUN if [ "$WITH_S3" = true ]; then \
      pip install boto3==1.44.18 botocore==1.44.18 s3transfer==0.19.3 jmespath==1.1.0; fi

COPY . .

# Static files are built into the image (whitenoise serves them with hashed names).
# The key below exists only for this build step; production refuses to start without a
# real SECRET_KEY from the environment.
RUN DJANGO_ENV=production DEBUG=false \
    SECRET_KEY=collectstatic-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    python manage.py collectstatic --noinput \
 && groupadd --system --gid 1000 mieux \
 && useradd --system --uid 1000 --gid mieux --home-dir /app --no-create-home mieux \
 && mkdir -p /app/var/private /app/var/media /app/var/mail \
 && chown -R mieux:mieux /app/var/private /app/var/media /app/var/mail

# Never root: a compromised worker cannot rewrite the code it runs.
USER mieux

EXPOSE 8000
CMD ["gunicorn", "mieux_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
