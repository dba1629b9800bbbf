"""Qualifiers: which kind of an event the text asks for ("systemic" chemotherapy, "invasive"
breast cancer), read into the event (issue 11, item 7) and settled by what a record states."""

from datetime import date

import pytest

import criteria
from criteria.errors import ResourceError
from criteria.qualifiers import QualifierLexicon, Qualifying, qualifier_lexicon
from evaluate_helpers import sql_parity

AS_OF = date(2026, 12, 1)


def _rule(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return tree, (tree.exclusion if section == "Exclusion" else tree.inclusion)[0].rule


def _events(node):
    if node.kind in ("condition", "prior_therapy", "medication", "procedure"):
        yield node
    for name, value in node:
        if isinstance(value, criteria.nodes.Node):
            yield from _events(value)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, criteria.nodes.Node):
                    yield from _events(item)


def _unparsed(node) -> str:
    if node.kind == "unparsed":
        return node.text
    return " ".join(_unparsed(v) for _, v in node if isinstance(v, criteria.nodes.Node)) + " ".join(
        _unparsed(i) for _, v in node if isinstance(v, tuple) for i in v if isinstance(i, criteria.nodes.Node))


@pytest.mark.parametrize("text, kind, axis, values", [
    ("Systemic cytotoxic chemotherapy within 90 days prior to study entry", "prior_therapy", "route", ("systemic",)),
    ("History of invasive breast cancer", "condition", "behaviour", ("invasive",)),
    ("Prior oral or intravenous bisphosphonates", "medication", "route", ("oral", "intravenous")),
    ("Congenital long QT syndrome", "condition", "inheritance", ("congenital",)),
    ("Curative resection performed", "procedure", "intent", ("curative",)),
    ("Distant metastasis", "condition", "extent", ("distant",)),
    ("Non-invasive bladder cancer", "condition", "behaviour", ("in situ",)),
])
def test_a_qualifier_before_its_term_is_read_into_the_event(text, kind, axis, values):
    tree, rule = _rule(text)
    [event] = [e for e in _events(rule) if e.qualifiers]
    assert event.kind == kind
    [qualifier] = event.qualifiers
    assert (qualifier.axis, qualifier.values) == (axis, values)
    # the qualifier points at its words, and the event's span holds them
    assert qualifier.span.start >= event.span.start and qualifier.span.end <= event.span.end
    assert "unparsed" not in rule.model_dump_json() or values[0] not in _unparsed(rule).lower()


def test_the_qualifier_span_slices_its_words():
    source = "Exclusion Criteria:\n\n* Prior oral or intravenous bisphosphonates\n"
    tree = criteria.parse_criteria(source)
    [event] = list(_events(tree.exclusion[0].rule))
    assert event.qualifiers[0].span.slice(source) == "oral or intravenous"


@pytest.mark.parametrize("text, word", [
    ("Diagnosis of non-muscle invasive urothelial carcinoma", "invasive"),  # "non" denies the whole compound
    ("muscle-invasive bladder cancer", "invasive"),
    ("Known invasive scirrhous breast cancer", "invasive"),  # a word between: not read, kept
])
def test_a_qualifier_in_a_compound_or_apart_from_its_term_is_not_read_and_not_lost(text, word):
    _, rule = _rule(text, "Inclusion")
    assert not any(e.qualifiers for e in _events(rule))
    assert word in _unparsed(rule).lower()


def test_qualifiers_of_two_axes_stand_together_before_the_term():
    _, rule = _rule("Known invasive ductal breast cancer", "Inclusion")
    assert sorted(q.axis for q in rule.qualifiers) == ["behaviour", "histology"]


def test_a_route_does_not_qualify_a_condition():
    _, rule = _rule("Oral mucositis of grade 3")
    assert not any(q.axis == "route" for e in _events(rule) for q in e.qualifiers)


