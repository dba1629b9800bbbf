"""Synthetic persons written both as OMOP CDM rows and as patient profiles, for parity.

:func:`generate` draws persons from a seed: birth dates (some a day either side of an age
bound), sex, an observation period (containing as-of, ended before it, or none), conditions,
drug exposures (several per person: lines of therapy), procedures and measurements whose dates
sit on and beside window edges and whose values sit on and beside the trials' bounds, in every
unit the analyte converts to, with and without the laboratory's ULN/LLN. Each person is then
written twice: as CDM rows (:class:`Omop`, loadable by :func:`write_duckdb` or as CSVs) and as
the :class:`~criteria.evaluate.Patient` those rows mean. The mapping is the one the SQL compiler
reads (docs/sql.md): a concept's name is the record's name; a drug exposure is both a therapy and
a medication; an end date makes a condition resolved; an observation period containing as-of
makes every list complete; a unit concept's UCUM code is the lab's unit.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable

from ..evaluate.quantities import conversion_factor
from ..labs import lab_lexicon
from ..tree.nodes import Criteria
from ..qualifiers import qualifier_lexicon
from ..resources import event_lexicon
from .concepts import VOCABULARIES
from .units import ucum_units

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (("person_id", "BIGINT"), ("gender_concept_id", "BIGINT"), ("year_of_birth", "INTEGER"),
               ("month_of_birth", "INTEGER"), ("day_of_birth", "INTEGER"), ("birth_datetime", "TIMESTAMP")),
    "observation_period": (("observation_period_id", "BIGINT"), ("person_id", "BIGINT"),
                           ("observation_period_start_date", "DATE"), ("observation_period_end_date", "DATE")),
    "condition_occurrence": (("condition_occurrence_id", "BIGINT"), ("person_id", "BIGINT"), ("condition_concept_id", "BIGINT"),
                             ("condition_start_date", "DATE"), ("condition_end_date", "DATE")),
    "drug_exposure": (("drug_exposure_id", "BIGINT"), ("person_id", "BIGINT"), ("drug_concept_id", "BIGINT"),
                      ("drug_exposure_start_date", "DATE"), ("drug_exposure_end_date", "DATE")),
    "procedure_occurrence": (("procedure_occurrence_id", "BIGINT"), ("person_id", "BIGINT"), ("procedure_concept_id", "BIGINT"),
                             ("procedure_date", "DATE")),
    "measurement": (("measurement_id", "BIGINT"), ("person_id", "BIGINT"), ("measurement_concept_id", "BIGINT"),
                    ("measurement_date", "DATE"), ("value_as_number", "DOUBLE"), ("unit_concept_id", "BIGINT"),
                    ("range_low", "DOUBLE"), ("range_high", "DOUBLE")),
    "concept": (("concept_id", "BIGINT"), ("concept_name", "VARCHAR"), ("domain_id", "VARCHAR"), ("vocabulary_id", "VARCHAR"),
                ("concept_class_id", "VARCHAR"), ("standard_concept", "VARCHAR"), ("concept_code", "VARCHAR")),
    "concept_ancestor": (("ancestor_concept_id", "BIGINT"), ("descendant_concept_id", "BIGINT"),
                         ("min_levels_of_separation", "INTEGER"), ("max_levels_of_separation", "INTEGER")),
    "concept_synonym": (("concept_id", "BIGINT"), ("concept_synonym_name", "VARCHAR"), ("language_concept_id", "BIGINT")),
    "concept_relationship": (("concept_id_1", "BIGINT"), ("concept_id_2", "BIGINT"), ("relationship_id", "VARCHAR")),
}
"""The CDM columns the compiled SQL reads (a real CDM has more; these suffice)."""

MALE, FEMALE, UNKNOWN_GENDER = 8507, 8532, 0
PS_CONCEPTS = {"ECOG": ("ECOG performance status", "89247-1"), "Karnofsky": ("Karnofsky performance status", "89243-0")}
WINDOW_DAYS = (0, 1, 6, 7, 8, 13, 14, 15, 20, 21, 22, 27, 28, 29, 30, 31, 32, 41, 42, 43, 55, 56, 57, 83, 84, 85, 89, 90,
               91, 92, 93, 179, 180, 181, 182, 183, 184, 185, 186, 364, 365, 366, 367, 729, 730, 731, 732, 1095, 1096,
               1097, 1098, 1825, 1826, 1827, 1828, 1829, 1830, 3650, 7000)


@dataclass
class Omop:
    """CDM rows by table, and the vocabulary's concept names (``concept_id`` → row)."""

    rows: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in COLUMNS})

    def add(self, table: str, *values: Any) -> None:
        self.rows[table].append(values)


