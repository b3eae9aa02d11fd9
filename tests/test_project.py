"""Project-wide rules: documented configuration, pure engines free of Django."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE_MODULES = [
    "hearth.config",
    "hearth.measures.scoring",
    "hearth.measures.definitions",
    "hearth.measures.change",
    "hearth.measures.batch",
    "hearth.measures.batch_fast",
    "hearth.measures.batch_plain",
    "hearth.measures.cli",
    "hearth.program.plan",
    "hearth.program.progression",
    "hearth.program.comfort",
    "hearth.program.content",
    "hearth.safety.rules",
    "hearth.safety.coercion",
    "hearth.safety.plan",
    "hearth.checkins.stats",
    "hearth.checkins.resample",
    "hearth.core.languages",
    "hearth.core.text",
]


def test_every_hearth_variable_in_the_code_is_documented_in_the_readme() -> None:
    used: set[str] = set()
    for path in [
        *ROOT.joinpath("hearth").rglob("*.py"),
        ROOT / "Makefile",
        *ROOT.joinpath("scripts").iterdir(),
    ]:
        used |= set(re.findall(r"HEARTH_[A-Z_]+[A-Z]", path.read_text()))
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in used if f"`{name}`" not in readme)
    assert missing == []


def test_the_readme_quick_start_is_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_engines_import_nothing_from_django(module: str) -> None:
    code = f"import sys, {module}; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def _pins(path: Path) -> dict[str, str]:
    text = path.read_text()
    return dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([^ \\\n]+)", text, re.MULTILINE))


def test_the_production_lock_pins_the_same_versions_without_the_test_tools() -> None:
    dev, prod = _pins(ROOT / "requirements/lock.txt"), _pins(ROOT / "requirements/prod.txt")
    assert {"django", "cryptography", "granian", "psycopg"} <= prod.keys()
    assert {name: dev.get(name) for name in prod} == prod
    test_tools = {"pytest", "hypothesis", "playwright", "ruff", "mypy", "schemathesis"}
    assert test_tools <= dev.keys()
    assert not test_tools & prod.keys()
    assert "--hash=sha256:" in (ROOT / "requirements/prod.txt").read_text()


# Words that mark a check of who is asking. An assert is dropped under ``python -O``, so such
# a check must be an ``if`` (hearth/accounts/roles.py), never an assert.
WHO_IS_ASKING = re.compile(r"\b(User|user|request|auth|role|is_active|is_staff|is_clinician)\b")


def test_no_check_of_who_is_asking_is_an_assert() -> None:
    import ast

    found = []
    for path in sorted(ROOT.joinpath("hearth").rglob("*.py")):
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Assert):
                text = ast.get_source_segment(source, node.test) or ""
                if WHO_IS_ASKING.search(text):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
    assert found == []
