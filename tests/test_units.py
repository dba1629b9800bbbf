"""The clinical pint registry: conversions, contexts, caching, and the lexicons' units."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from criteria import units
from criteria.errors import ResourceError
from criteria.labs import LabEntry, UnitEntry, lab_lexicon, marks, unit_lexicon
from criteria.units import UnitError, compatible, convert, factor, parse_unit, satisfies


@pytest.mark.parametrize(
    ("value", "source", "target", "context", "expected"),
    [
        (1.5, "10^9/L", "1/uL", None, 1500.0),  # ANC 1.5 x 10^9/L = 1500/uL
        (1.5, "10^9/L", "1/mm^3", None, 1500.0),
        (100, "10^9/L", "10^3/uL", None, 100.0),
        (1, "G_per_L", "10^9/L", None, 1.0),
        (9, "g/dL", "g/L", None, 90.0),  # hemoglobin 9 g/dL = 90 g/L
        (1.5, "mg/dL", "umol/L", "creatinine", 132.6),  # creatinine 1.5 mg/dL = 132.6 umol/L
        (88.4, "umol/L", "mg/dL", "creatinine", 1.0),
        (100, "mg/dL", "mmol/L", "glucose", 5.55),  # glucose 100 mg/dL = 5.55 mmol/L
        (7.0, "mmol/L", "mg/dL", "glucose", 126.1),
        (1.0, "mg/dL", "umol/L", "bilirubin", 17.1),
        (10, "mg/dL", "mmol/L", "calcium", 2.495),
        (10, "mg/dL", "mEq/L", ("calcium", "divalent_ion"), 4.99),
        (140, "mEq/L", "mmol/L", "monovalent_ion", 140.0),
        (20, "mg/dL", "mmol/L", "urea", 7.14),  # BUN
        (9, "g/dL", "mmol/L", "hemoglobin", 5.585),
        (40, "IU/L", "U/L", "enzyme_activity", 40.0),
        (30, "mL/min/(1.73 m^2)", "mL/min/sBSA", None, 30.0),
        (3, "ULN", "ULN", None, 3.0),
        (50, "percent", "%", None, 50.0),
    ],
)
def test_conversions(value, source, target, context, expected):
    assert convert(value, source, target, context) == pytest.approx(expected, rel=2e-3)


def test_round_trip_through_a_context_is_exact_enough():
    there = convert(1.5, "mg/dL", "umol/L", "creatinine")
    assert convert(there, "umol/L", "mg/dL", "creatinine") == pytest.approx(1.5, rel=1e-12)


@pytest.mark.parametrize(
    ("source", "target", "context"),
    [
        ("ULN", "mg/dL", None),  # a multiple of the ULN never silently becomes an absolute value
        ("LLN", "ULN", None),
        ("mg/dL", "umol/L", None),  # mass <-> substance needs the analyte's molar mass
        ("mEq/L", "mmol/L", None),  # equivalents need the ion's valence
        ("IU/L", "U/L", None),
        ("mL/min", "mL/min/(1.73 m^2)", None),  # BSA-normalised clearance is not a clearance
    ],
)
def test_incompatible_units_do_not_convert(source, target, context):
    assert not compatible(source, target, context)
    with pytest.raises(UnitError) as caught:
        factor(source, target, context)
    assert isinstance(caught.value, ValueError)  # callers may catch the builtin


def test_unknown_unit_is_a_clear_error():
    with pytest.raises(UnitError, match="not a unit"):
        parse_unit("furlongs per fortnight squared (!)")


def test_unit_strings_are_parsed_once_and_factors_cached():
    parse_unit.cache_clear()
    factor.cache_clear()
    for _ in range(50):
        convert(1.5, "mg/dL", "umol/L", "creatinine")
    assert factor.cache_info().misses == 1
    assert parse_unit.cache_info().misses == 2


def test_one_registry_for_the_library():
    assert units.registry() is units.registry()
    assert parse_unit("g/dL")._REGISTRY is units.registry()


def test_satisfies_compares_in_the_bound_unit():
    assert satisfies(1600, "1/uL", ">=", 1.5, "10^9/L")
    assert not satisfies(1400, "1/uL", ">=", 1.5, "10^9/L")
    assert satisfies(120, "umol/L", "<", 1.5, "mg/dL", "creatinine")
    with pytest.raises(UnitError):
        satisfies(1, "1/uL", "about", 1, "1/uL")


# --- the lexicons -------------------------------------------------------------------------


def test_lab_lexicon_size_and_units():
    lexicon = lab_lexicon()
    assert len(lexicon) >= 100
    for entry in lexicon.values():
        if entry.unit:
            parse_unit(entry.unit)
        for context in entry.context:
            assert context in units.registry()._contexts, (entry.field, context)
        if entry.reference is not None:
            assert entry.reference.default is True


def test_lab_lexicon_canonical_fields_of_the_issue():
    wanted = {"anc", "wbc", "lymphocytes", "platelets", "hemoglobin", "creatinine", "crcl", "egfr",
              "total_bilirubin", "direct_bilirubin", "ast", "alt", "alp", "albumin", "ggt", "inr", "pt", "aptt",
              "hba1c", "glucose", "potassium", "sodium", "magnesium", "calcium", "phosphate", "lipase", "amylase",
              "ldh", "uric_acid", "tsh", "free_t4", "lvef", "qtc", "qtcf", "troponin", "bnp", "nt_probnp", "psa",
              "testosterone", "cd4", "hiv_viral_load", "hbv_dna", "hcv_rna", "spo2", "bmi", "weight", "sbp",
              "dbp", "heart_rate", "urine_protein_24h"}
    assert wanted <= set(lab_lexicon())
    assert lab_lexicon()["anc"].loinc == "751-8"
    assert lab_lexicon()["creatinine"].context == ("creatinine",)


def test_lexicon_rows_are_validated():
    good = dict(field="x", name="x", kind="lab", loinc=None, names=["x"], abbreviations=[], unit="mg/dL")
    LabEntry.model_validate(good)
    for bad in ({"unit": "bananas"}, {"loinc": "12345"}, {"kind": "vital"}, {"names": [], "abbreviations": []},
                {"reference": {"low": 1, "high": 2, "unit": "mg/dL", "default": False}}):
        with pytest.raises(ValidationError):
            LabEntry.model_validate({**good, **bad})
    with pytest.raises(ValidationError):
        UnitEntry.model_validate({"unit": "10^9/elephants", "forms": ["x"]})


def test_unit_lexicon_phrases_mean_one_thing():
    assert len(unit_lexicon()) >= 40
    table = marks()
    assert len({(m.phrase if m.exact else m.phrase.lower(), m.exact) for m in table}) == len(table)


def test_a_broken_shipped_file_is_a_resource_error(monkeypatch, tmp_path):
    from criteria import resources

    bad = tmp_path / "data" / "lexicons"
    bad.mkdir(parents=True)
    (bad / "labs.jsonl").write_text('{"field": "Bad Field"}\n', encoding="utf-8")
    monkeypatch.setattr(resources, "_package_dir", lambda: tmp_path)
    with pytest.raises(ResourceError, match="labs.jsonl:1"):
        resources.load_jsonl("lexicons/labs.jsonl", LabEntry)
