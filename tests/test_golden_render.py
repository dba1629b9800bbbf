"""Golden files: the seed trial rendered in plain English, end to end (record → tree → text).

Regenerate with ``pytest tests/test_golden_render.py --update-golden`` (or ``make golden``)
and read the diff before committing.
"""

from pathlib import Path

import pytest

import criteria

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("style", ["patient", "clinician"])
def test_seed_trial_in_plain_english(style, update_golden):
    tree = criteria.parse_study((DATA / "NCT06893783.study.json").read_bytes())
    rendered = criteria.render(tree, style=style)
    golden = GOLDEN / f"NCT06893783.{style}.txt"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert golden.is_file(), f"{golden.name} is missing; create it with --update-golden"
    assert rendered == golden.read_text(encoding="utf-8")