@dataclass(frozen=True)
class Concept:
    concept_id: int
    name: str
    domain: str  # Condition, Drug, Procedure, Measurement, Unit
    vocabulary: str = "Synthetic"
    code: str = ""
    profile_code: str | None = None  # the code as a profile writes it ("SNOMED CT 94225005")


def vocabulary(seed: int = 0, causes: dict[str, tuple[str, ...]] | None = None) -> list[Concept]:
    """Concepts named by the event lexicon's phrases (some with a site), coded concepts, labs, units;
    given the causes the trials name for a condition (concept name → cause phrases), some names of
    that condition end in one ("Anemia due to chronic kidney disease")."""
    causes = causes or {}
    rng = random.Random(seed)
    out: list[Concept] = []
    next_id = iter(range(2_000_000, 9_000_000))
    domains = {"condition": "Condition", "medication": "Drug", "prior_therapy": "Drug", "procedure": "Procedure"}
    sites = [p for c in event_lexicon() if c.kind == "site" for p in c.phrases[:1]]
    # qualifier words before some names, drawn apart so the rest of the vocabulary stays as it was
    qualified = random.Random(seed + 1)
    qualifiers = {kind: sorted(p for row in qualifier_lexicon().rows.values() if kind in row.kinds for p in row.phrases)
                  for kind in domains}
    # and a cause after some condition names ("Anemia due to chronic kidney disease"), drawn apart too
    caused = random.Random(seed + 2)
    sited = random.Random(seed + 3)  # and a site after some procedure names ("Surgery of kidney")
    for concept in event_lexicon():
        domain = domains.get(concept.kind)
        if domain is None:
            continue
        for phrase in rng.sample(concept.phrases, min(2, len(concept.phrases))):
            name = phrase[:1].upper() + phrase[1:]
            if domain == "Condition" and rng.random() < 0.3:
                name = f"{name} of {rng.choice(sites)}"
            if domain == "Procedure" and sited.random() < 0.3:
                name = f"{name} of {sited.choice(sites)}"
            if qualifiers[concept.kind] and qualified.random() < 0.25:  # "Systemic chemotherapy", "Topical …"
                name = f"{qualified.choice(qualifiers[concept.kind]).capitalize()} {name[:1].lower()}{name[1:]}"
            if concept.name in causes and caused.random() < 0.5:
                name = f"{name} due to {caused.choice(causes[concept.name])}"
            out.append(Concept(next(next_id), name, domain))
        if concept.code is not None:  # conditions match by code alone; drugs by name too (see docs/sql.md)
            system, code = concept.code.system, concept.code.code
            name = f"Coded concept {code}" if domain == "Condition" else f"{concept.phrases[0]} ({code})"
            out.append(Concept(next(next_id), name, domain, VOCABULARIES[system], code, f"{system} {code}"))
    for _ in range(40):  # records that name nothing the trials ask about
        out.append(Concept(next(next_id), f"Unrelated finding {rng.randrange(10**6)}", rng.choice(list(domains.values()))))
    for field_name, entry in sorted(lab_lexicon().items()):
        out.append(Concept(next(next_id), entry.name, "Measurement", "LOINC" if entry.loinc else "Synthetic", entry.loinc or field_name))
        if entry.loinc:
            out.append(Concept(next(next_id), f"Coded test {entry.loinc}", "Measurement", "LOINC", entry.loinc, f"LOINC:{entry.loinc}"))
    for scale, (name, loinc) in PS_CONCEPTS.items():
        out.append(Concept(next(next_id), name, "Measurement", "LOINC", loinc, scale))
    for code in ucum_units():
        out.append(Concept(next(next_id), code, "Unit", "UCUM", code))
    return out


