"""Golden trees: input text ⇄ expected tree without spans (regenerate: `make golden`)."""

from pathlib import Path

import pytest

from conftest import GOLDEN, check_golden, golden_json
from criteria import parse_criteria

EXAMPLES = Path(__file__).parent / "data"
CASES = sorted(p.stem for p in EXAMPLES.glob("*.txt"))


@pytest.mark.parametrize("name", CASES)
def test_golden_tree(name, update_golden):
    text = (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    check_golden(GOLDEN / f"{name}.json", golden_json(parse_criteria(text)), update_golden)


def test_seed_sections_counts_cohorts_and_age(seed_text):
    tree = parse_criteria(seed_text)
    # 45 exclusion items: exemption bullets (and their conditions) nest under the exclusion they
    # carve from, and three run-on exemptions are cut from the criterion that follows (issue 4);
    # the inclusion's three permission bullets ("… who recur are eligible", "… can be included")
    # nest the same way under the criterion they widen
    assert (len(tree.inclusion), len(tree.exclusion)) == (11, 34)
    assert tree.inclusion[0].text.startswith("Subject has provided informed consent")
    assert tree.exclusion[0].text.startswith("Symptomatic central nervous system (CNS) metastases")
    assert tree.exclusion[-1].text == "History or evidence of any other clinically significant disorder, condition or disease"
    assert [(c.name, c.label) for c in tree.cohorts] == [
        ("Cohort 1", "gastrointestinal and pancreaticobiliary cohort"),
        ("Cohort 2", "genitourinary cohort"),
    ]
    assert [c.scope for c in tree.inclusion[3:5]] == ["Cohort 1", "Cohort 2"]
    assert tree.cohorts[1].definition == "cancers originated from prostate, bladder, ureter, urethra, or kidney."
    ages = [r for r in tree.to_records() if r["field"] == "age"]
    assert [(r["criterion"], r["op"], r["value"], r["unit"]) for r in ages] == [("I2", ">=", 19.0, "year")]
    assert not tree.notices
