"""The README's two commands are the project's contract; CI must run the second one verbatim."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block and text.index("```sh") < 20, "the README must open with its commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands():
    """One launches the app, one runs the whole suite."""
    launch, test = readme_commands()
    assert "reader-app" in launch and "pytest" in test


def test_ci_runs_the_readme_test_command():
    """.ci/run contains the README's test command as written."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci
