"""Plain-English rendering: sentences per section and style, logic, verbatim text, dispatch."""

from typing import Literal

import pytest

import criteria
from criteria.errors import InputValueError, UnsupportedError
from criteria.tree.nodes import RULE_CLASSES, Age, AgeBound, AllOf, AnyOf, Criterion, Node, Not
from criteria.render import english
from criteria.render.english import Clause, Context, sentence


def _tree(text: str) -> criteria.Criteria:
    return criteria.parse_criteria(text)


def _bound(value: float, inclusive: bool = True) -> AgeBound:
    return AgeBound(value=value, unit="year", inclusive=inclusive)


def test_inclusion_age_reads_as_you_must():
    tree = _tree("Inclusion Criteria:\n\n* Age ≥19 years at the time of signing the informed consent.\n")
    text = criteria.render(tree)
    assert "• You must be 19 years or older when you sign the consent form." in text


def test_exclusion_age_reads_as_you_cannot_take_part_if():
    tree = _tree("Inclusion Criteria:\n\n* Age 18 to 75 years\n\nExclusion Criteria:\n\n* Age \\> 75 years\n")
    text = criteria.render(tree)
    assert "• You must be between 18 and 75 years old." in text
    assert "• You cannot take part if you are older than 75 years." in text
    assert text.index("Who can take part (inclusion") < text.index("Who cannot take part (exclusion")


def test_clinician_style_is_terse_and_keeps_ids():
    tree = _tree("Inclusion Criteria:\n\n* Age ≥ 18 years\n\nExclusion Criteria:\n\n* Age < 12 months\n")
    text = criteria.render(tree, style="clinician")
    assert "Inclusion (all required)\nI1  Age ≥ 18 years\n" in text
    assert "Exclusion (any one excludes)\nE1  Age < 12 months\n" in text


def test_unparsed_text_is_quoted_whole_and_cleaned():
    tree = _tree("Inclusion Criteria:\n\n* Histologic grade \\> II\n")
    text = criteria.render(tree)
    assert "• The trial says: “Histologic grade > II”." in text  # markdown escape undone, words untouched
    assert "Words in quotation marks are the trial's own" in text
    assert "• “Histologic grade > II”." in criteria.render(tree, style="clinician").replace("I1  ", "• ")


@pytest.mark.parametrize(
    ("rule", "section", "expected"),
    [
        (Not(item=Age(low=_bound(18))), "inclusion", "You must not be 18 years or older."),
        (Not(item=Age(low=_bound(18))), "exclusion", "You cannot take part if you are not 18 years or older."),
        (AllOf(items=(Age(low=_bound(18)), Age(high=_bound(75, False)))), "inclusion",
         "You must be 18 years or older and younger than 75 years."),
        (AnyOf(items=(Age(high=_bound(10, False)), Age(low=_bound(80, False)))), "exclusion",
         "You cannot take part if you are younger than 10 years or older than 80 years."),
        # not (A or B) is "not A and not B": no brackets for a patient
        (Not(item=AnyOf(items=(Age(high=_bound(10, False)), Age(low=_bound(80, False))))), "inclusion",
         "You must not be younger than 10 years or older than 80 years."),
        (AllOf(items=(Age(low=_bound(18)), Not(item=Age(low=_bound(75, False))))), "inclusion",
         "You must be 18 years or older. You must not be older than 75 years."),
        (Age(low=_bound(6, True).model_copy(update={"unit": "month"}), high=_bound(6)), "inclusion",
         "You must be 6 months or older and 6 years or younger."),
        (Age(low=_bound(1), high=_bound(1)), "inclusion", "You must be 1 year old."),
    ],
)
def test_logic_reads_correctly_for_a_patient(rule, section, expected):
    assert sentence(rule, section, "patient") == expected


def test_a_criterion_read_in_part_is_quoted_whole_then_what_we_check():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Age ≥ 18 years, ambulatory\n")
    text = criteria.render(tree)
    assert "• The trial says: “Age at least 18 years, ambulatory”. We check whether you are 18 years or older." in text
    assert "I1  “Age ≥ 18 years, ambulatory”. — checked: age ≥ 18 years" in criteria.render(tree, style="clinician")
    # the rule alone (no criterion text to quote) says what we check, never a fragment
    assert sentence(tree.inclusion[0].rule, "inclusion", "patient") == "We check whether you are 18 years or older."


