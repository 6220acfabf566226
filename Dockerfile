# One image for web, worker and beat; docker-compose.yml chooses the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN useradd --create-home --uid 1000 app && install -d -o app -g app /app
WORKDIR /app

# The lock file pins every package with its hashes: the image runs exactly what CI tested.
COPY requirements.lock .
RUN pip install --require-hashes -r requirements.lock

# Owned by the app user as copied (no later layer re-owning, so copying, every file);
# .dockerignore keeps .env, the SQLite database and .git out.
COPY --chown=app:app . .
USER app
# collectstatic needs production settings but no real secret: a throwaway one is enough here.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only-$(head -c 48 /dev/urandom | base64) \
    DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput

EXPOSE 8000
# Meaningful for web only; compose gives worker and beat their own checks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4)"]
# Workers, max requests and timeouts: gunicorn.conf.py, from WEB_CONCURRENCY and friends.
CMD ["gunicorn", "mentoring.wsgi", "--config", "gunicorn.conf.py"]
