"""The pipeline runs in stage order, each stage taking the previous one's typed output (issue 15)."""

from criteria import parse_criteria
from criteria.parse.assemble import assemble
from criteria.parse.compose import Composed, compose
from criteria.parse.grammar.read import Read, read
from criteria.parse.nlp.annotate import Annotated
from criteria.parse.pipeline import STAGES, run_until
from criteria.parse.sections import Sections
from criteria.tree.nodes import Criteria
from criteria.tree.spans import MappedText

TEXT = ("Inclusion Criteria:\n\n* Age >= 18 years\n* Cohort A: prostate cancer\n\n"
        "Exclusion Criteria:\n\n* Speaks English\n* Prior chemotherapy. Patients with prior hormonal therapy are eligible.\n")
TYPES = {"normalize": MappedText, "sectionize": Sections, "annotate": Annotated, "read": Read,
         "compose": Composed, "assemble": Criteria}


def test_each_stage_returns_its_own_type():
    assert tuple(TYPES) == STAGES
    for stage, kind in TYPES.items():
        assert isinstance(run_until(TEXT, stage), kind), stage


def test_the_last_stage_is_parse_criteria():
    assert run_until(TEXT, "assemble") == parse_criteria(TEXT)
    assert assemble(compose(read(run_until(TEXT, "annotate"), TEXT))).to_json() == parse_criteria(TEXT).to_json()


def test_read_lexes_only_items_a_rule_could_read():
    found = run_until(TEXT, "read")
    texts = [span.slice(TEXT) for span in found.spans]
    unread = texts.index("Speaks English")
    assert found.items[unread] is None and found.items[0].matches
    assert len(found.items) == len(found.lexemes) == len(found.spans) == len(found.annotated.sections.items)
    assert all((item is None) == (not lexemes) for item, lexemes in zip(found.items, found.lexemes))


def test_compose_gives_one_rule_per_item():
    composed = run_until(TEXT, "compose")
    assert len(composed.rules) == len(composed.remarks) == len(composed.read.items)
    assert composed.rules[0].kind == "age"
