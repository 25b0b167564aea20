"""``paths.bundled_dir`` finds the seeds and resources in all three ways the app runs: a source checkout
(editable install), an installed wheel, and a PyInstaller bundle (simulated here; tests/test_bundle.py runs
the real one)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import reader_app
from reader_app import paths

REPO = Path(__file__).resolve().parents[1]
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
WHEEL_SOURCES = ("pyproject.toml", "README.md", "src", "seeds", "resources")

# Run inside the interpreter under test; prints where each folder is and what it holds.
PROBE = """
import json, reader_app
from reader_app.paths import bundled_dir
out = {"package": reader_app.__file__}
for name in ("seeds", "resources"):
    folder = bundled_dir(name)
    out[name] = str(folder)
    out[name + "_files"] = sorted(str(p.relative_to(folder)).replace("\\\\", "/")
                                  for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
print(json.dumps(out))
"""


def expected_files() -> dict[str, set[str]]:
    """What every installation must carry: the manifest's articles, the icons, the desktop file."""
    manifest = json.loads((REPO / "seeds" / "manifest.json").read_text(encoding="utf-8"))
    seeds = {"manifest.json", *(entry["file"] for entry in manifest["seeds"])}
    resources = {"reader-app.desktop", "icons/reader-app.svg",
                 *(f"icons/reader-app-{s}.png" for s in ICON_SIZES)}
    resources |= {f"styles/{p.name}" for p in (REPO / "resources" / "styles").glob("*.qss")}
    return {"seeds": seeds, "resources": resources}


def test_source_checkout_uses_the_repository_folders():
    """In a checkout (editable install) the bundled folders are the repository's own seeds/ and resources/,
    so editing an article or an icon takes effect without reinstalling."""
    if not Path(reader_app.__file__).resolve().is_relative_to(REPO / "src"):
        pytest.skip(f"reader_app is imported from {reader_app.__file__}, not from this checkout")
    assert paths.bundled_dir("seeds").resolve() == REPO / "seeds"
    assert paths.bundled_dir("resources").resolve() == REPO / "resources"
    assert (paths.seeds_dir() / "manifest.json").is_file()


def test_unknown_folder_is_refused_by_name():
    """A typo is an error naming the folder, not a path that silently does not exist."""
    with pytest.raises(ValueError, match="'seed'"):
        paths.bundled_dir("seed")


def test_frozen_bundle_uses_the_unpacked_folder(tmp_path, monkeypatch):
    """Under PyInstaller (sys.frozen and sys._MEIPASS set) the folders are the bundle's copies, at the
    places packaging/reader_app.spec puts them."""
    for name in ("seeds", "resources"):
        (tmp_path / "reader_app" / name).mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.is_frozen()
    assert paths.bundled_dir("seeds") == tmp_path / "reader_app" / "seeds"
    assert paths.resources_dir() == tmp_path / "reader_app" / "resources"
    spec = (REPO / "packaging" / "reader_app.spec").read_text(encoding="utf-8")
    assert '"reader_app/seeds"' in spec and '"reader_app/resources/icons"' in spec


def test_frozen_flag_without_meipass_is_not_a_bundle(monkeypatch):
    """Other freezers set sys.frozen without _MEIPASS; the package data is still the answer there."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert not paths.is_frozen()
    assert (paths.bundled_dir("seeds") / "manifest.json").is_file()


def test_installed_wheel_carries_and_finds_its_data(tmp_path):
    """A wheel built from this checkout and installed elsewhere finds seeds and resources inside the
    installed package, and carries every file the app needs (the pyproject package-data patterns)."""
    wheels, target, source = tmp_path / "wheels", tmp_path / "site", tmp_path / "source"
    # pip builds in the source tree (build/, *.egg-info): a copy keeps parallel test runs apart.
    source.mkdir()
    for name in WHEEL_SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(REPO / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)],
                           check=False, capture_output=True, text=True)
    assert built.returncode == 0, f"pip wheel failed:\n{built.stderr[-3000:]}"
    (wheel,) = wheels.glob("reader_app-*.whl")
    installed = subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
                               check=False, capture_output=True, text=True)
    assert installed.returncode == 0, f"pip install --target failed:\n{installed.stderr[-3000:]}"

    # The target goes first on sys.path, ahead of the editable install's finder.
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run([sys.executable, "-c", PROBE], check=False, capture_output=True, text=True,
                           env=env, cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    package = target / "reader_app"
    assert Path(found["package"]).resolve().is_relative_to(package.resolve()), found["package"]
    for name, files in expected_files().items():
        assert Path(found[name]).resolve() == (package / name).resolve()
        missing = files - set(found[name + "_files"])
        assert not missing, f"the wheel's {name} folder lacks {sorted(missing)}"
