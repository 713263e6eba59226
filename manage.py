#!/usr/bin/env python
"""Django's command-line utility (the same as `sotay manage ...`)."""

import sys

from sotay.cli import run_django

if __name__ == "__main__":
    sys.exit(run_django(sys.argv[1:]))
