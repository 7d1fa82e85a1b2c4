"""`python -m sheets`: the command line (see sheets/cli.py)."""

from __future__ import annotations

import sys

from sheets.cli import main

if __name__ == "__main__":
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a console that cannot show Vietnamese shows "?"
            reconfigure(errors="replace")
    raise SystemExit(main())
