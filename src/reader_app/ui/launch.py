"""Start the desktop app (imported lazily by the CLI so library commands never load Qt)."""
from __future__ import annotations

import argparse


def launch(args: argparse.Namespace) -> int:
    from .app import run

    return run(args)
