"""Issue 11: "insulin naïve", "ART-naïve", "naïve to raltegravir" say the medication was never taken
(parse/compose/join.py, ``_naive_after``, ``_ever_given``). Before a medication the word "naïve" had
been left unread beside it, and the criterion asked for the insulin; "naïve to X" had denied only current
use. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


@pytest.mark.parametrize("body, drug", [
    ("Insulin naive", "insulin"),
    ("ART-naïve adults", "antiretroviral_therapy"),
    ("Patients must be metformin naïve", "metformin"),
    ("Naive to raltegravir", "raltegravir"),
])
def test_a_naive_medication_was_never_taken(body, drug):
    rule = criterion_of(body).rule
    denied = next(n for n in rule.walk() if n.kind == "not")
    assert (denied.item.kind, denied.item.name, denied.item.status) == ("medication", drug, ("history",))
    assert not any(n.kind == "medication" and n.status != ("history",) for n in rule.walk())


def test_each_drug_a_naivete_lists_was_never_taken():
    rule = criterion_of("Naive to darunavir, etravirine or raltegravir").rule
    assert [n.status for n in rule.walk() if n.kind == "medication"] == [("history",)] * 3


@pytest.mark.parametrize("medications, verdict", [
    ([], "met"),
    ([{"name": "insulin glargine", "end": "2020-01-01"}], "not_met"),  # taken before, stopped: not naïve
])
def test_insulin_naive_asks_for_no_insulin_ever(medications, verdict):
    profile = {"medications": medications, "complete": ["medications"]}
    got = verdict_of("Insulin naive", profile, as_of=None)
    assert str(getattr(got, "value", got)) == verdict
