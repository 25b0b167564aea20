"""``reader-app --self-test`` from a checkout: passes on a good install, and names the reason when a bundled
part is missing. Run in a subprocess, as a user or the bundle test runs it, so it builds its own
QApplication and its own temporary library."""
from __future__ import annotations

import os
import subprocess
import sys

# A frozen bundle whose unpacked folder lacks the articles, simulated in the interpreter under test.
BROKEN_BUNDLE = """
import sys
sys.frozen = True
sys._MEIPASS = sys.argv[1]
from reader_app.selftest import run_self_test
sys.exit(run_self_test())
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], check=False, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})


def test_self_test_passes_and_leaves_a_screenshot(tmp_path):
    """Every step reports ok, the exit code is 0, and the window it built can be looked at."""
    shot = tmp_path / "window.png"
    result = run(["-m", "reader_app", "--self-test"], READER_APP_SELF_TEST_SCREENSHOT=str(shot))
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("seeds", "qt", "window", "highlight", "export", "formats", "import"):
        assert f"self-test: ok   {step}" in result.stdout, result.stdout
    assert "self-test: passed" in result.stdout
    assert shot.stat().st_size > 10_000, "the screenshot is (nearly) empty"


def test_self_test_names_the_missing_articles(tmp_path):
    """A bundle without its articles fails with exit code 1 and a line naming the folder it looked in."""
    result = run(["-c", BROKEN_BUNDLE, str(tmp_path)])
    assert result.returncode == 1
    assert "self-test: FAIL seeds" in result.stderr
    assert str(tmp_path / "reader_app" / "seeds") in result.stderr
