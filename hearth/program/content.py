"""Program content: stages, exercises and reading pages, loaded from data files.

Pure Python, no Django. The content lives in ``hearth/program/content/``: TOML files for
stages and exercises and one Markdown file per reading page. ``load_content()`` reads and
checks all of it and returns frozen dataclasses; any malformed entry raises ``ContentError``
with the file (and entry) named, so a broken edit fails loudly at start-up or in tests.

Rendering Markdown to HTML is the web layer's job; pages here expose title, body text
(Markdown, without the title and without the References section) and references.

Languages: English is the source. A translation lives beside it in ``content/<language>/``:
a ``program.toml`` with the stage and exercise texts keyed by id (and, keyed by reference,
the words Hearth adds to a citation, such as "web page"; a source's own authors, title and
journal stay as published), and one Markdown file per reading page (same file name, its
references under a ``## Quellen`` heading for German).
``default_content(language)`` returns the content in that language; ids, tags, areas and
durations always come from the English files, so a translation can change words only. A
text with no translation yet stays English (``missing_translations`` lists them; a test
requires the list to be empty). Which language a person gets is decided for every app in
hearth.core.languages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeVar, cast

from hearth.core.datafile import DataFileError, Table, read_toml
from hearth.core.languages import CONTENT_LANGUAGES, content_language

CONTENT_DIR = Path(__file__).parent / "content"

# Touch areas, as tags. Boundaries from intake exclude them. "chest" covers chest and breasts.
AREAS: tuple[str, ...] = (
    "head",
    "face",
    "neck",
    "shoulders",
    "arms",
    "hands",
    "back",
    "chest",
    "belly",
    "hips",
    "genitals",
    "legs",
    "feet",
)
# Things an exercise may ask for that a person can rule out at intake.
ACTIVITIES: tuple[str, ...] = (
    "lying_down",
    "lying_face_down",
    "touch_from_behind",
    "guiding_hands",
    "mutual_touch",
)
# Tags on exercises saying which adaptations they suit.
ADAPTATION_TAGS: tuple[str, ...] = ("trauma_safe", "low_effort", "body_change_ok", "pain_aware")
# Adaptations a plan can carry (see plan.py); exercises may be limited to some of them.
PLAN_ADAPTATIONS: tuple[str, ...] = (
    "core",
    "solo",
    "trauma_informed",
    "body_change",
    "pain_aware",
    "depression_aware",
)
# Concerns a person can name at intake (see plan.Intake).
CONCERNS: tuple[str, ...] = (
    "low_desire",
    "depression",
    "anxiety",
    "trauma_history",
    "body_change",
    "pain",
    "arousal_concerns",
    "erection_concerns",
    "communication",
    "after_childbirth",
)
READING_GROUPS: tuple[str, ...] = ("everyone", "couple", "solo")
# Languages the content is written in; English is the source, the others translate it.
LANGUAGES = CONTENT_LANGUAGES
# The heading that starts a page's sources, per language.
REFERENCES_HEADINGS: Mapping[str, str] = MappingProxyType({"en": "References", "de": "Quellen"})
TRACKS: tuple[str, ...] = ("couple", "solo")
FORMATS: tuple[str, ...] = ("take_turns", "together", "solo")

Track = Literal["couple", "solo"]
_Item = TypeVar("_Item", "Stage", "Exercise")
Format = Literal["take_turns", "together", "solo"]


class ContentError(DataFileError):
    """A content file is malformed; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Reference:
    """A source, cited in full: authors, year, title and where it appeared (journal with
    volume and pages, or publisher, or web page). ``checked`` is where the citation was
    confirmed (a URL), or empty if nobody could confirm it yet."""

    key: str
    cite: str
    authors: str
    year: int
    title: str
    source: str
    doi: str = ""
    url: str = ""
    checked: str = ""
    note: str = ""  # for maintainers: what could not be confirmed; not shown to people
    undated: bool = False  # a web page with no date: ``year`` is the year it was read
    language: str = "en"  # the language of the pages that show it, for Hearth's own words

    @property
    def full(self) -> str:
        when = _UNDATED[self.language].format(year=self.year) if self.undated else str(self.year)
        parts = [f"{self.authors} ({when}). {_as_sentence(self.title)} {self.source}."]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        if self.url:
            parts.append(self.url)
        return " ".join(parts)


