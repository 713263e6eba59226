"""WSGI entry point for production servers (`sotay serve` runs gunicorn on it)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
application = get_wsgi_application()
# Import every view now, while the worker boots, not during its first request: the campaign views pull in
# DuckDB, Polars and Splink (about 2 s), which a member's first request after a worker restart would wait for.
get_resolver().url_patterns  # noqa: B018