def test_a_list_says_each_verb_once_and_each_thing_once():
    from criteria.tree.nodes import Condition

    now, before = Condition(name="pneumonitis"), Condition(name="pneumonitis", status=("history",))
    assert sentence(AnyOf(items=(now, before)), "inclusion", "patient") == "You must have or have had pneumonitis."
    assert sentence(AnyOf(items=(now, before)), "exclusion", "patient") == (
        "You cannot take part if you have or had pneumonitis.")
    sites = AnyOf(items=tuple(Condition(name="malignancy", site=s) for s in ("stomach", "bile_duct", "stomach")))
    assert sentence(sites, "inclusion", "patient") == "You must have cancer of the stomach or bile duct."
    assert sentence(sites, "inclusion", "clinician") == "Condition: cancer (stomach or bile duct)"
    general = AllOf(items=(Condition(name="malignancy"), Condition(name="malignancy", status=("relapsed",))))
    assert sentence(general, "inclusion", "patient") == "You must have relapsed cancer."


def test_nested_and_or_never_read_flat():
    from criteria.tree.nodes import Condition

    a, b, c, d = (Condition(name=n) for n in ("pneumonitis", "malignancy", "hiv_infection", "pleural_effusion"))
    assert sentence(AnyOf(items=(AllOf(items=(a, b)), AllOf(items=(c, d)))), "exclusion", "patient") == (
        "You cannot take part if either you have pneumonitis and cancer; or you have HIV infection and pleural effusion.")
    # one level only: commas as usual
    assert sentence(AnyOf(items=(a, b, c)), "exclusion", "patient") == (
        "You cannot take part if you have pneumonitis, cancer or HIV infection.")


def test_logic_in_clinician_style_keeps_structure():
    rule = Not(item=AnyOf(items=(Age(high=_bound(10, False)), Age(low=_bound(80, False)))))
    assert sentence(rule, "inclusion", "clinician") == "Not ((age < 10 years or age > 80 years))"


def test_lead_in_and_any_of_subcriteria():
    tree = _tree("Inclusion Criteria:\n\n* One of the following:\n  * Age ≥ 18 years\n  * Age ≤ 5 years\n")
    any_of = tree.model_copy(update={"inclusion": (tree.inclusion[0].model_copy(update={"subcriteria_logic": "any_of"}),)})
    lines = criteria.render(any_of).splitlines()
    lead = next(i for i, line in enumerate(lines) if "One of the following" in line)
    assert lines[lead] == "• “One of the following:” — at least one of these:"
    assert lines[lead + 1] == "  • You must be 18 years or older."


def test_cohorts_and_scoped_criteria_are_grouped():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Cohort 1 (adults): solid tumours\n* Cohort 2 (children): leukaemia\n* Age ≥ 1 year\n")
    text = criteria.render(tree)
    assert "This trial has separate groups (cohorts):\n• Cohort 1 — adults\n• Cohort 2 — children" in text
    assert "For Cohort 1:\n  • " in text and "For everyone:\n  • You must be 1 year or older." in text


def test_unknown_kind_raises_alone_and_is_quoted_in_a_document():
    class Mystery(Node):
        kind: Literal["mystery"] = "mystery"

    with pytest.raises(UnsupportedError, match="mystery"):
        english.phrase(Mystery(), Context("patient"))
    # inside a document a kind added later degrades to the criterion's own sentence, never to a splice
    rule = AllOf.model_construct(items=(Age(low=_bound(18)), Mystery()), kind="all_of", span=None)
    bad = Criterion.model_construct(id="I1", section="inclusion", text="Adults willing to \\> comply.", rule=rule,
                                    subcriteria=(), subcriteria_logic="all_of", scope=None, heading=None, span=None,
                                    kind="criterion", role="criterion")
    tree = criteria.Criteria.model_construct(text="?", inclusion=(bad,), exclusion=(), cohorts=(), notices=(),
                                             nct_id=None, structured=None, span=None, kind="criteria",
                                             schema_version="1.0")
    assert ("• The trial says: “Adults willing to > follow.” We check whether you are 18 years or older."
            in criteria.render(tree))
    assert "I1  “Adults willing to > comply.” — checked: age ≥ 18 years" in criteria.render(tree, style="clinician")