# What a citation says, in the reader's language, when the source has no date.
_UNDATED: Mapping[str, str] = MappingProxyType(
    {"en": "no date, read {year}", "de": "ohne Datum, abgerufen {year}"}
)


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    body: str
    references: tuple[Reference, ...]

    def plain_text(self) -> str:
        """Title and body as plain sentences (no Markdown, no references)."""
        return plain_text(f"# {self.title}\n\n{self.body}")


@dataclass(frozen=True)
class Stage:
    id: str
    track: Track
    order: int
    title: str
    summary: str
    page: str
    ground_rules: tuple[str, ...]
    excluded_areas: frozenset[str] = frozenset()

    def text(self) -> str:
        return join_sentences([self.title, self.summary, *self.ground_rules])


@dataclass(frozen=True)
class Exercise:
    id: str
    stage: str
    title: str
    format: Format
    durations: tuple[int, ...]
    summary: str
    steps: tuple[str, ...]
    reflection_prompts: tuple[str, ...]
    references: tuple[Reference, ...]
    areas: frozenset[str] = frozenset()
    optional_areas: frozenset[str] = frozenset()
    activities: frozenset[str] = frozenset()
    adaptations: frozenset[str] = frozenset()
    variant_of: str | None = None
    when: frozenset[str] = field(default_factory=frozenset)

    @property
    def turns(self) -> int:
        """How many turns the timer runs: two for take_turns (each of you gives once)."""
        return 2 if self.format == "take_turns" else 1

    def turn_minutes(self, minutes: int) -> int:
        return minutes // self.turns

    @property
    def involves_touch(self) -> bool:
        return bool(self.areas or self.optional_areas)

    @property
    def plain_steps(self) -> tuple[str, ...]:
        """The steps as a person reads them: a link keeps its words, loses its target."""
        return tuple(strip_links(step) for step in self.steps)

    def text(self) -> str:
        return join_sentences(
            [self.title, self.summary, *self.plain_steps, *self.reflection_prompts]
        )


@dataclass(frozen=True)
class Content:
    stages: tuple[Stage, ...]
    exercises: tuple[Exercise, ...]
    pages: Mapping[str, Page]
    references: Mapping[str, Reference]
    reading: Mapping[str, tuple[str, ...]]
    language: str = "en"
    # Texts with no translation yet (shown in English), named "stage couple-0: title".
    untranslated: tuple[str, ...] = ()

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    def exercise(self, exercise_id: str) -> Exercise:
        return next(e for e in self.exercises if e.id == exercise_id)

    def page(self, page_id: str) -> Page:
        return self.pages[page_id]

    def track_stages(self, track: Track) -> tuple[Stage, ...]:
        return tuple(sorted((s for s in self.stages if s.track == track), key=lambda s: s.order))

    def base_exercises(self, stage_id: str) -> tuple[Exercise, ...]:
        return tuple(e for e in self.exercises if e.stage == stage_id and e.variant_of is None)

    def variants_of(self, exercise_id: str) -> tuple[Exercise, ...]:
        return tuple(e for e in self.exercises if e.variant_of == exercise_id)


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------

_END = (".", "!", "?", ":")
# A step may link words to the touch list on its page: "[the included areas](#touch-areas)".
# The target is the only one allowed, so a translation keeps the link wherever its words go.
TOUCH_LIST_ANCHOR = "touch-areas"
STEP_LINK = re.compile(r"\[([^\]]+)\]\(([^)]*)\)")


def strip_links(text: str) -> str:
    return STEP_LINK.sub(lambda m: m.group(1), text)


_INLINE_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


def join_sentences(parts: Iterable[str]) -> str:
    """Join short texts (titles, list items) into prose, ending each one as a sentence."""
    return " ".join(_as_sentence(p) for p in parts if p.strip())


def _as_sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(_END) else text + "."


def plain_text(markdown: str) -> str:
    """Markdown to plain sentences for reading-level checks; drops the References section.

    Headings and list items become sentences of their own, so that a heading without a full
    stop is not glued to the next sentence.
    """
    markdown = split_references(markdown)[0]
    items: list[str] = []
    for block in re.split(r"\n\s*\n", markdown):
        items.extend(_block_items(block))
    cleaned = (_INLINE_MARKUP.sub(lambda m: m.group(1) or "", item) for item in items)
    return join_sentences(cleaned)


def _block_items(block: str) -> list[str]:
    items: list[str] = []
    for line in block.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(("#", "- ", "* ")) or not items:
            items.append(stripped.lstrip("#-* ").strip())
        else:
            items[-1] += " " + stripped
    return items


