"""The code of an earlier release, taken from git by its commit id, to run with this venv."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# v0.1.0, what was released before this round (git tag v0.1.0 points here).
V0_1_0 = "896713e"


def checkout(commit: str, folder: Path) -> Path:
    """The release's files (git archive) in ``folder``; fails clearly without git history."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 0, (
        f"The upgrade tests need release commit {commit} (v0.1.0) in this clone's git history. "
        "Clone with full history (not --depth), or run `git fetch --unshallow`. "
        f"git said: {found.stderr.strip()}"
    )
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    assert (folder / "hearth" / "cli.py").is_file()
    return folder


def running(env: dict[str, str], code: Path) -> dict[str, str]:
    """The environment that makes this venv's `hearth` run the release's code."""
    return {**env, "PYTHONPATH": str(code)}
