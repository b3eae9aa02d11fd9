"""Validated translations of instruments: the same questionnaire in another language.

A translation lives beside the English file in a folder named by its language
(``instruments/de/phq9.toml``; a clinic's directory may hold its own the same way), keyed by
the English ids, as every content translation in Hearth is (``hearth.core.languages``). It
changes words only: the questions, the answer labels, the stem, and Hearth's own words for
bands and flags. Ids, answer values, scoring, bands' ranges and flags' rules stay those of
the English definition, so a score never depends on the language it was taken in. The
loader refuses a file that leaves a question or an answer untranslated, or names one the
instrument does not have.

Only a translation that was validated and whose terms allow reproduction belongs here; the
file names its source. A derived instrument (PHQ-2, GAD-2) is translated through its
parent, whose items it asks.

Pure Python: no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from hearth.core.datafile import Table, read_toml
from hearth.core.languages import CONTENT_LANGUAGES, SOURCE_LANGUAGE
from hearth.measures.definitions import (
    PACKAGE_DIR,
    DefinitionError,
    DerivedLink,
    Instrument,
    Item,
    load_instruments,
)


@dataclass(frozen=True, slots=True)
class Translation:
    instrument: str
    language: str
    title: str
    stem: str
    recall: str
    attribution: str
    reference: str
    texts: Mapping[str, str]  # item or extra id -> question
    labels: Mapping[str, Mapping[int, str]]  # item or extra id -> answer value -> label
    bands: Mapping[str, tuple[str, str]]  # band id -> (label, meaning)
    flags: Mapping[str, tuple[str, str]]  # flag id -> (label, meaning)
    lead: str
    stem_examples: tuple[str, ...]
    derived_titles: Mapping[str, str]
    source_file: str


# ---------------------------------------------------------------------------------------------
# Loading


@cache
def _package_translations() -> dict[tuple[str, str], Translation]:
    return _load([PACKAGE_DIR], load_instruments())


def load_translations(extra_dirs: Sequence[Path] = ()) -> dict[tuple[str, str], Translation]:
    """Every translation, keyed by (instrument id, language). The shipped set is cached; a
    clinic's directories are read on every call, like its instruments."""
    if not extra_dirs:
        return dict(_package_translations())
    return _load([PACKAGE_DIR, *extra_dirs], load_instruments(extra_dirs))


def _load(
    dirs: Iterable[Path], known: Mapping[str, Instrument]
) -> dict[tuple[str, str], Translation]:
    found: dict[tuple[str, str], Translation] = {}
    for directory in dirs:
        for language in CONTENT_LANGUAGES:
            folder = directory / language
            if language == SOURCE_LANGUAGE or not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.toml")):
                translation = load_file(path, language, known)
                key = (translation.instrument, language)
                if key in found:
                    raise DefinitionError(
                        path,
                        f"a second {language} translation of {key[0]!r} "
                        f"(the first is {found[key].source_file})",
                    )
                found[key] = translation
    return found


def load_file(path: Path, language: str, known: Mapping[str, Instrument]) -> Translation:
    top = Table(path, read_toml(path, DefinitionError), error=DefinitionError)
    return _build(top, language, known, str(path))


_KEYS = {
    "instrument", "title", "stem", "recall", "attribution", "reference", "options", "items",
    "extras", "item_options", "bands", "flags", "lead", "stem_examples", "derived",
}  # fmt: skip


def _build(top: Table, language: str, known: Mapping[str, Instrument], source: str) -> Translation:
    top.only(_KEYS)
    instrument_id = _text(top, "instrument")
    instrument = known.get(instrument_id)
    if instrument is None or instrument.derived_from is not None:
        raise top.fail(
            f"{instrument_id!r} is not an instrument that is asked on its own", "instrument"
        )
    questions = (*instrument.items, *instrument.extras)
    texts = {**_texts(top, "items", instrument.items), **_texts(top, "extras", instrument.extras)}
    labels = {q.id: _labels(top, q) for q in questions}
    if instrument.gate is not None and instrument.gate.lead and "lead" not in top.data:
        raise top.fail("the gate's 'lead' needs a translation", "lead")
    stem_examples = top.strings("stem_examples")
    if len(stem_examples) != len(instrument.stem_examples):
        raise top.fail("'stem_examples' must translate each example, in order", "stem_examples")
    return Translation(
        instrument=instrument.id,
        language=language,
        title=_text(top, "title"),
        stem=_text(top, "stem"),
        recall=_text(top, "recall"),
        attribution=_text(top, "attribution"),
        reference=_text(top, "reference"),
        texts=texts,
        labels=labels,
        bands=_pairs(top, "bands", [b.id for b in instrument.bands]),
        flags=_pairs(top, "flags", [f.id for f in instrument.flags]),
        lead=_text(top, "lead") if "lead" in top.data else "",
        stem_examples=stem_examples,
        derived_titles=_derived_titles(top, instrument),
        source_file=source,
    )


def _text(table: Table, key: str) -> str:
    """A required text, kept as written (the English definitions keep theirs too)."""
    table.require((key,))
    return table.text(key, strip=False)


