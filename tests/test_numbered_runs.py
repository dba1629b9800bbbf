"""Numbered lists flattened onto a line: each number is a criterion of its own.

Web pages and some registries run a numbered list on ("1. Age 18 to 70 2. Signed consent
3. No diabetes"), or bullet a list that is already numbered ("-  4. Known HIV"). Read as one
criterion, an exclusion's items would exclude only a patient with all of them, and the numbers
would be left over as words nobody read.
"""

from criteria import evaluate, parse_criteria


def texts(criteria):
    return [c.text for c in criteria]


def test_items_run_on_after_a_number_are_cut_at_each_next_number():
    tree = parse_criteria(
        "Exclusion Criteria: 1. Active hepatitis B 2. Known HIV infection 3. Pregnant or breastfeeding"
    )
    assert texts(tree.exclusion) == ["Active hepatitis B", "Known HIV infection", "Pregnant or breastfeeding"]


def test_a_run_on_exclusion_excludes_for_any_one_item():
    tree = parse_criteria("Exclusion Criteria:\n\n 1. Known HIV infection. 2. Active hepatitis B infection.")
    patient = {"age": 50, "conditions": [{"name": "HIV infection", "status": "active"}],
               "complete": ["conditions"]}
    result = evaluate(tree, patient)
    assert [c.verdict for c in result.criteria] == ["met", "not_met"]
    assert result.status == "ineligible"


def test_the_run_continues_across_wrapped_lines_and_sentence_ends():
    tree = parse_criteria(
        "Inclusion Criteria:\n\n"
        "  1. Signed informed consent. 2. ECOG performance status 0 or 1. 3. Adequate\n"
        "     renal function\n"
        "  4. Age 18 years or older 5. Life expectancy of at least 3 months"
    )
    assert texts(tree.inclusion) == [
        "Signed informed consent.", "ECOG performance status 0 or 1.", "Adequate\n     renal function",
        "Age 18 years or older", "Life expectancy of at least 3 months",
    ]


def test_a_bulleted_numbered_item_loses_its_number():
    tree = parse_criteria("Exclusion Criteria:\n\n  -  7. Known HIV infection\n\n  -  8. Prior organ transplant")
    assert texts(tree.exclusion) == ["Known HIV infection", "Prior organ transplant"]
    rules = [n for c in tree.criteria() for n in c.rule.walk()]
    assert not any(n.kind == "unparsed" for n in rules)


def test_a_number_a_word_owns_or_out_of_sequence_does_not_cut():
    tree = parse_criteria(
        "Inclusion Criteria:\n\n"
        "  1. Toxicity of prior therapy resolved to grade 1 or 2. Patients with alopecia may enter\n"
        "  2. Measurable disease at visit 3. Baseline scans within 28 days\n"
        "  3. Hemoglobin at least 9 g/dL 7. Platelets at least 100,000/mm3"
    )
    assert len(tree.inclusion) == 3
    assert tree.inclusion[0].text.endswith("may enter")


def test_an_enumeration_inside_a_sentence_with_no_numbered_item_before_it_stays_whole():
    tree = parse_criteria(
        "Exclusion Criteria:\n\n"
        "* Use within 14 days of: 1) topical steroids, 2) topical retinoids, or 3) phototherapy"
    )
    assert len(tree.exclusion) == 1


def test_nested_items_stay_under_the_last_part_of_a_cut_item():
    tree = parse_criteria(
        "Inclusion Criteria:\n\n"
        "  1. Age 18 years or older 2. Adequate organ function:\n"
        "       a. Hemoglobin at least 9 g/dL\n"
        "       b. Platelets at least 100,000/mm3\n"
        "  3. Signed informed consent"
    )
    assert texts(tree.inclusion) == ["Age 18 years or older", "Adequate organ function:", "Signed informed consent"]
    assert len(tree.inclusion[1].subcriteria) == 2


def test_a_number_inside_a_parenthesis_does_not_cut():
    tree = parse_criteria(
        "Inclusion Criteria:\n\n"
        "  4. Sleep (item 4) or appetite (item 5) > 3 at screening\n"
        "  5. Signed informed consent"
    )
    assert len(tree.inclusion) == 2


def test_a_number_closing_a_line_opens_the_item_the_next_line_goes_on_with():
    tree = parse_criteria(
        "Exclusion Criteria:\n\n"
        "  1. Known human immunodeficiency virus infection at any time; 2.\n"
        "     Active hepatitis B infection; 3. Pregnancy"
    )
    assert texts(tree.exclusion) == [
        "Known human immunodeficiency virus infection at any time;", "Active hepatitis B infection;", "Pregnancy",
    ]


# --- marks counting a list's members inside a sentence ---------------------------------------

from evaluate_helpers import nodes_of, numbers_left  # noqa: E402


def kinds_and_names(body: str) -> list[tuple[str, str | None]]:
    return [(n.kind, getattr(n, "name", None)) for n in nodes_of(body)]


def test_counted_members_of_a_list_read_as_the_list():
    counted = kinds_and_names("Prior therapy with a) cisplatin or b) carboplatin")
    plain = kinds_and_names("Prior therapy with cisplatin or carboplatin")
    assert counted == plain
    assert counted[0] == ("any_of", None)


def test_counted_members_without_separators_are_still_alternatives():
    nodes = kinds_and_names("Any of: 1) prior stroke 2) heart failure 3) diabetes")
    assert nodes[0] == ("any_of", None)
    assert {name for _, name in nodes[1:]} == {"stroke", "congestive_heart_failure", "diabetes_mellitus"}


def test_parenthesised_counts_leave_no_number_unread():
    assert numbers_left("Myocardial infarction (1), stroke (2) or heart failure (3) within 6 months") == []
    assert numbers_left("(1) myocardial infarction, (2) stroke, or (3) heart failure within 6 months") == []


def test_a_number_closed_by_its_own_parenthesis_is_no_mark():
    # "(grade 1)" and "(2)" alone count nothing: the first is a grade, the second no run
    assert numbers_left("Peripheral neuropathy (grade 2) or worse") == []
    assert any(n.kind == "unparsed" for n in nodes_of("Toxicity of grade 3 (2) or more"))