def _verdict(text: str, patient: dict, section: str = "Exclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return criteria.evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict.value


@pytest.mark.parametrize("record, verdict", [
    ("systemic chemotherapy", "met"),
    ("intravenous chemotherapy", "met"),  # a kind of systemic
    ("intravesical chemotherapy", "not_met"),  # a contrast: local
    ("chemotherapy", "unknown"),  # the record does not say
])
def test_a_record_settles_a_route_by_what_it_states(record, verdict):
    patient = {"therapies": [{"name": record, "start": "2026-11-01"}], "complete": ["therapies"]}
    assert _verdict("Systemic cytotoxic chemotherapy within 90 days", patient) == verdict


@pytest.mark.parametrize("condition, qualifiers, verdict", [
    ("invasive breast cancer", (), "met"),
    ("breast cancer", ("invasive",), "met"),
    ("breast cancer", ("in situ",), "not_met"),
    ("non-invasive breast cancer", (), "not_met"),  # "invasive" after "non" is not stated
    ("breast cancer", (), "unknown"),
])
def test_a_record_settles_invasiveness_by_its_name_or_qualifiers(condition, qualifiers, verdict):
    patient = {"conditions": [{"name": condition, "qualifiers": list(qualifiers)}], "complete": ["conditions"]}
    assert _verdict("History of invasive breast cancer", patient) == verdict


def test_alternatives_are_any_of_and_silence_still_clears():
    taken = {"medications": [{"name": "intravenous bisphosphonate"}], "complete": ["medications"]}
    assert _verdict("Prior oral or intravenous bisphosphonates", taken) == "met"
    topical = {"medications": [{"name": "topical corticosteroid cream"}], "complete": ["medications"]}
    assert _verdict("Current use of oral corticosteroids", topical) == "not_met"
    none = {"medications": [], "complete": ["medications"]}
    assert _verdict("Current use of oral corticosteroids", none) == "not_met"


def test_qualifiers_are_rendered_and_in_records():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Systemic cytotoxic chemotherapy within 90 days\n")
    assert "systemic chemotherapy" in criteria.render.render(tree, "patient")
    records = criteria.records(tree) if hasattr(criteria, "records") else None
    if records is None:
        from criteria.tree.records import records as to_records
        records = to_records(tree)
    [row] = [r for r in records if r.get("field") == "chemotherapy"]
    assert row["qualifiers"] == [{"axis": "route", "values": ["systemic"]}]


def test_the_tree_round_trips_through_json():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior oral or intravenous bisphosphonates\n")
    again = type(tree).model_validate_json(tree.model_dump_json())
    assert again == tree


def test_the_lexicon_relations():
    lexicon = qualifier_lexicon()
    assert "oral" in lexicon.narrower("systemic") and "intravenous" in lexicon.narrower("systemic")
    assert "topical" in lexicon.contrasts("systemic") and "topical" in lexicon.contrasts("oral")
    assert "intravenous" in lexicon.contrasts("oral")  # oral contrasts parenteral, a kind of which is intravenous
    wanted, against = lexicon.wanted_and_against(("systemic", "intravesical"))
    assert "intravesical" in wanted and "intravesical" not in against and "topical" in against


@pytest.mark.parametrize("rows, message", [
    ([Qualifying(value="a", axis="x", phrases=("a",), kinds=("condition",), contrasts=("b",))], "no value"),
    ([Qualifying(value="a", axis="x", phrases=("a",), kinds=("condition",)),
      Qualifying(value="b", axis="y", phrases=("b",), kinds=("condition",), within="a")], "different axes"),
    ([Qualifying(value="a", axis="x", phrases=("a",), kinds=("condition",)),
      Qualifying(value="b", axis="x", phrases=("a",), kinds=("condition",))], "two values"),
    ([Qualifying(value="her2-positive", axis="her2", phrases=("her2+",), kinds=("condition",))], "holds '\\+'"),
])
def test_a_bad_lexicon_is_refused_with_a_message(rows, message):
    with pytest.raises(ResourceError, match=message):
        QualifierLexicon(rows)


def test_sql_reads_qualifiers_as_the_evaluator_does():
    tree = criteria.parse_criteria(
        "Exclusion Criteria:\n\n* Systemic cytotoxic chemotherapy within 90 days\n* History of invasive breast cancer\n"
        "* Current use of oral corticosteroids\n* Prior bilateral oophorectomy\n* Major surgery within 4 weeks\n"
    )
    assert sum(bool(e.qualifiers) for c in tree.exclusion for e in _events(c.rule)) >= 3
    differences, seen = sql_parity(tree, 600, seed=3, as_of=AS_OF)
    assert differences == []
    assert seen[0] and seen[1] and seen[2], seen  # met, not met and unknown all occur


@pytest.mark.parametrize("text, values", [
    ("Moderate to severe hepatic impairment", ("moderate", "severe")),
    ("Mild to severe asthma", ("mild", "moderate", "severe")),  # a range holds every value between
    ("Mild, moderate, or severe renal impairment", ("mild", "moderate", "severe")),
    ("Moderate or severe liver disease", ("moderate", "severe")),
])
def test_a_severity_range_is_any_of_its_values(text, values):
    _, rule = _rule(text)
    [event] = list(_events(rule))
    assert [(q.axis, q.values) for q in event.qualifiers] == [("severity", values)]
    assert "severe" not in event.status and rule.kind == "condition"  # nothing left over


def test_a_lone_severe_stays_a_status():
    _, rule = _rule("Severe hepatic impairment")
    assert rule.status == ("severe",) and rule.qualifiers == ()


@pytest.mark.parametrize("qualifier, verdict", [("moderate", "met"), ("mild", "not_met"), (None, "unknown")])
def test_a_record_settles_severity_by_what_it_states(qualifier, verdict):
    record = {"name": "liver disease", "qualifiers": [qualifier] if qualifier else []}
    patient = {"conditions": [record], "complete": ["conditions"]}
    assert _verdict("Moderate to severe hepatic impairment", patient) == verdict