def _focus(trees: Iterable[Criteria]) -> tuple[set[str], list[tuple[str, Any]]]:
    """Event phrases the trials name, and their lab bounds, so persons hit what trials ask."""
    from ..evaluate.events import broader_names, concept_phrases

    phrases: set[str] = set()
    bounds: list[tuple[str, Any]] = []
    for tree in trees:
        for node in tree.walk():
            kind = node.kind
            if kind in ("condition", "procedure", "medication", "prior_therapy"):
                klass = getattr(node, "therapy_class", None) or getattr(node, "drug_class", None)
                phrases |= concept_phrases(node.name, group=klass)
                if kind in ("condition", "procedure"):  # records of what it is a kind of ("HIV" for HIV-1)
                    phrases |= broader_names(node.name, kind)
                for cause in getattr(node, "cause", ()):
                    phrases |= concept_phrases(cause.name, kinds=(cause.kind,))
            elif kind in ("lab_threshold", "measure_threshold"):
                bounds.append((node.analyte, node))
                bounds += [(node.analyte, a) for a in node.alternatives]
    return phrases, bounds


def generate(trees: Iterable[Criteria], n: int, seed: int = 0, as_of: date = date(2026, 11, 25)) -> tuple[Omop, list[dict]]:
    """``n`` persons as CDM rows and as patient profiles (dicts for ``Patient.model_validate``)."""
    from ..evaluate.terms import norm

    rng = random.Random(seed)
    trees = list(trees)
    causes: dict[str, set[str]] = {}
    for node in (n for t in trees for n in t.walk() if getattr(n, "cause", ())):
        causes.setdefault(node.name, set()).update(c.name.replace("_", " ") for c in node.cause)
    concepts = vocabulary(seed, {name: tuple(sorted(c)) for name, c in causes.items()})
    phrases, bounds = _focus(trees)
    omop = Omop()
    for c in concepts:
        omop.add("concept", c.concept_id, c.name, c.domain, c.vocabulary, "Concept", "S", c.code)
    by_domain: dict[str, list[Concept]] = {}
    focused: dict[str, list[Concept]] = {}
    for c in concepts:
        by_domain.setdefault(c.domain, []).append(c)
        padded = f" {norm(c.name)} "
        if c.profile_code or any(f" {p} " in padded for p in phrases):
            focused.setdefault(c.domain, []).append(c)
    labs = {c.name.lower(): c for c in by_domain["Measurement"]}
    units = {c.code: c for c in by_domain["Unit"]}
    ids = iter(range(1, 10**9))
    profiles = [_person(rng, omop, pid, as_of, by_domain, focused, labs, units, bounds, ids) for pid in range(1, n + 1)]
    return omop, profiles


def _pick(rng: random.Random, domain: str, by_domain: dict, focused: dict) -> Concept:
    pool = focused.get(domain) if rng.random() < 0.8 and focused.get(domain) else by_domain[domain]
    return rng.choice(pool)


def _ago(rng: random.Random, as_of: date) -> date:
    days = rng.choice(WINDOW_DAYS) if rng.random() < 0.7 else rng.randrange(0, 6000)
    return as_of - timedelta(days=days)


def _birth(rng: random.Random, as_of: date) -> date:
    if rng.random() < 0.3:  # a day either side of a birthday that is an age bound
        years = rng.choice((12, 16, 17, 18, 19, 21, 65, 70, 74, 75, 76, 80, 85))
        try:
            anniversary = as_of.replace(year=as_of.year - years)
        except ValueError:
            anniversary = as_of.replace(year=as_of.year - years, day=28)
        return anniversary + timedelta(days=rng.choice((-1, 0, 1)))
    return as_of - timedelta(days=rng.randrange(365, 95 * 365))


