"""Start the web app: chat with cited answers, quotes, the library and evaluator review.

Binds to 127.0.0.1 unless --host says otherwise. --auth USER:PASSWORD (or ICS_ASSISTANT_AUTH) requires a login.
"""

from __future__ import annotations

import argparse
import os

from assistant.cli import CliError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--auth", metavar="USER:PASSWORD", default=os.environ.get("ICS_ASSISTANT_AUTH"),
                        help="require this login (default: $ICS_ASSISTANT_AUTH, else none)")


def run(args: argparse.Namespace) -> int:
    from assistant.app import serve

    auth = None
    if args.auth:
        user, sep, password = args.auth.partition(":")
        if not sep or not user or not password:
            raise CliError("--auth must be USER:PASSWORD")
        auth = (user, password)
    print(f"ICS Assistant on http://{args.host}:{args.port}")
    serve(args.host, args.port, auth=auth)
    return 0
