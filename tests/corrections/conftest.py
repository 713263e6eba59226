# Django persona fixtures live in tests/personas.py so that the Django-free suites (vn, pipeline, synth)
# never import Django.
from tests.personas import *  # noqa: F403
