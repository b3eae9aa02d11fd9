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
    "hearth.core.datafile",
    # Modules whose docstring says "no Django": the claim is checked, not only written.
    "hearth.checkins.content",
    "hearth.checkins.chart",
    "hearth.measures.fhir",
    "hearth.measures.fhir_read",
    "hearth.safety.resources",
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


# The audit log is reached only through hearth.core.audit (record, record_many, the readers
# and erase_before); the model lives beside it. Migrations name it by their nature.
AUDIT_MODEL_USERS = {"hearth/core/audit.py", "hearth/core/models.py"}


def _names_audit_model(source: str) -> bool:
    import ast

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id == "AuditEvent":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "AuditEvent":
            return True
        if isinstance(node, ast.alias) and node.name.split(".")[-1] == "AuditEvent":
            return True
    return False


def test_only_the_audit_module_writes_or_reads_audit_rows() -> None:
    """Audit rows are written by audit.record and audit.record_many alone, so every row has
    its pseudonyms and no caller can build one by hand or change one in bulk."""
    users = {
        str(path.relative_to(ROOT))
        for path in ROOT.joinpath("hearth").rglob("*.py")
        if "migrations" not in path.parts and _names_audit_model(path.read_text())
    }
    assert users <= AUDIT_MODEL_USERS, sorted(users - AUDIT_MODEL_USERS)


def test_the_audit_model_check_sees_imports_and_uses() -> None:
    assert _names_audit_model("from hearth.core.models import AuditEvent")
    assert _names_audit_model("import x\nx.y.AuditEvent.objects.bulk_create([])")
    assert _names_audit_model("AuditEvent(kind='x')")
    assert not _names_audit_model('"""AuditEvent refuses delete()."""')


# Where the site address may be read directly: the link helper itself, the start-up checks
# that judge it, and the FHIR export, whose canonical URLs are names under it, not links.
SITE_URL_READERS = {"hearth/core/mail.py", "hearth/core/checks.py", "hearth/measures/results.py"}


def test_every_link_a_person_receives_comes_from_the_one_link_helper() -> None:
    """Emails and invitations build their links with hearth.core.mail.site_link, so a change
    to how links are made (or a check on them) happens in one place."""
    readers = {
        str(path.relative_to(ROOT))
        for path in ROOT.joinpath("hearth").rglob("*.py")
        if "settings.SITE_URL" in path.read_text()
    }
    assert readers <= SITE_URL_READERS, sorted(readers - SITE_URL_READERS)


# The layer order (docs/architecture.md): an app may import its own layer and the ones
# below it, never one above. Modules outside the apps (settings, urls, cli, wsgi) sit on
# top; hearth.config is read by core, so it sits with core.
LAYERS = {
    "config": 0,
    "core": 0,
    "accounts": 1,
    "couples": 2,
    "checkins": 3,
    "measures": 3,
    "program": 3,
    "safety": 3,
    "clinic": 4,
    "api": 5,
    "ops": 6,
}

# Upward imports that exist, each with the reason it has not been turned round yet. None is
# left: a higher app hands a lower one what it needs as a hook (hearth/core/registry.py). An
# entry here must name an import that exists (the test fails on one that is gone), so the
# list can only get shorter again.
KNOWN_UPWARD_IMPORTS: dict[tuple[str, str], str] = {}


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "hearth" and len(parts) > 1 else None


