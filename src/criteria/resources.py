"""Loading the data files the package ships: grammars and lexicons, validated on load.

Domain knowledge lives in data, not code: ``grammars/*.lark`` (top level of the source tree,
installed as ``criteria/grammars`` inside the wheel) and ``criteria/data/lexicons/*.jsonl``.
Each JSONL lexicon opens with one ``{"_format": "..."}`` line that documents its own fields;
every other line is validated by a pydantic schema, and a broken file raises
:class:`~criteria.errors.ResourceError` naming the file and line.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ResourceError

_Row = TypeVar("_Row", bound=BaseModel)


def _package_dir() -> Path:
    return Path(str(resources.files("criteria")))


@cache
def grammar_dir() -> Path:
    """Folder holding the ``.lark`` grammars.

    Inside an installed wheel that is ``criteria/grammars``. In a source checkout (an
    editable install for development) it is the top-level ``grammars/`` folder that the
    build copies into the wheel; the wheel-install test proves the packaged copy works.
    """
    packaged = _package_dir() / "grammars"
    if (packaged / "criteria.lark").is_file():
        return packaged
    checkout = _package_dir().parents[1] / "grammars"
    if (checkout / "criteria.lark").is_file() and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    raise ResourceError(f"grammar files not found in {packaged} (is the package installed correctly?)")


def data_path(*parts: str) -> Path:
    """Path of a data file shipped in ``criteria/data``."""
    path = _package_dir().joinpath("data", *parts)
    if not path.is_file():
        raise ResourceError(f"data file {'/'.join(parts)} is missing from the package")
    return path


def load_jsonl(relative: str, schema: type[_Row]) -> list[_Row]:
    """Read a JSONL lexicon, validating each row against ``schema``."""
    path = data_path(*relative.split("/"))
    rows: list[_Row] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ResourceError(f"{relative}:{number}: not JSON: {exc.msg}") from exc
            if "_format" in raw:
                continue
            try:
                rows.append(schema.model_validate(raw))
            except ValidationError as exc:
                raise ResourceError(f"{relative}:{number}: {exc.errors()[0]['msg']} in {raw!r}") from exc
    if not rows:
        raise ResourceError(f"{relative} holds no entries")
    return rows


class CueEntry(BaseModel):
    """One row of ``lexicons/cues.jsonl``: a phrase the grammar sees as one terminal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    phrase: str = Field(min_length=1, description="the words, matched case-insensitively")
    terminal: str = Field(pattern=r"^[A-Z][A-Z_]*$", description="grammar terminal it becomes")
    value: str | None = Field(default=None, description="canonical value, e.g. '>=' or 'year'")
    event: str | None = Field(
        default=None, pattern=r"^[a-z0-9_]+$",
        description="for an anchor: the consent concept it names where no time relation governs it",
    )


class GenericCause(BaseModel):
    """One row of ``lexicons/generic_causes.jsonl``: words naming an agent only by its kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    words: tuple[str, ...] = Field(min_length=1, description="lower-case words, each a whole word")
    kind: Literal["medication", "prior_therapy"] = Field(description="the cause's event kind")
    name: str = Field(pattern=r"^[a-z_]+$", description="the cause's name")


@cache
def generic_causes() -> dict[str, GenericCause]:
    """Each word of ``lexicons/generic_causes.jsonl`` → its row ("drug" → a medication, "drug")."""
    out: dict[str, GenericCause] = {}
    for row in load_jsonl("lexicons/generic_causes.jsonl", GenericCause):
        for word in row.words:
            if word != word.lower() or " " in word or word in out:
                raise ResourceError(f"lexicons/generic_causes.jsonl: {word!r} must be one lower-case word, listed once")
            out[word] = row
    return out


@cache
def cue_lexicon() -> tuple[CueEntry, ...]:
    """All cue phrases (comparators, age words, time units, connectives, anchors)."""
    entries = load_jsonl("lexicons/cues.jsonl", CueEntry)
    seen: dict[str, CueEntry] = {}
    for entry in entries:
        key = entry.phrase.lower()
        if key in seen and seen[key] != entry:
            raise ResourceError(f"lexicons/cues.jsonl: phrase {entry.phrase!r} is listed twice, differently")
        seen[key] = entry
    return tuple(seen.values())


@cache
def person_words() -> frozenset[str]:
    """Words that name people ("patients", "subjects", "participants"): the cue lexicon's PERSON phrases."""
    return frozenset(entry.phrase.lower() for entry in cue_lexicon() if entry.terminal == "PERSON")


