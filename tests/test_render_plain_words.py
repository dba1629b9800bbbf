"""Plain words for patients: units spelled out, the glossary, the trial's own words cleaned, numbers for people."""

import pytest
from pydantic import ValidationError

from criteria.tree.nodes import PerformanceStatus
from criteria.render.english import sentence
from criteria.render.english_numbers import human_units
from criteria.render.english_source import clean, definitions
from criteria.render.plain_words import GlossaryEntry, UnitWords, scale_words, spell_out, unit_words


def test_units_read_as_words_and_unknown_units_stay_as_written():
    assert unit_words("10^9/L") == "billion per litre"
    assert unit_words("g/dL") == "grams per decilitre"
    assert unit_words("furlong/fortnight") is None and unit_words(None) is None


def test_the_glossary_says_what_a_performance_bound_means_in_daily_life():
    assert scale_words("ecog", 2).startswith("able to care for yourself")
    assert scale_words("lansky", 70) == scale_words("karnofsky", 70)
    ecog = PerformanceStatus(scale="ecog", op="between", value=0, value_high=1)
    assert sentence(ecog, "inclusion", "patient") == (
        "You must be able to do light work, even if hard physical activity is difficult "
        "(ECOG performance status 0 to 1).")
    # "ECOG ≥ 2" asks for illness, not an ability: the bound is said as written
    assert "able to" not in sentence(PerformanceStatus(scale="ecog", op=">=", value=2), "exclusion", "patient")
    assert sentence(ecog, "inclusion", "clinician") == "ECOG 0–1"


def test_glossary_rows_are_validated():
    with pytest.raises(ValidationError):
        GlossaryEntry(term="ULN", kind="slang", patient="x")
    with pytest.raises(ValidationError):
        UnitWords(unit="g/dL", patient="")
    assert spell_out("AST < 3 x ULN") == "AST < 3 x the upper limit of normal for the lab"


def test_short_forms_the_trial_defines_are_spelled_out_for_patients():
    text = "Symptomatic central nervous system (CNS) metastases.\nAny CNS disease is stable. SOC(Standard of Care) scans."
    found = definitions(text)
    assert found["CNS"] == "central nervous system" and found["SOC"] == "Standard of Care"
    assert clean("Any CNS disease is stable", "patient", found) == "Any central nervous system disease is stable"
    assert clean("central nervous system (CNS) metastases", "patient", found) == (
        "central nervous system (CNS) metastases")  # the definition itself is kept
    assert clean("Any CNS disease", "clinician", found) == "Any CNS disease"


def test_comparators_read_as_words_for_patients_only():
    written = "ANC \\>= 1.5 x 10^9/L, AST <3 x ULN, age ≥19, QTc > 470 ms"
    assert clean(written, "patient") == ("ANC at least 1.5 x 10^9/L, AST less than 3 times the upper limit of "
                                         "normal for the lab, age at least 19, QTc more than 470 ms")
    assert clean(written, "clinician") == "ANC >= 1.5 x 10^9/L, AST <3 x ULN, age ≥19, QTc > 470 ms"


@pytest.mark.parametrize(("reason", "expected"), [
    ("platelet count 65 10^9/L is not ≥ 100 10^9/L", "platelet count 65 × 10⁹/L is not ≥ 100 × 10⁹/L"),
    ("count 9e+04 1/mm^3 is low", "count 90,000/mm³ is low"),
    ("needs ≥ 30 mL/min/(1.73 m^2)", "needs ≥ 30 mL/min/(1.73 m²)"),
    ("oxygen saturation 97 % is > 90 percent", "oxygen saturation 97 % is > 90%"),
    ("bilirubin 20 umol/L", "bilirubin 20 µmol/L"),
    ("age 90 years (as stated) is > 85 years", "age 90 years (as stated) is > 85 years"),
])
def test_reasons_show_numbers_and_units_as_people_write_them(reason, expected):
    assert human_units(reason) == expected
