"""Issue 12: "gestational age of 37 to 42 weeks" is the pregnancy's (or the newborn's) gestational age,
never the patient's own age. The age cue "age of" had won over the measure's name, so a pregnant
woman was asked to be 37 to 42 weeks old. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of


@pytest.mark.parametrize("body, op, value", [
    ("Gestational age of 37 to 42 weeks", "between", 37),
    ("Singleton pregnancy with a gestational age of at least 24 weeks", ">=", 24),
    ("Gestational age < 32 weeks", "<", 32),
])
def test_a_gestational_age_is_a_measure_not_the_patients_age(body, op, value):
    rule = criterion_of(body, "Inclusion").rule
    kinds = {n.kind for n in rule.walk()}
    assert "age" not in kinds, str(rule)
    measure = next(n for n in rule.walk() if n.kind == "measure_threshold")
    assert (measure.analyte, measure.op, measure.value) == ("gestational_age", op, value), str(measure)