@cache
def word_list(name: str) -> frozenset[str]:
    """A plain word list (one lower-case entry a line; '#' starts a comment), read once: callers
    ask for them per criterion."""
    path = data_path("lexicons", name)
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    return frozenset(words)


@cache
def status_opposites() -> dict[str, str]:
    """Status value → the status "not" before it says (``lexicons/status_opposites.tsv``)."""
    path = data_path("lexicons", "status_opposites.tsv")
    statuses = {entry.value for entry in cue_lexicon() if entry.terminal == "STATUS"}
    out = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not set(fields) <= statuses:
            raise ResourceError(f"lexicons/status_opposites.tsv line {number}: want two status values of cues.jsonl")
        out[fields[0]] = fields[1]
    return out


@cache
def _spelling_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    path = data_path("lexicons", "spelling_variants.tsv")
    rules = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise ResourceError(f"lexicons/spelling_variants.tsv line {number}: want a pattern and its British form")
        try:
            rules.append((re.compile(fields[0]), fields[1]))
        except re.error as error:
            raise ResourceError(f"lexicons/spelling_variants.tsv line {number}: {error}") from None
    return tuple(rules)


def spelling_variant(phrase: str) -> str | None:
    """The phrase in British spelling ("sickle cell anemia" → "sickle cell anaemia"), or ``None``
    when it reads the same (``lexicons/spelling_variants.tsv``)."""
    words = phrase.split(" ")
    out = []
    for word in words:
        lower = word.lower()
        for pattern, british in _spelling_rules():
            if pattern.fullmatch(lower):
                lower = pattern.sub(british, lower)
                break
        out.append(lower if lower != word.lower() else word)
    variant = " ".join(out)
    return variant if variant != phrase else None


# --- event terms (lexicons/events.jsonl) ----------------------------------------------------

EventKind = Literal[
    "condition", "prior_therapy", "medication", "procedure", "reproductive", "sex", "consent",
    "compliance", "investigator_judgement", "site", "dose_unit", "capability",
]

#: The grammar terminal each event kind becomes (declared in grammars/criteria.lark).
EVENT_TERMINALS: dict[str, str] = {
    "condition": "EV_COND", "prior_therapy": "EV_THERAPY", "medication": "EV_MED",
    "procedure": "EV_PROC", "reproductive": "EV_REPRO", "sex": "EV_SEX", "consent": "EV_CONSENT",
    "compliance": "EV_COMPLY", "investigator_judgement": "EV_JUDGE", "site": "EV_SITE",
    "dose_unit": "DOSE_UNIT", "capability": "EV_CAP",
}
# Kinds whose terms take a regular plural ("metastasis" aside, which is listed by hand).
_PLURALISED = frozenset({"condition", "prior_therapy", "medication", "procedure"})