_REFERENCES_HEADING = re.compile(
    r"^## (?:" + "|".join(REFERENCES_HEADINGS.values()) + r")[ \t]*$", flags=re.MULTILINE
)


def split_references(markdown: str) -> tuple[str, str | None]:
    """Split a page at its references heading (``## References``, in German ``## Quellen``):
    (before, references text or None)."""
    match = _REFERENCES_HEADING.search(markdown)
    if match is None:
        return markdown, None
    return markdown[: match.start()], markdown[match.end() :]


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


@functools.cache
def default_content(language: str = "en") -> Content:
    """The shipped content in one language, loaded once per process."""
    return load_content(CONTENT_DIR, content_language(language))


def missing_translations(language: str) -> tuple[str, ...]:
    """English texts that have no translation in ``language`` yet (empty for English)."""
    return default_content(language).untranslated


def load_content(directory: Path = CONTENT_DIR, language: str = "en") -> Content:
    content = _load_source(directory)
    if language == "en":
        return content
    if language not in LANGUAGES:
        raise ContentError(directory, f"no content language '{language}'")
    return _translate(content, directory / language, language)


def _load_source(directory: Path) -> Content:
    tomls = sorted(directory.glob("*.toml"))
    if not tomls:
        raise ContentError(directory, "no TOML content files found")
    raw = _merge([(path, _read_toml(path)) for path in tomls])
    references = _load_references(raw.references)
    pages = _load_pages(directory / "pages", references)
    stages = _load_stages(raw.stages, pages)
    exercises = _load_exercises(raw.exercises, stages, references)
    reading = _load_reading(raw.reading, pages)
    return Content(
        stages=stages,
        exercises=exercises,
        pages=MappingProxyType(pages),
        references=MappingProxyType(references),
        reading=MappingProxyType(reading),
    )


@dataclass
class _Raw:
    references: list[tuple[Path, str, Any]] = field(default_factory=list)
    stages: list[tuple[Path, Any]] = field(default_factory=list)
    exercises: list[tuple[Path, Any]] = field(default_factory=list)
    reading: list[tuple[Path, str, Any]] = field(default_factory=list)


_TOP_KEYS = {"references", "stages", "exercises", "reading"}


def _read_toml(path: Path) -> dict[str, Any]:
    return read_toml(path, ContentError)


def _merge(files: list[tuple[Path, dict[str, Any]]]) -> _Raw:
    raw = _Raw()
    for path, data in files:
        top = Table(path, data, error=ContentError)
        top.only(_TOP_KEYS)
        raw.references += [(path, k, v) for k, v in top.table("references").data.items()]
        raw.reading += [(path, k, v) for k, v in top.table("reading").data.items()]
        raw.stages += [(path, s) for s in top.values("stages")]
        raw.exercises += [(path, e) for e in top.values("exercises")]
    return raw


def _entry_name(kind: str, data: Any) -> str:
    """ "exercise 'comfort-map'": the entry as the content names it, by its id."""
    entry_id = data.get("id") if isinstance(data, dict) else None
    return f"{kind} '{entry_id}'" if entry_id else kind


class _Entry(Table):
    """One content entry (a stage, an exercise, a reference), read through the core reader,
    with the program's own kinds of field: lists of texts, tags from a vocabulary."""

    def __init__(self, path: Path, kind: str, data: Any) -> None:
        super().__init__(path, data, _entry_name(kind, data), ContentError)

    def check_keys(self, required: set[str], optional: set[str]) -> None:
        missing = required - set(self.data)
        unknown = set(self.data) - required - optional
        # Unknown first: a misspelt required key is then named as the typo it is.
        if unknown:
            raise self.fail(f"unknown keys {sorted(unknown)}", field=min(unknown))
        if missing:
            raise self.fail(f"missing keys {sorted(missing)}", field=min(missing))

    def integer(self, key: str) -> int:
        value = super().integer(key)
        if value < 0:
            raise self.fail(f"'{key}' must be a whole number >= 0", key)
        return value

    def texts(self, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"'{key}' must be a list of non-empty texts", key)
        if not value and not allow_empty:
            raise self.fail(f"'{key}' must not be empty", key)
        return tuple(cast(list[str], value))

    def tags(self, key: str, vocabulary: Iterable[str]) -> frozenset[str]:
        values = self.texts(key, allow_empty=True)
        unknown = set(values) - set(vocabulary)
        if unknown:
            raise self.fail(f"unknown {key} {sorted(unknown)}; allowed: {sorted(vocabulary)}", key)
        return frozenset(values)

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise self.fail(f"'{key}' must be one of {sorted(allowed)}, not '{value}'", key)
        return value