def _texts(top: Table, key: str, questions: Sequence[Item]) -> dict[str, str]:
    """``[items]`` or ``[extras]``: one text per question id, and no other id."""
    table = top.table(key)
    wanted = {q.id for q in questions}
    if set(table.data) != wanted:
        unknown = sorted(set(table.data) - wanted)
        raise table.fail(_mismatch(key, set(table.data), wanted), (unknown or [key])[0])
    return {question: _text(table, question) for question in table.data}


def _labels(top: Table, question: Item) -> dict[int, str]:
    """The answer labels of one question: its own table in 'item_options', else the shared
    'options'. Every answer value of the question must be translated, and no other."""
    own = top.table("item_options")
    named = f"[item_options.{question.id}]"
    raw = own.table(question.id, named) if question.id in own.data else top.table("options")
    try:
        labels = {int(value): _text(raw, value) for value in raw.data}
    except ValueError:
        raise raw.fail(f"answer values for {question.id!r} must be whole numbers") from None
    if set(labels) != set(question.values):
        raise raw.fail(
            f"answers of {question.id!r}: "
            + _mismatch("values", {str(v) for v in labels}, {str(v) for v in question.values})
        )
    return labels


def _pairs(top: Table, key: str, ids: list[str]) -> dict[str, tuple[str, str]]:
    table = top.table(key)
    if set(table.data) != set(ids):
        unknown = sorted(set(table.data) - set(ids))
        raise table.fail(_mismatch(key, set(table.data), set(ids)), (unknown or [key])[0])
    pairs = {}
    for name in table.data:
        entry = table.table(name, f"[{key}.{name}]")
        entry.only({"label", "meaning"})
        pairs[name] = (_text(entry, "label"), _text(entry, "meaning"))
    return pairs


def _derived_titles(top: Table, instrument: Instrument) -> dict[str, str]:
    table = top.table("derived")
    children = {link.instrument.id for link in instrument.derived}
    if not set(table.data) <= children:
        raise top.fail(f"'derived' may only name {sorted(children)}", "derived")
    titles = {}
    for child in table.data:
        entry = table.table(child, f"[derived.{child}]")
        entry.only({"title"})
        titles[child] = _text(entry, "title")
    return titles


def _mismatch(what: str, got: set[str], wanted: set[str]) -> str:
    parts = []
    if wanted - got:
        parts.append(f"missing {', '.join(sorted(wanted - got))}")
    if got - wanted:
        parts.append(f"unknown {', '.join(sorted(got - wanted))}")
    return f"{what} do not match the instrument ({'; '.join(parts)})"


# ---------------------------------------------------------------------------------------------
# Applying


def translate(instrument: Instrument, translation: Translation) -> Instrument:
    """The instrument with the translation's words: the same ids, values and rules."""
    t = translation
    items = tuple(_item(i, t.texts[i.id], t.labels[i.id]) for i in instrument.items)
    extras = tuple(_item(e, t.texts[e.id], t.labels[e.id]) for e in instrument.extras)
    bands = tuple(
        replace(b, label=t.bands[b.id][0], meaning=t.bands[b.id][1]) for b in instrument.bands
    )
    flags = tuple(
        replace(f, label=t.flags[f.id][0], meaning=t.flags[f.id][1]) for f in instrument.flags
    )
    gate = instrument.gate
    if gate is not None and t.lead:
        gate = replace(gate, lead=t.lead)
    derived = tuple(
        DerivedLink(instrument=translate_child(link.instrument, t), item_map=link.item_map)
        for link in instrument.derived
    )
    return replace(
        instrument,
        title=t.title,
        stem=t.stem,
        recall=t.recall,
        attribution=t.attribution,
        stem_examples=t.stem_examples,
        items=items,
        extras=extras,
        bands=bands,
        flags=flags,
        gate=gate,
        derived=derived,
        language=t.language,
        translation_reference=t.reference,
        _by_id={i.id: i for i in items},
    )


def translate_child(child: Instrument, parent: Translation) -> Instrument:
    """A derived instrument (PHQ-2) in its parent's language: it asks the parent's items."""
    parent_items = dict((c, p) for c, p in child.derived_item_map)
    items = tuple(
        _item(i, parent.texts[parent_items[i.id]], parent.labels[parent_items[i.id]])
        for i in child.items
    )
    return replace(
        child,
        title=parent.derived_titles.get(child.id, child.title),
        stem=parent.stem,
        recall=parent.recall,
        attribution=parent.attribution,
        items=items,
        language=parent.language,
        translation_reference=parent.reference,
        _by_id={i.id: i for i in items},
    )


def _item(item: Item, text: str, labels: Mapping[int, str]) -> Item:
    options = tuple(replace(o, label=labels[o.value]) for o in item.options)
    return replace(item, text=text, options=options)


def in_language(
    known: Mapping[str, Instrument],
    translations: Mapping[tuple[str, str], Translation],
    language: str,
) -> dict[str, Instrument]:
    """Every instrument in ``language`` where a translation exists, else as it is."""
    result = {}
    for key, instrument in known.items():
        own = translations.get((key, language))
        parent = translations.get((instrument.derived_from or "", language))
        if own is not None:
            result[key] = translate(instrument, own)
        elif parent is not None:
            result[key] = translate_child(instrument, parent)
        else:
            result[key] = instrument
    return result