def _person(rng, omop, pid, as_of, by_domain, focused, labs, units, bounds, ids) -> dict:
    if rng.random() < CANDIDATES:
        return _candidate(rng, omop, pid, as_of, by_domain, focused, labs, units, bounds, ids)
    born = _birth(rng, as_of)
    gender = rng.choices((MALE, FEMALE, UNKNOWN_GENDER), (0.45, 0.45, 0.1))[0]
    omop.add("person", pid, gender, born.year, born.month, born.day, None)
    profile: dict[str, Any] = {"birth_date": born.isoformat()}
    if gender != UNKNOWN_GENDER:
        profile["sex"] = "male" if gender == MALE else "female"
    observed = rng.random()
    if observed < 0.7:  # observed from birth until after as-of: the lists are complete
        omop.add("observation_period", next(ids), pid, born, as_of + timedelta(days=365))
        profile["complete"] = ["conditions", "therapies", "medications", "procedures"]
    elif observed < 0.9:  # observed once, not at as-of
        omop.add("observation_period", next(ids), pid, born, max(born, as_of - timedelta(days=400)))
    profile |= {"conditions": [], "therapies": [], "medications": [], "procedures": [], "labs": []}
    for _ in range(rng.randrange(0, 6)):
        c, start = _pick(rng, "Condition", by_domain, focused), max(born, _ago(rng, as_of))
        end = None if rng.random() < 0.6 else start + timedelta(days=rng.randrange(0, 400))
        omop.add("condition_occurrence", next(ids), pid, c.concept_id, start, end)
        record = {"name": c.name, "onset": start.isoformat(), "status": "resolved" if end else None}
        profile["conditions"].append(record | ({"code": c.profile_code} if c.profile_code else {}))
    for _ in range(rng.randrange(0, 5)):
        c, start = _pick(rng, "Drug", by_domain, focused), max(born, _ago(rng, as_of))
        end = None if rng.random() < 0.3 else start + timedelta(days=rng.choice((0, 1, 13, 14, 27, 28, 90, 200)))
        omop.add("drug_exposure", next(ids), pid, c.concept_id, start, end)
        record = {"name": c.name, "start": start.isoformat(), "end": end.isoformat() if end else None}
        profile["therapies"].append(record)
        profile["medications"].append(dict(record))
    for _ in range(rng.randrange(0, 3)):
        c, when = _pick(rng, "Procedure", by_domain, focused), max(born, _ago(rng, as_of))
        omop.add("procedure_occurrence", next(ids), pid, c.concept_id, when)
        profile["procedures"].append({"name": c.name, "date": when.isoformat()})
    for _ in range(rng.randrange(0, 5) if bounds else 0):
        _lab(rng, omop, profile, pid, as_of, labs, units, rng.choice(bounds), ids)
    if rng.random() < 0.5:
        scale = rng.choice(("ECOG", "Karnofsky"))
        value = rng.randrange(0, 5) if scale == "ECOG" else rng.randrange(3, 11) * 10
        when = as_of - timedelta(days=rng.randrange(0, 60))
        omop.add("measurement", next(ids), pid, labs[PS_CONCEPTS[scale][0].lower()].concept_id, when, float(value), None, None, None)
        profile["performance_status"] = {"scale": scale, "value": value, "date": when.isoformat()}
    return profile


CANDIDATES = 0.15
"""Share of persons made to pass the trials' typed bounds (observed, ECOG 0, every lab bound met),
so verdicts of persons who may be eligible are compared too."""


def _candidate(rng, omop, pid, as_of, by_domain, focused, labs, units, bounds, ids) -> dict:
    """An adult observed from birth, ECOG 0, a result meeting every main lab bound, one or two
    drug exposures long ago, and nothing else."""
    born = as_of - timedelta(days=rng.randrange(30 * 365, 60 * 365))
    gender = rng.choice((MALE, FEMALE))
    omop.add("person", pid, gender, born.year, born.month, born.day, None)
    omop.add("observation_period", next(ids), pid, born, as_of + timedelta(days=365))
    profile: dict[str, Any] = {
        "birth_date": born.isoformat(), "sex": "male" if gender == MALE else "female",
        "complete": ["conditions", "therapies", "medications", "procedures"],
        "conditions": [], "therapies": [], "medications": [], "procedures": [], "labs": [],
    }
    for _ in range(rng.randrange(1, 3)):
        c = _pick(rng, "Drug", by_domain, focused)
        start = as_of - timedelta(days=rng.randrange(400, 2000))
        end = start + timedelta(days=rng.randrange(20, 120))
        omop.add("drug_exposure", next(ids), pid, c.concept_id, start, end)
        record = {"name": c.name, "start": start.isoformat(), "end": end.isoformat()}
        profile["therapies"].append(record)
        profile["medications"].append(dict(record))
    seen: set[str] = set()
    for analyte, spec in bounds:
        if analyte not in seen and spec.kind != "alternative":
            seen.add(analyte)
            _lab(rng, omop, profile, pid, as_of, labs, units, (analyte, spec), ids, meet=True)
    when = as_of - timedelta(days=3)
    omop.add("measurement", next(ids), pid, labs[PS_CONCEPTS["ECOG"][0].lower()].concept_id, when, 0.0, None, None, None)
    profile["performance_status"] = {"scale": "ECOG", "value": 0, "date": when.isoformat()}
    return profile


