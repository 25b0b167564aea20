"""The ``reader-app`` command line: the desktop app when run bare, library commands otherwise."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..core.errors import ReaderError
from . import annotate_cmds, backup_cmds, compare_cmds, export_cmds, library_cmds
from .common import CommandError, add_common

# Each module registers its subcommands; new command groups are added here.
COMMAND_MODULES = [library_cmds, annotate_cmds, export_cmds, compare_cmds, backup_cmds]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader-app",
        description="Read sources side by side, highlight, tag and link passages, export annotated notes. "
                    "Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"reader-app {__version__}")
    add_common(parser, top_level=True)
    parser.add_argument("--self-test", action="store_true",
                        help="import the bundled articles into a temporary library, build the window offscreen, "
                             "highlight, export, and exit 0 on success")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            from ..selftest import run_self_test

            return run_self_test()
        if args.command is None:
            from ..ui.launch import launch

            return launch(args)
        return args.handler(args) or 0
    except (ReaderError, CommandError) as exc:
        print(f"reader-app: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, CommandError) else 1
    except KeyboardInterrupt:
        print("reader-app: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
