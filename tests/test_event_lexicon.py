"""The event lexicon and the grammar pieces of issue 4: validated data, declared terminals,
a conflict-free grammar, and the precedence between cue and event spans."""

import json

import pytest
from lark import Lark

from criteria import parse_criteria
from criteria.errors import ResourceError
from criteria.parse.grammar.facade import STARTS, _NoLexer, get_grammar, grammar_source
from criteria.parse.nlp.pipeline import EVENTS_KEY, build_nlp
from criteria.tree.nodes import Condition, PriorTherapy, TimeWindow
from criteria.resources import (
    EVENT_TERMINALS, EventConcept, event_lexicon, event_phrases, load_jsonl,
)


def test_every_concept_validates_and_each_phrase_names_one_concept():
    concepts = event_lexicon()
    assert len(concepts) > 150
    owners: dict[str, str] = {}
    for concept in concepts:
        for phrase in concept.phrases:
            assert owners.setdefault(phrase.lower(), concept.name) == concept.name


def test_sex_and_dose_unit_terms_carry_their_value():
    for concept in event_lexicon():
        if concept.kind in ("sex", "dose_unit"):
            assert concept.value, concept.name


def test_regular_plurals_are_added_but_never_steal_a_listed_phrase():
    phrases = dict(event_phrases())
    names = {i: c.name for i, c in enumerate(event_lexicon())}
    assert names[phrases["anticoagulants"]] == "anticoagulant"
    assert names[phrases["biopsies"]] == "biopsy"


def test_a_broken_row_is_a_resource_error(tmp_path, monkeypatch):
    bad = tmp_path / "data" / "lexicons"
    bad.mkdir(parents=True)
    (bad / "events.jsonl").write_text(json.dumps({"name": "X y", "kind": "condition", "phrases": ["x"]}) + "\n")
    monkeypatch.setattr("criteria.resources._package_dir", lambda: tmp_path)
    with pytest.raises(ResourceError, match="events.jsonl:1"):
        load_jsonl("lexicons/events.jsonl", EventConcept)


def test_every_event_terminal_is_declared_and_the_grammar_has_no_conflicts():
    declared = get_grammar().terminals
    assert set(EVENT_TERMINALS.values()) <= declared
    Lark(grammar_source(), parser="lalr", lexer=_NoLexer, start=list(STARTS), strict=True)


def test_event_marker_is_a_spacy_component():
    nlp = build_nlp()
    assert EVENTS_KEY in nlp.pipe_names
    doc = nlp("History of congestive heart failure")
    ((start, end, index),) = doc.user_data[EVENTS_KEY]
    assert doc[start:end].text == "congestive heart failure"
    assert event_lexicon()[index].name == "congestive_heart_failure"


def test_cue_wins_on_equal_length_and_event_on_longer():
    # "transplant" is an anchor cue and a procedure word: as an anchor it keeps the window's anchor
    tree = parse_criteria("Exclusion Criteria:\n\n* Graft-versus-host disease within 100 days after transplant\n")
    assert tree.exclusion[0].rule == Condition(
        name="graft_versus_host_disease",
        window=TimeWindow(high=100, unit="day", relation="after", anchor="transplant"),
    )
    # the longer event term wins over the shorter cue inside it
    tree = parse_criteria("Exclusion Criteria:\n\n* Prior allogeneic stem cell transplantation\n")
    assert tree.exclusion[0].rule == PriorTherapy(name="allogeneic_stem_cell_transplant", therapy_class="transplant")


def test_parser_never_raises_on_odd_event_text():
    odd = ["within within 3", "no no no brain metastases", "more than prior regimens", "except", "Exception:",
           "are eligible", "at least 0 of the following:", "prednisone <= mg/day", "within 1e9 days"]
    for text in odd:
        tree = parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
        assert tree.exclusion, text
    assert Condition(name="cns_metastases", code={"system": "SNOMED CT", "code": "94225005"}) in list(
        parse_criteria("Exclusion Criteria:\n\n* brain metastases\n").exclusion[0].rule.walk())


def test_no_two_rule_mixins_define_the_same_method():
    """The transformer is one class made of mixins: a name defined twice would silently win by MRO."""
    from criteria.parse.grammar.transformer import NodeBuilder

    mixins = [cls for cls in NodeBuilder.__mro__[1:] if cls.__module__.startswith("criteria.parse.grammar.")]
    seen: dict[str, str] = {}
    for mixin in mixins:
        for name in vars(mixin):
            if not name.startswith("__"):
                assert seen.setdefault(name, mixin.__name__) == mixin.__name__, f"{name} in {seen[name]} and {mixin.__name__}"


def test_each_family_sees_foreign_terminals_as_words():
    """An event term inside a lab criterion stays words to the threshold grammar, and the
    event grammar still reads it: "≤ 3 × ULN for Gilbert's syndrome"."""
    tree = parse_criteria("Inclusion Criteria:\n\n* Total bilirubin ≤ 1.5 × ULN (≤ 3 × ULN for Gilbert's syndrome)\n")
    nodes = list(tree.inclusion[0].rule.walk())
    threshold = next(n for n in nodes if n.kind == "lab_threshold")
    assert threshold.alternatives[0].condition == "Gilbert's syndrome"
    grammar = get_grammar()
    assert "EV_COND" not in grammar.vocabulary["threshold"] and "LAB" not in grammar.vocabulary["event"]


def test_a_parent_must_be_a_concept_of_the_same_kind_and_no_cycle():
    from criteria.errors import ResourceError
    from criteria.resources import EventConcept, _check_parents

    def concept(name, parent=None, kind="condition"):
        return EventConcept(name=name, kind=kind, phrases=(name,), parent=parent)

    def check(*concepts):
        _check_parents(concepts, {(c.kind, c.name) for c in concepts})

    check(concept("diabetes"), concept("type_1_diabetes", "diabetes"))
    with pytest.raises(ResourceError, match="not a condition concept"):
        check(concept("type_1_diabetes", "diabetes"))
    with pytest.raises(ResourceError, match="own ancestor"):
        check(concept("a", "b"), concept("b", "a"))