_MEET = {">=": 1.1, ">": 1.1, "<=": 0.9, "<": 0.9, "==": 1.0}


def _lab(rng, omop, profile, pid, as_of, labs, units, bound, ids, meet: bool = False) -> None:
    """A result on, just beside, or far from a bound (inside it when ``meet``), in a unit the
    analyte converts to."""
    analyte, spec = bound
    entry = lab_lexicon().get(analyte)
    if entry is None:
        return
    concept = labs[entry.name.lower()] if rng.random() < 0.8 or not entry.loinc else labs[f"coded test {entry.loinc}"]
    code, unit, factor = rng.choice(_units_for(spec, entry))
    edge = rng.choice([spec.value] + ([spec.value_high] if spec.value_high is not None else []))
    nudge = rng.choice((0.0, 0.0, 1e-12, -0.01, 0.01, -0.3, 0.5, 2.0))
    if meet:
        between = spec.op == "between" and spec.value_high is not None
        edge = (spec.value + spec.value_high) / 2 if between else spec.value
        nudge = 0.0 if between else _MEET[spec.op] - 1.0
    uln = lln = None
    if spec.relative_to and (meet or rng.random() < 0.7):
        uln, lln = round(rng.uniform(20, 60), 1), round(rng.uniform(1, 10), 1)
        limit = uln if spec.relative_to == "ULN" else lln
        value = edge * limit * (1 + nudge)
    else:
        value = edge * factor * (1 + nudge) if not spec.relative_to else rng.uniform(0, 200)
    value = float(value)
    when = as_of - timedelta(days=rng.choice((0, 0, 3, 10, 40)))
    unit_id = units[code].concept_id if code else None
    omop.add("measurement", next(ids), pid, concept.concept_id, when, value, unit_id, lln, uln)
    lab: dict[str, Any] = {"value": value, "date": when.isoformat()}
    lab |= {"code": f"LOINC:{entry.loinc}"} if concept.name.startswith("Coded test") else {"name": concept.name}
    if unit is not None:
        lab["unit"] = unit
    if uln is not None:
        lab |= {"uln": uln, "lln": lln}
    profile["labs"].append(lab)


def _units_for(spec: Any, entry: Any) -> list[tuple[str | None, str | None, float]]:
    """(UCUM code, pint unit, factor from the bound's unit) for each unit the result may be written in."""
    context = tuple(entry.context or ())
    if spec.relative_to:  # a multiple of the lab's own limit: any unit of the analyte
        found = [(c, u, 1.0) for c, u in ucum_units().items() if u and entry.unit and _converts(entry.unit, u)]
    elif spec.unit is None:  # a ratio or a score
        found = [(c, None, 1.0) for c, u in ucum_units().items() if u is None]
    else:
        found = []
        for c, u in ucum_units().items():
            if u is not None and _converts(spec.unit, u, context):
                found.append((c, u, conversion_factor(spec.unit, u, context)))
    return found or [(None, None, 1.0)]


def _converts(source: str, target: str, context: tuple[str, ...] = ()) -> bool:
    try:
        conversion_factor(source, target, context)
    except ValueError:
        return False
    return True


def write_csv(omop: Omop, directory: str | Path) -> Path:
    """One ``<table>.csv`` per CDM table (what ``criteria omop-load`` reads)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for table, columns in COLUMNS.items():
        with (directory / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([name for name, _ in columns])
            writer.writerows(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row] for row in omop.rows[table])
    return directory


def write_duckdb(con: Any, omop: Omop, schema: str | None = None) -> None:
    """Create the CDM tables on a DuckDB connection and fill them (through a temporary CSV dir)."""
    import tempfile

    from .load import load_csv_dir

    with tempfile.TemporaryDirectory() as tmp:
        load_csv_dir(con, write_csv(omop, tmp), schema=schema)
