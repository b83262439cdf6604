"""Measure again which embedder and batch shape run fastest on this machine, and keep the result in the user-level
cache (done once by itself at first use; run this after a busy moment or a hardware change)."""

from __future__ import annotations

import argparse

from assistant.cli import print_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the whole calibration as JSON")


def run(args: argparse.Namespace) -> int:
    from core.settings import Settings
    from vectorstore.calibrate import calibration
    from vectorstore.machine import cpu_info

    settings = Settings.from_env()
    found = calibration(settings.cache_dir, settings.models_path, force=True)
    if args.json:
        print_json(found)
        return 0
    speeds = found.get("measured", {}).get("backend", {})
    print(f"{cpu_info().describe()}: {found['backend']}, {found['threads']} thread(s) × {found.get('workers', 1)} "
          f"worker(s), {found['batch_tokens']} tokens per batch")
    print("tokens/s: " + ", ".join(f"{name} {value:,}" for name, value in speeds.items()))
    print(f"kept in {settings.cache_dir / 'calibration.json'}")
    return 0