class EventCode(BaseModel):
    """A curated code: only where the mapping is exact."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    system: Literal["SNOMED CT", "RxNorm", "ATC", "ICD-10"]
    code: str = Field(min_length=1)


class EventConcept(BaseModel):
    """One row of ``lexicons/events.jsonl``: a concept and the phrases that name it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9_]+$", description="canonical concept name")
    kind: EventKind = Field(description="which node kind (or grammar part) the term makes")
    label: str | None = Field(default=None, min_length=1, description="how a reader sees the name: 'HIV infection'")
    phrases: tuple[str, ...] = Field(min_length=1, description="words naming it, matched case-insensitively")
    group: str | None = Field(default=None, pattern=r"^[a-z0-9_]+$", description="class: platinum, corticosteroid…")
    value: str | None = Field(default=None, description="sex for sex terms, canonical unit for dose units")
    code: EventCode | None = Field(default=None, description="curated code, when exact")
    parent: str | None = Field(
        default=None, pattern=r"^[a-z0-9_]+$",
        description="the broader concept of the same kind this one is a kind of ('type_1_diabetes_mellitus' "
        "→ 'diabetes_mellitus'): a record of it is a record of the parent, never the reverse",
    )

    other_of: str | None = Field(
        default=None, pattern=r"^[a-z0-9_]+$",
        description="the class this concept is the rest of, beside the trial's own disease ('other_malignancy' "
        "→ 'malignancy'): any record of the class other than the disease the inclusion criteria name",
    )

    denied_by: tuple[str, ...] = Field(
        default=(),
        description="for a capability, the conditions whose record denies it ('swallow oral medication' → "
        "'dysphagia'): the patient is able unless one of them is recorded",
    )

    @property
    def terminal(self) -> str:
        return EVENT_TERMINALS[self.kind]


