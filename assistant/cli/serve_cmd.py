"""Start the web app: chat with cited answers, quotes, the library and evaluator review.

Binds to 127.0.0.1 unless --host says otherwise. --auth USER:PASSWORD (or ICS_ASSISTANT_AUTH) requires a login.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket

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
    _check_port(args.host, args.port)
    print(f"ICS Assistant on http://{args.host}:{args.port}")
    try:
        serve(args.host, args.port, auth=auth)
    except OSError as exc:  # taken between the check and the launch: Gradio says "Cannot find empty port"
        if "port" not in str(exc).lower():
            raise
        raise CliError(_port_message(args.port)) from None
    return 0


def _check_port(host: str, port: int) -> None:
    """Refuse a port already in use with one line naming it (before the model loads, not after)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # as the server will: a port left in TIME_WAIT by a server just stopped is free, a listening one is not
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CliError(_port_message(port)) from None
            raise CliError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another with --port "
                           "or --host") from None


def _port_message(port: int) -> str:
    return f"port {port} is already in use; choose another with --port (e.g. --port {port + 1})"