_REFERENCE_TEXTS = ("doi", "url", "checked", "note")


def _load_references(items: list[tuple[Path, str, Any]]) -> dict[str, Reference]:
    references: dict[str, Reference] = {}
    for path, key, data in items:
        entry = _Entry(path, f"reference '{key}'", data)
        entry.check_keys(
            {"cite", "authors", "year", "title", "source"}, {*_REFERENCE_TEXTS, "undated"}
        )
        if key in references:
            raise entry.fail("defined twice", "cite")
        year = entry.integer("year")
        if not 1900 <= year <= 2100:
            raise entry.fail("'year' must be a year such as 2015", "year")
        references[key] = Reference(
            key=key,
            cite=entry.text("cite"),
            authors=entry.text("authors"),
            year=year,
            title=entry.text("title"),
            source=entry.text("source"),
            undated=entry.data.get("undated") is True,
            **{k: entry.text(k) for k in _REFERENCE_TEXTS if k in entry.data},
        )
    return references


def _load_stages(items: list[tuple[Path, Any]], pages: Mapping[str, Page]) -> tuple[Stage, ...]:
    stages: list[Stage] = []
    for path, data in items:
        entry = _Entry(path, "stage", data)
        entry.check_keys(
            {"id", "track", "order", "title", "summary", "page", "ground_rules"},
            {"excluded_areas"},
        )
        stage = Stage(
            id=entry.text("id"),
            track=cast(Track, entry.choice("track", TRACKS)),
            order=entry.integer("order"),
            title=entry.text("title"),
            summary=entry.text("summary"),
            page=entry.text("page"),
            ground_rules=entry.texts("ground_rules"),
            excluded_areas=entry.tags("excluded_areas", AREAS),
        )
        if stage.page not in pages:
            raise entry.fail(f"page '{stage.page}' has no file pages/{stage.page}.md", "page")
        if any(s.id == stage.id for s in stages):
            raise entry.fail("id used twice", "id")
        stages.append(stage)
    _check_stage_orders(stages, items[0][0] if items else CONTENT_DIR)
    return tuple(stages)


def _check_stage_orders(stages: list[Stage], path: Path) -> None:
    for track in TRACKS:
        orders = sorted(s.order for s in stages if s.track == track)
        if orders != list(range(len(orders))):
            raise ContentError(path, f"{track} stage orders must run 0, 1, 2, ... ({orders})")


_EXERCISE_REQUIRED = {
    "id",
    "stage",
    "title",
    "format",
    "durations",
    "summary",
    "steps",
    "reflection_prompts",
    "references",
}
_EXERCISE_OPTIONAL = {"areas", "optional_areas", "activities", "adaptations", "variant_of", "when"}


def _load_exercises(
    items: list[tuple[Path, Any]],
    stages: tuple[Stage, ...],
    references: Mapping[str, Reference],
) -> tuple[Exercise, ...]:
    exercises = [_load_exercise(_Entry(p, "exercise", d), references) for p, d in items]
    by_id: dict[str, Exercise] = {}
    for (path, _), exercise in zip(items, exercises, strict=True):
        if exercise.id in by_id:
            raise ContentError(path, "id used twice", entry=f"exercise '{exercise.id}'", field="id")
        by_id[exercise.id] = exercise
    stage_by_id = {s.id: s for s in stages}
    for (path, _), exercise in zip(items, exercises, strict=True):
        _check_exercise_links(path, exercise, stage_by_id, by_id)
    return tuple(exercises)