def _imports(tree: object) -> set[str]:
    """Every module an import statement names, wherever it stands: at the top, inside a
    function or under TYPE_CHECKING."""
    import ast

    found: set[str] = set()
    for node in ast.walk(tree):  # type: ignore[arg-type]
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "hearth":
                found |= {f"hearth.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
    return found


def upward_imports() -> set[tuple[str, str]]:
    import ast

    found = set()
    for path in sorted(ROOT.joinpath("hearth").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        own = _app(name.removesuffix(".py").replace("/", "."))
        if own not in LAYERS:
            continue  # settings, urls, cli, wsgi: on top of everything
        for module in _imports(ast.parse(path.read_text())):
            target = _app(module)
            if target in LAYERS and LAYERS[target] > LAYERS[own]:
                found.add((name, module))
    return found


def test_imports_follow_the_layer_order() -> None:
    found = upward_imports()
    new = sorted(found - set(KNOWN_UPWARD_IMPORTS))
    gone = sorted(set(KNOWN_UPWARD_IMPORTS) - found)
    assert new == [], "import upward only with a reason in KNOWN_UPWARD_IMPORTS"
    assert gone == [], "fixed: remove these from KNOWN_UPWARD_IMPORTS"


def test_the_layer_check_sees_imports_inside_functions_and_type_checking() -> None:
    import ast

    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from hearth.clinic.models import CareLink\n"
        "def f():\n    import hearth.api.tokens\n    from hearth import ops\n"
    )
    assert _imports(ast.parse(source)) >= {
        "hearth.clinic.models",
        "hearth.api.tokens",
        "hearth.ops",
    }


def test_the_architecture_page_gives_every_app_the_layer_the_test_enforces() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text()
    written: dict[str, int] = {}
    for layer, apps in re.findall(r"^\| (\d) \| ([^|]+) \|", page, flags=re.MULTILINE):
        for app in re.findall(r"`(?:hearth\.)?(\w+)`", apps):
            written[app] = int(layer)
    apps_in_code = {p.parent.name for p in ROOT.joinpath("hearth").glob("*/apps.py")}
    assert apps_in_code <= set(LAYERS)
    assert written == LAYERS


# Notes kept outside the repository, which a newcomer with only a clone cannot read.
OUTSIDE_NOTES = re.compile("CLINICAL" + r"\.md|\.\./" + "shared/")
DOCS_LINK = re.compile(r"docs/([A-Za-z0-9_/.-]+\.md)(?:#([A-Za-z0-9_-]+))?")
MARKDOWN_LINK = re.compile(r"\]\(([A-Za-z0-9_./-]+\.md)(?:#([A-Za-z0-9_-]+))?\)")


def _tracked_text_files() -> dict[Path, str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.split("\0")
    files = {}
    for path in (ROOT / name for name in listed if name):
        try:
            files[path] = path.read_text()
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary files (.mo, images) and files deleted but not yet committed
    return files


def _anchors(page: Path) -> set[str]:
    headings = re.findall(r"^#+ (.+)$", page.read_text(), re.MULTILINE)
    return {re.sub(r"[^a-z0-9 _-]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_nothing_in_the_repository_cites_notes_kept_outside_it() -> None:
    citing = [
        f"{path.relative_to(ROOT)}:{number}"
        for path, text in _tracked_text_files().items()
        for number, line in enumerate(text.splitlines(), 1)
        if OUTSIDE_NOTES.search(line)
    ]
    assert citing == []


def test_every_link_into_docs_names_a_page_and_heading_that_exist() -> None:
    broken = []
    for path, text in _tracked_text_files().items():
        targets = [(ROOT / "docs" / page, anchor) for page, anchor in DOCS_LINK.findall(text)]
        if path.suffix == ".md":
            links = MARKDOWN_LINK.findall(text)
            targets += [(path.parent / page, anchor) for page, anchor in links]
        for target, anchor in targets:
            if not target.is_file() or (anchor and anchor not in _anchors(target)):
                broken.append(f"{path.relative_to(ROOT)} -> {target.name}#{anchor}")
    assert broken == []


def test_the_link_check_reads_headings_and_anchors_as_github_does(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Clinical decisions\n\n## 9. Safety routing\n")
    assert _anchors(page) == {"clinical-decisions", "9-safety-routing"}
    link = "see docs/" + "clinical.md#safety-routing."
    assert DOCS_LINK.findall(link) == [("clinical.md", "safety-routing")]


def test_every_source_file_the_docs_name_exists() -> None:
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *ROOT.joinpath("docs").glob("*.md")]
    named = {
        (page.name, found)
        for page in pages
        for found in re.findall(
            r"\b(?:hearth|tests|bench|scripts)/[\w/.-]+\.(?:py|toml)\b", page.read_text()
        )
    }
    assert sorted(item for item in named if not (ROOT / item[1]).exists()) == []
