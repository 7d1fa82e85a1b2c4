"""`python -m emulator --port 8765 [--quota-per-minute 60]`: run the emulator in the foreground."""

from __future__ import annotations

import argparse
import sys

from .server import Emulator


def main(argv: list[str] | None = None) -> int:
    """Parse the options, start the server and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (0 picks a free one)")
    parser.add_argument("--quota-per-minute", type=int, default=None, help="requests per minute")
    parser.add_argument(
        "--spreadsheet",
        action="append",
        default=[],
        metavar="TITLE[=ID]",
        help="create a spreadsheet at start (repeatable)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    emulator = Emulator(port=args.port, quota_per_minute=args.quota_per_minute, host=args.host)
    emulator.verbose = args.verbose
    for spec in args.spreadsheet:
        title, _, wanted = spec.partition("=")
        sid = emulator.create_spreadsheet(title, wanted or None)
        print(f"spreadsheet {sid} {title!r}", flush=True)
    emulator.start()
    print(f"Sheets API emulator listening on {emulator.url}", flush=True)
    print(f"SHEETS_EMULATOR_HOST={emulator.host}", flush=True)
    try:
        emulator.wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