def _load_exercise(entry: _Entry, references: Mapping[str, Reference]) -> Exercise:
    entry.check_keys(_EXERCISE_REQUIRED, _EXERCISE_OPTIONAL)
    ref_keys = entry.tags("references", references)
    if not ref_keys:
        raise entry.fail("'references' must not be empty", "references")
    variant_of = entry.text("variant_of") if "variant_of" in entry.data else None
    exercise = Exercise(
        id=entry.text("id"),
        stage=entry.text("stage"),
        title=entry.text("title"),
        format=cast(Format, entry.choice("format", FORMATS)),
        durations=_durations(entry),
        summary=entry.text("summary"),
        steps=entry.texts("steps"),
        reflection_prompts=entry.texts("reflection_prompts"),
        references=tuple(references[k] for k in entry.texts("references")),
        areas=entry.tags("areas", AREAS),
        optional_areas=entry.tags("optional_areas", AREAS),
        activities=entry.tags("activities", ACTIVITIES),
        adaptations=entry.tags("adaptations", ADAPTATION_TAGS),
        variant_of=variant_of,
        when=entry.tags("when", PLAN_ADAPTATIONS),
    )
    if exercise.areas & exercise.optional_areas:
        raise entry.fail("an area cannot be both needed and optional", "optional_areas")
    for step in exercise.steps:
        targets = {m.group(2) for m in STEP_LINK.finditer(step)}
        if targets - {f"#{TOUCH_LIST_ANCHOR}"}:
            raise entry.fail(f"a step may only link to #{TOUCH_LIST_ANCHOR}: {step!r}", "steps")
    return exercise


def _durations(entry: _Entry) -> tuple[int, ...]:
    value = entry.data.get("durations")
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
        or value != sorted(set(value))
    ):
        raise entry.fail("'durations' must be a rising list of whole minutes > 0", "durations")
    if entry.data.get("format") == "take_turns" and any(v % 2 for v in value):
        raise entry.fail(
            "take_turns durations must split into two equal turns (even minutes)", "durations"
        )
    return tuple(value)


def _check_exercise_links(
    path: Path,
    exercise: Exercise,
    stages: Mapping[str, Stage],
    exercises: Mapping[str, Exercise],
) -> None:
    def fail(problem: str, field: str) -> ContentError:
        return ContentError(path, problem, entry=f"exercise '{exercise.id}'", field=field)

    stage = stages.get(exercise.stage)
    if stage is None:
        raise fail(f"unknown stage '{exercise.stage}'", "stage")
    if (stage.track == "solo") != (exercise.format == "solo"):
        raise fail(f"format '{exercise.format}' does not fit a {stage.track} stage", "format")
    touched = (exercise.areas | exercise.optional_areas) & stage.excluded_areas
    if touched:
        raise fail(f"touches {sorted(touched)}, left out in stage '{stage.id}'", "areas")
    if exercise.variant_of is not None:
        base = exercises.get(exercise.variant_of)
        if base is None or base.variant_of is not None or base.stage != exercise.stage:
            raise fail(
                f"variant_of '{exercise.variant_of}' must be a base exercise of the same stage",
                "variant_of",
            )


def _load_reading(
    items: list[tuple[Path, str, Any]], pages: Mapping[str, Page]
) -> dict[str, tuple[str, ...]]:
    reading: dict[str, tuple[str, ...]] = {}
    for path, key, value in items:
        entry = "[reading]"
        if key not in CONCERNS and key not in READING_GROUPS:
            raise ContentError(
                path, f"'{key}' is not a concern or one of {list(READING_GROUPS)}", entry=entry,
                field=key,
            )  # fmt: skip
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ContentError(path, f"'{key}' must be a list of page ids", entry=entry, field=key)
        missing = [v for v in value if v not in pages]
        if missing:
            raise ContentError(
                path, f"'{key}': no page files for {missing}", entry=entry, field=key
            )
        reading[key] = tuple(value)
    return reading


# --------------------------------------------------------------------------------------
# Translations
# --------------------------------------------------------------------------------------

_STAGE_TEXTS = ("title", "summary", "ground_rules")
_EXERCISE_TEXTS = ("title", "summary", "steps", "reflection_prompts")


def _translate(content: Content, directory: Path, language: str) -> Content:
    """``content`` with the texts of ``directory`` in place of the English ones."""
    path = directory / "program.toml"
    top = Table(path, _read_toml(path) if path.exists() else {}, error=ContentError)
    top.only({"stages", "exercises", "references"})
    missing: list[str] = []
    references = _translated_references(
        path, top.table("references").data, content.references, language
    )
    stages = _translated_items(
        path, "stage", top.table("stages").data, content.stages, _STAGE_TEXTS, missing
    )
    exercises = _translated_items(
        path,
        "exercise",
        top.table("exercises").data,
        content.exercises,
        _EXERCISE_TEXTS,
        missing,
    )
    pages = _translated_pages(directory / "pages", content, references, missing)
    return replace(
        content,
        stages=stages,
        exercises=exercises,
        pages=MappingProxyType(pages),
        references=MappingProxyType(references),
        language=language,
        untranslated=tuple(missing),
    )


