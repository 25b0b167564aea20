"""Packaging guard: the broken PySide6 6.12.0 release stays excluded."""
from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement


def test_pyside6_6_12_0_is_excluded():
    """6.12.0 aborts Python 3.11 after a few thousand void calls (DESIGN.md §7a); the pin must exclude it
    while admitting the releases around it."""
    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    reqs = [Requirement(r) for r in pyproject["project"]["dependencies"]]
    pyside = next(r for r in reqs if r.name.lower() == "pyside6-essentials")
    assert not pyside.specifier.contains("6.12.0")
    assert pyside.specifier.contains("6.11.3") and pyside.specifier.contains("6.12.1")
    assert not any(r.name.lower() == "pyside6" for r in reqs), "the 700 MB full PySide6 is not needed"