def plural(phrase: str) -> str | None:
    """The regular plural of a phrase's last word ("lesion" → "lesions", "biopsy" → "biopsies"),
    or ``None`` for a word that takes none this way (a number, a short word, one ending in "s")."""
    head, _, last = phrase.rpartition(" ")
    if not last.isalpha() or len(last) < 3 or last.endswith("s"):
        return None
    if last.endswith(("x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


@cache
def event_lexicon() -> tuple[EventConcept, ...]:
    """All event concepts, each phrase belonging to exactly one concept."""
    concepts = load_jsonl("lexicons/events.jsonl", EventConcept)
    owner: dict[str, str] = {}
    names: set[tuple[str, str]] = set()
    for concept in concepts:
        if (concept.kind, concept.name) in names:
            raise ResourceError(f"lexicons/events.jsonl: {concept.kind} {concept.name!r} is listed twice")
        names.add((concept.kind, concept.name))
        for phrase in concept.phrases:
            key = phrase.lower()
            if owner.setdefault(key, concept.name) != concept.name:
                raise ResourceError(f"lexicons/events.jsonl: phrase {phrase!r} names both {owner[key]!r} and {concept.name!r}")
    _check_parents(concepts, names)
    for concept in concepts:
        if concept.other_of and (concept.kind, concept.other_of) not in names:
            raise ResourceError(f"lexicons/events.jsonl: {concept.name!r} is the rest of {concept.other_of!r}, "
                                f"not a {concept.kind} concept")
        _check_denials(concept, names)
    return tuple(concepts)


def _check_denials(concept: EventConcept, names: set[tuple[str, str]]) -> None:
    """A capability names the conditions that deny it, and only a capability does."""
    if (concept.kind == "capability") != bool(concept.denied_by):
        raise ResourceError(f"lexicons/events.jsonl: {concept.name!r}: a capability, and only a capability, "
                            "lists the conditions that deny it (denied_by)")
    for name in concept.denied_by:
        if ("condition", name) not in names:
            raise ResourceError(f"lexicons/events.jsonl: {concept.name!r} is denied by {name!r}, not a condition concept")


@cache
def sex_words() -> dict[str, str]:
    """The one-word names of a sex in the event lexicon and the sex each names ("women": "female",
    "boys": "male"): how a text says whom a bound or a part of a criterion is for. Read from the sex
    concepts (``lexicons/events.jsonl``), so every reader of them shares one list."""
    return {phrase.lower(): concept.value for concept in event_lexicon()
            if concept.kind == "sex" and concept.value in ("male", "female") and concept.group is None
            for phrase in concept.phrases if " " not in phrase}


@cache
def capability_denials(name: str) -> tuple[str, ...]:
    """The conditions whose record denies the capability ``name`` (its ``denied_by``)."""
    return next((c.denied_by for c in event_lexicon() if c.kind == "capability" and c.name == name), ())


def _check_parents(concepts, names: set[tuple[str, str]]) -> None:
    """Every parent is a concept of the same kind, and no concept is its own ancestor."""
    parent_of = {(c.kind, c.name): c.parent for c in concepts if c.parent}
    for (kind, name), parent in parent_of.items():
        if (kind, parent) not in names:
            raise ResourceError(f"lexicons/events.jsonl: {name!r} has parent {parent!r}, not a {kind} concept")
        seen, up = {name}, parent
        while up is not None:
            if up in seen:
                raise ResourceError(f"lexicons/events.jsonl: {name!r} is its own ancestor")
            seen.add(up)
            up = parent_of.get((kind, up))


@cache
def population_states() -> tuple[frozenset[str], frozenset[str]]:
    """(reproductive states naming a population, those of them a list joins apart), from
    ``lexicons/population_states.txt``; each must be a reproductive concept of the event lexicon."""
    known = {c.name for c in event_lexicon() if c.kind == "reproductive"}
    states, apart = set(), set()
    for line in word_list("population_states.txt"):
        name, _, mark = line.partition(" ")
        if name not in known or mark not in ("", "apart"):
            raise ResourceError(f"lexicons/population_states.txt: {line!r} is no reproductive concept "
                                "of events.jsonl (optionally followed by 'apart')")
        states.add(name)
        if mark:
            apart.add(name)
    return frozenset(states), frozenset(apart)


@cache
def value_support_concepts() -> frozenset[str]:
    """Concepts that hold a laboratory value up (``lexicons/value_support_concepts.txt``): each must be
    a medication, therapy or procedure of the event lexicon."""
    known = {c.name for c in event_lexicon() if c.kind in ("medication", "prior_therapy", "procedure")}
    names = word_list("value_support_concepts.txt")
    unknown = sorted(names - known)
    if unknown:
        raise ResourceError(f"lexicons/value_support_concepts.txt: {', '.join(unknown)} name no medication, "
                            "therapy or procedure of events.jsonl")
    return names


@cache
def event_ancestors(kind: str, name: str) -> tuple[EventConcept, ...]:
    """The concepts of ``kind`` that ``name`` is a kind of, nearest first (its parent, its parent's
    parent…); parents are of the same kind and never cycle (checked on load)."""
    by_name = {c.name: c for c in event_lexicon() if c.kind == kind}
    out: list[EventConcept] = []
    concept = by_name.get(name)
    while concept is not None and concept.parent:
        concept = by_name.get(concept.parent)
        if concept is not None:
            out.append(concept)
    return tuple(out)


@cache
def is_contraindication(name: str) -> bool:
    """Whether condition concept ``name`` is a contraindication to a procedure (event lexicon group
    ``contraindication``: "contraindications to MRI"), whose examples may be conditions or implanted
    devices alike ("such as pacemakers, claustrophobia")."""
    return any(c.kind == "condition" and c.name == name and c.group == "contraindication" for c in event_lexicon())


@cache
def is_substance_use(name: str) -> bool:
    """Whether condition concept ``name`` is the use of a substance (group ``substance_use``):
    smoking, drinking, drug use."""
    return name in _substance_uses()


@cache
def _substance_uses() -> frozenset[str]:
    return frozenset(c.name for c in event_lexicon() if c.kind == "condition" and c.group == "substance_use")


def is_cancer(name: str) -> bool:
    """Whether condition concept ``name`` is a cancer or its spread: in the event lexicon, its group
    ``malignancy`` or a parent leading to ``malignancy``; a name the lexicon lacks (a vocabulary or
    open-vocabulary condition), by its words (``lexicons/cancer_words.txt``)."""
    concept = next((c for c in event_lexicon() if c.kind == "condition" and c.name == name), None)
    if concept is None:
        entries = word_list("cancer_words.txt")
        endings = tuple(e[1:] for e in entries if e.startswith("-"))
        words = [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]
        if words[:1] == ["non"]:
            return False  # "non-malignant disease" (lexer._non_words): the words name no cancer
        return any(w in entries or w.endswith(endings) for w in words)
    return concept.group == "malignancy" or name == "metastatic_disease" or any(
        c.name == "malignancy" for c in event_ancestors("condition", name))


@cache
def event_descendants(kind: str, name: str) -> tuple[EventConcept, ...]:
    """The concepts of ``kind`` that are kinds of ``name``, at any depth (not ``name`` itself)."""
    children: dict[str, list[EventConcept]] = {}
    for concept in event_lexicon():
        if concept.kind == kind and concept.parent:
            children.setdefault(concept.parent, []).append(concept)
    out: list[EventConcept] = []
    todo = list(children.get(name, ()))
    while todo:
        concept = todo.pop()
        out.append(concept)
        todo.extend(children.get(concept.name, ()))
    return tuple(out)


@cache
def event_phrases() -> tuple[tuple[str, int], ...]:
    """(phrase, concept index) pairs to match: the listed phrases, their regular plurals and their
    British spellings."""
    concepts = event_lexicon()
    listed = {p.lower() for c in concepts for p in c.phrases}
    out: list[tuple[str, int]] = []
    for index, concept in enumerate(concepts):
        for phrase in concept.phrases:
            out.append((phrase, index))
            many = plural(phrase.lower()) if concept.kind in _PLURALISED else None
            for form in (many, spelling_variant(phrase.lower()), many and spelling_variant(many)):
                if form and form not in listed:  # "haemorrhages": a British plural
                    listed.add(form)
                    out.append((form, index))
    return tuple(out)


@cache
def event_concept(kind: str, name: str) -> EventConcept:
    """The concept of ``kind`` called ``name`` (what an event lexeme's value names)."""
    for concept in event_lexicon():
        if concept.kind == kind and concept.name == name:
            return concept
    raise KeyError(f"no {kind} concept {name!r}")


def concept_label(kind: str, name: str) -> str:
    """How a reader sees a concept: its lexicon ``label``, else its name with '_' as spaces."""
    try:
        label = event_concept(kind, name).label
    except KeyError:  # a tree built by hand may name a concept the lexicon does not hold
        label = None
    return label or name.replace("_", " ")


# --- open-vocabulary event heads (lexicons/event_heads.txt) -----------------------------------


class EventHeads(BaseModel):
    """``lexicons/event_heads.txt``, read: the words that end a condition or procedure the event
    lexicon does not name, and the words around them that matter."""

    model_config = ConfigDict(frozen=True)

    words: frozenset[str]
    suffixes: tuple[str, ...]
    procedure_words: frozenset[str]
    procedure_suffixes: tuple[str, ...]
    never: frozenset[str]
    generic: frozenset[str]
    qualified: frozenset[str]
    vague: frozenset[str]
    modifiers: frozenset[str]
    measures: frozenset[str]
    drug_words: frozenset[str] = frozenset()

    def kind_of(self, word: str) -> str | None:
        """``'procedure'``, ``'condition'`` or ``'drug'`` if ``word`` (lower case) ends such a phrase, else ``None``."""
        if word in self.never or not word.isalpha():
            return None
        if word in self.drug_words:
            return "drug"
        if word in self.procedure_words or word.endswith(self.procedure_suffixes):
            return "procedure"
        if word in self.words or word.endswith(self.suffixes):
            return "condition"
        return None

    def is_head(self, word: str) -> bool:
        """Whether ``word`` (lower case) ends a condition or procedure phrase."""
        return self.kind_of(word) is not None


_HEAD_MARKERS = {"-": "suffixes", "!": "never", "~": "vague", "+": "modifiers", ">": "measures", "*": "generic",
                 "^": "qualified", "$": "drug_words", "": "words"}


@cache
def infection_concepts() -> frozenset[str]:
    """The condition concepts of the event lexicon that are infections (group ``infection``): what a
    test is negative or positive for, and what "infection" said again after one names."""
    return frozenset(c.name for c in event_lexicon() if c.kind == "condition" and c.group == "infection")


def is_generic_condition(name: str) -> bool:
    """Whether a condition concept's name holds only generic and vague words ("other_disease": "any
    condition", "medical disorder"): a condition at all, which any record of one may be, and whose
    examples may be of any kind ("any condition (e.g., gastrectomy)")."""
    heads = event_heads()
    return all(w in heads.vague or w in heads.generic for w in name.split("_"))


@cache
def event_heads() -> EventHeads:
    """event_heads.txt (format documented at its top), read; a malformed line is a
    :class:`~criteria.errors.ResourceError`."""
    path = data_path("lexicons", "event_heads.txt")
    parts: dict[str, set[str]] = {k: set() for k in (*_HEAD_MARKERS.values(), "procedure_words", "procedure_suffixes")}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        procedure = line.startswith("%")
        line = line[1:] if procedure else line
        marker, word = (line[0], line[1:]) if line[:1] in "-!~+>^$" and line[:1] else ("", line)
        if word.endswith("*"):
            marker, word = "*", word[:-1]
        if not word.replace("-", "").isalpha():
            raise ResourceError(f"lexicons/event_heads.txt line {number}: {raw!r} is not a word")
        if procedure and marker not in ("", "-", "^"):
            raise ResourceError(f"lexicons/event_heads.txt line {number}: a procedure head is a word or a -suffix")
        key = _HEAD_MARKERS[marker]
        if procedure:
            key = "procedure_suffixes" if marker == "-" else "procedure_words"
        forms = {word, plural(word) or word} if marker in ("", "*", "^", "$") else {word}
        parts[key] |= forms
        if marker in ("*", "^"):  # both need a word before them; generic ones match any record
            parts["qualified"] |= forms
            if not procedure:
                parts["words"] |= forms
    return EventHeads(
        words=frozenset(parts["words"]), suffixes=tuple(sorted(parts["suffixes"])),
        procedure_words=frozenset(parts["procedure_words"]),
        procedure_suffixes=tuple(sorted(parts["procedure_suffixes"])), never=frozenset(parts["never"]),
        generic=frozenset(parts["generic"]), qualified=frozenset(parts["qualified"]),
        vague=frozenset(parts["vague"]), modifiers=frozenset(parts["modifiers"]),
        measures=frozenset(parts["measures"]), drug_words=frozenset(parts["drug_words"]),
    )


@cache
def grading_system_name() -> str:
    """A regular expression (uncompiled) for a grading system of adverse events by its name
    (``lexicons/grading_system_names.txt``), with an abbreviation in parentheses and a version after
    it: "National Cancer Institute Common Terminology Criteria for Adverse Events (NCI CTCAE) version
    5.0", "CTCAE v4.03", "… Adverse Events, version 4.03 (CTCAE v4.03)"."""
    names = sorted(word_list("grading_system_names.txt"), key=len, reverse=True)
    name = "|".join(r"\s*[-\s]\s*".join(re.escape(w) for w in n.replace("-", " ").split()) for n in names)
    return (r"\b(?:" + name + r")\b"
            r"(?:\s*\((?:[^()]{0,20})\))?"  # "(CTCAE)", "(NCI-CTCAE v5.0)"
            r"(?:\s*,?\s*(?:version|ver\.?|v\.?)\s*\d+(?:\.\d+)*)?"
            r"(?:\s*\((?:[^()]{0,20})\))?")  # the abbreviation after the version
