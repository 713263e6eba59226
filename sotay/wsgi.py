"""WSGI entry point for production servers (`sotay serve` runs gunicorn on it)."""

import atexit
import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
application = get_wsgi_application()
# Import every view now, while the worker boots, not during its first request: the campaign views pull in
# DuckDB, Polars and Splink (about 2 s), which a member's first request after a worker restart would wait for.
get_resolver().url_patterns  # noqa: B018
# Booting leaves ~200,000 objects the garbage collector tracks (modules, classes, functions, the URL
# patterns), all alive until the worker exits. CPython's full collection walks every one of them, holding
# the GIL: 130 ms on a 2-core host, up to 390 ms under load, during which all of the worker's threads wait,
# a few times per worker under a meeting-day load (bench/load.py prints the pauses). Frozen, they are left
# out of every later collection, which then walks only what requests created (docs/adr/0008).
gc.collect()
gc.freeze()
# At exit they go back to the collector, so that the interpreter's last collection frees them as it would
# have: DuckDB's bindings otherwise report their still-referenced types as leaks on every worker's exit.
atexit.register(gc.unfreeze)