def test_extension_point_one_function_adds_a_kind():
    """How other node kinds plug in: register one function returning a Clause (docs/nodes.md)."""

    class Surgery(Node):
        kind: Literal["test_surgery"] = "test_surgery"
        days: int

    @english.renders("test_surgery")
    def _surgery(node, ctx):
        return Clause.had(f"major surgery in the {node.days} days before the first dose",
                          clinical=f"major surgery ≤ {node.days} d before first dose")

    try:
        node = Surgery(days=28)
        assert sentence(node, "exclusion", "patient") == (
            "You cannot take part if you had major surgery in the 28 days before the first dose.")
        assert sentence(node, "inclusion", "patient") == (
            "You must have had major surgery in the 28 days before the first dose.")
        assert sentence(Not(item=Age(low=_bound(1))), "exclusion", "patient").endswith("you are not 1 year or older.")
        assert english.phrase(node, Context("patient", "if", negated=True)) == (
            "you did not have major surgery in the 28 days before the first dose")
        assert sentence(node, "exclusion", "clinician") == "Major surgery ≤ 28 d before first dose"
        with pytest.raises(ValueError, match="already registered"):
            english.renders("test_surgery")(_surgery)
    finally:
        english.RENDERERS.pop("test_surgery")


def test_every_rule_kind_has_an_english_renderer():
    """A new node kind must come with its English form: this fails until it does."""
    missing = [cls.model_fields["kind"].default for cls in RULE_CLASSES
               if not english.supports(cls.model_fields["kind"].default)]
    assert missing == []


def test_unknown_style_is_a_value_error():
    with pytest.raises(InputValueError, match="patient, clinician"):
        criteria.render(_tree("Age ≥ 18"), style="pirate")  # type: ignore[arg-type]


def test_render_is_the_package_and_callable():
    import criteria.render.english as module  # the package name is not shadowed by the function

    assert module is english
    assert criteria.render(_tree("Age ≥ 18")) == english.render_english(_tree("Age ≥ 18"), "patient")
    with pytest.raises(TypeError):
        criteria.render("Age ≥ 18")  # type: ignore[arg-type]


def test_numbers_never_in_scientific_notation():
    assert english.number(100000.0) == "100000" and english.number(1.5) == "1.5" and english.number(0.25) == "0.25"


from hypothesis import given, settings
from hypothesis import strategies as st

_PIECES = st.sampled_from(["Inclusion Criteria:", "Exclusion Criteria:", "\n", "* ", "  * ", "Age ≥ 18 years",
                           "under 65", "or", "Cohort 1 (x):", "<b>&", "\\>", "•", " - ", "months", "consent"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=12), max_size=14).map(" ".join))
def test_any_text_renders_in_every_style_and_html_escapes(text):
    tree = criteria.parse_criteria(text)
    for style in ("patient", "clinician"):
        assert criteria.render(tree, style=style).endswith("\n")
    page = tree._repr_html_()
    assert "<b>&" not in page  # user text never becomes markup


def test_what_we_check_from_a_long_list_reads_as_short_sentences():
    from criteria.render.english_lists import MOST_OBJECTS, groups

    window = "in the 7 days before you start the study treatment"
    assert groups(["herbal medicine", f"a CYP3A inhibitor {window}", f"clarithromycin {window}"], "and") == [
        "herbal medicine", f"a CYP3A inhibitor and clarithromycin {window}"]  # the shared ending said once
    names = [f"drug {n}" for n in "ABCDEF"]
    assert MOST_OBJECTS == 3
    assert groups(names, "and") == ["drug A, drug B and drug C", "drug D, drug E and drug F"]
    assert groups(names[:4], "and") == ["drug A and drug B", "drug C and drug D"]  # 2 + 2, not 3 + 1
    assert groups(names[:3], "and") == ["drug A, drug B and drug C"]
    from conftest import DATA

    seed = criteria.parse_study((DATA / "NCT06893783.study.json").read_bytes())
    cyp3a = next(line for line in criteria.render(seed).splitlines() if "cytochrome P450 3A" in line)
    assert cyp3a.endswith("We check whether you took herbal medicine. We also check whether you took a CYP3A "
                          "inhibitor, clarithromycin, itraconazole and ketoconazole in the 7 days before you start "
                          "the study treatment."), cyp3a
