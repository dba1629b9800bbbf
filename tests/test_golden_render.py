"""Golden files: the seed trial rendered in plain English, end to end (record → tree → text).

Regenerate with ``make golden`` and read the diff before committing.
"""

import pytest

import criteria
from conftest import DATA, GOLDEN, check_golden


@pytest.mark.parametrize("style", ["patient", "clinician"])
def test_seed_trial_in_plain_english(style, update_golden):
    tree = criteria.parse_study((DATA / "NCT06893783.study.json").read_bytes())
    check_golden(GOLDEN / f"NCT06893783.{style}.txt", criteria.render(tree, style=style), update_golden)
