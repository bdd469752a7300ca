"""Write docs/cli.md: the ``--help`` of ``mitra`` and of every command, so the reference cannot drift.

Run ``.venv/bin/python docs/make_cli_reference.py`` after changing an option; ``tests/test_docs.py`` fails while
docs/cli.md differs from what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "cli.md"
WIDTH = 100  # fixed, so the text does not depend on the terminal it is made in


def _help(command: click.Command, name: str, parent: click.Context | None = None) -> str:
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH,
                        **command.context_settings)
    return ctx.get_help()


def cli_reference() -> str:
    """The Markdown text of docs/cli.md."""
    sys.path.insert(0, str(ROOT))
    from cli import cli

    root = click.Context(cli, info_name="mitra", terminal_width=WIDTH, max_content_width=WIDTH, **cli.context_settings)
    parts = [
        "# Command-line reference\n",
        "Generated from `--help` by `docs/make_cli_reference.py` (a test keeps it in step); the README says what",
        "each command is for, the other pages in docs/ how to use it.\n",
        "## mitra\n",
        f"```\n{_help(cli, 'mitra')}\n```\n",
    ]
    for name in sorted(cli.commands):
        parts += [f"## mitra {name}\n", f"```\n{_help(cli.commands[name], name, root)}\n```\n"]
    return "\n".join(parts)


if __name__ == "__main__":
    TARGET.write_text(cli_reference(), encoding="utf-8")
    print(f"wrote {TARGET}")