def _translated_items(
    path: Path,
    kind: str,
    table: Mapping[str, Any],
    items: tuple[_Item, ...],
    fields: tuple[str, ...],
    missing: list[str],
) -> tuple[_Item, ...]:
    by_id = {item.id: item for item in items}
    strangers = set(table) - set(by_id)
    if strangers:
        raise ContentError(
            path, f"no English {kind} with the id {sorted(strangers)}", field=min(strangers)
        )
    out = []
    for item in items:
        entry = _Entry(path, kind, {"id": item.id, **_as_table(path, kind, table.get(item.id))})
        entry.check_keys({"id"}, set(fields))
        changes: dict[str, Any] = {}
        for name in fields:
            english = getattr(item, name)
            text = _translated_field(entry, name, english)
            if text is None:
                missing.append(f"{kind} {item.id}: {name}")
            else:
                changes[name] = text
        out.append(replace(item, **changes))
    return tuple(out)


def _as_table(path: Path, kind: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ContentError(path, f"each {kind} translation must be a table")
    return value


def _translated_field(entry: _Entry, name: str, english: str | tuple[str, ...]) -> Any:
    """The translated text, or None when it is missing or no longer matches the English
    (a list with another number of items: the English gained or lost a rule or step)."""
    if name not in entry.data:
        return None
    if isinstance(english, str):
        return entry.text(name)
    texts = entry.texts(name)
    return texts if len(texts) == len(english) else None


def _translated_references(
    path: Path, table: Mapping[str, Any], references: Mapping[str, Reference], language: str
) -> dict[str, Reference]:
    """The references as a page in ``language`` shows them. A source keeps its authors,
    title and journal as published; what Hearth adds to them in English (web page, edition,
    date of publication online) may be given in the language here, field by field."""
    strangers = set(table) - set(references)
    if strangers:
        raise ContentError(
            path, f"no reference with the key {sorted(strangers)}", field=min(strangers)
        )
    out = {}
    for key, reference in references.items():
        entry = _Entry(path, f"reference '{key}'", _as_table(path, "reference", table.get(key)))
        entry.check_keys(set(), {"authors", "title", "source"})
        out[key] = replace(
            reference,
            language=language,
            authors=entry.text("authors") if "authors" in entry.data else reference.authors,
            title=entry.text("title") if "title" in entry.data else reference.title,
            source=entry.text("source") if "source" in entry.data else reference.source,
        )
    return out


def _translated_pages(
    directory: Path, content: Content, references: Mapping[str, Reference], missing: list[str]
) -> dict[str, Page]:
    pages = dict(content.pages)
    for path in sorted(directory.glob("*.md")):
        if path.stem not in pages:
            raise ContentError(path, f"no English page pages/{path.stem}.md")
        pages[path.stem] = parse_page(path.stem, path.read_text(encoding="utf-8"), references, path)
    missing += [f"page {p}" for p in pages if not (directory / f"{p}.md").exists()]
    return pages


def _load_pages(directory: Path, references: Mapping[str, Reference]) -> dict[str, Page]:
    pages = {}
    for path in sorted(directory.glob("*.md")):
        pages[path.stem] = parse_page(path.stem, path.read_text(encoding="utf-8"), references, path)
    return pages


def parse_page(
    page_id: str, text: str, references: Mapping[str, Reference], source: Path | str
) -> Page:
    """Parse one Markdown page: ``# Title``, body, and a final ``## References`` list (in a
    German page ``## Quellen``)."""
    lines = text.strip().splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ContentError(source, "a page must start with '# Title'")
    title = lines[0][2:].strip()
    body, refs_text = split_references("\n".join(lines[1:]))
    if refs_text is None:
        raise ContentError(source, "a page must end with a '## References' section")
    if re.search(r"^#{1,2} ", refs_text, flags=re.MULTILINE):
        raise ContentError(source, "the references must be the last section")
    return Page(
        id=page_id,
        title=title,
        body=body.strip(),
        references=_page_references(refs_text, references, source),
    )


def _page_references(
    text: str, references: Mapping[str, Reference], source: Path | str
) -> tuple[Reference, ...]:
    bullets = [line[2:].strip() for line in text.strip().splitlines() if line.startswith("- ")]
    if not bullets:
        raise ContentError(source, "the References section lists no sources")
    found: list[Reference] = []
    for bullet in bullets:
        match = next((r for r in references.values() if bullet.startswith(r.cite)), None)
        if match is None:
            raise ContentError(source, f"reference '{bullet}' is not a known source")
        found.append(match)
    return tuple(found)
