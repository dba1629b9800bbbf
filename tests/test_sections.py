"""Stage 2: sections, one criterion per bullet, nesting, wraps, headings and scopes."""

import pytest

from criteria import parse_criteria

API_V2 = """Inclusion Criteria:

* Age ≥ 18 years
* Adequate organ function:
  * Absolute neutrophil count ≥ 1.5 × 10^9/L
  * Total bilirubin ≤ 1.5 × ULN (\\< 3 × ULN for Gilbert's syndrome)

Exclusion Criteria:

* Major surgery within 28 days prior to the first dose
"""

CLASSIC = """
        Inclusion Criteria:

          -  Histologically confirmed adenocarcinoma of the colon or rectum with measurable
             disease by RECIST 1.1 criteria and no prior chemotherapy for metastatic
             disease

          -  Age 18 years or older

               -  ECOG performance status 0 or 1

        Exclusion Criteria:

          -  Known brain metastases

          -  Pregnant or breast-feeding women
"""

FLATTENED = (
    "Inclusion Criteria: \\- Subject has provided informed consent. * Age ≥19 years at screening. "
    "* Adequate organ function, defined as follows: • Hematological function: ANC ≥ 1.5 x 10\\^9/L "
    "• Renal function: creatinine clearance ≥ 30 mL/min * Life expectancy of 12 weeks. "
    "Exclusion Criteria: * Known brain metastases * Prior therapy with tarlatamab"
)


def texts(criteria):
    return [" ".join(c.text.split()) for c in criteria]


def test_api_v2_markdown_bullets_and_nesting():
    tree = parse_criteria(API_V2)
    assert texts(tree.inclusion) == ["Age ≥ 18 years", "Adequate organ function:"]
    assert texts(tree.inclusion[1].subcriteria) == [
        "Absolute neutrophil count ≥ 1.5 × 10^9/L",
        "Total bilirubin ≤ 1.5 × ULN (\\< 3 × ULN for Gilbert's syndrome)",
    ]
    assert [c.id for c in tree.inclusion[1].subcriteria] == ["I2.1", "I2.2"]
    assert texts(tree.exclusion) == ["Major surgery within 28 days prior to the first dose"]
    assert tree.inclusion[1].rule is None  # a lead-in: its meaning is in its sub-bullets


def test_classic_text_rejoins_hard_wrapped_lines_and_nests_by_indent():
    tree = parse_criteria(CLASSIC)
    assert len(tree.inclusion) == 2 and len(tree.exclusion) == 2
    first = tree.inclusion[0]
    assert " ".join(first.text.split()) == (
        "Histologically confirmed adenocarcinoma of the colon or rectum with measurable disease by "
        "RECIST 1.1 criteria and no prior chemotherapy for metastatic disease"
    )
    assert texts(tree.inclusion[1].subcriteria) == ["ECOG performance status 0 or 1"]
    assert CLASSIC[first.span.start : first.span.end] == first.text


def test_flattened_text_splits_inline_bullets_and_headers():
    tree = parse_criteria(FLATTENED)
    assert texts(tree.inclusion) == [
        "Subject has provided informed consent.",
        "Age ≥19 years at screening.",
        "Adequate organ function, defined as follows:",
        "Life expectancy of 12 weeks.",
    ]
    assert texts(tree.inclusion[2].subcriteria) == [
        "Hematological function: ANC ≥ 1.5 x 10\\^9/L",
        "Renal function: creatinine clearance ≥ 30 mL/min",
    ]
    assert texts(tree.exclusion) == ["Known brain metastases", "Prior therapy with tarlatamab"]


@pytest.mark.parametrize(
    "header, section",
    [
        ("Inclusion Criteria:", "inclusion"),
        ("Key Inclusion Criteria", "inclusion"),
        ("INCLUSION CRITERIA:", "inclusion"),
        ("inclusion criteria:", "inclusion"),
        ("Patients must meet all of the following criteria:", "inclusion"),
        ("Exclusion Criteria:", "exclusion"),
        ("Key Exclusion Criteria:", "exclusion"),
        ("Exclusion criteria include:", "exclusion"),
        ("EXCLUSION CRITERIA", "exclusion"),
        ("Patients meeting any of the following criteria will be excluded:", "exclusion"),
    ],
)
def test_header_variants(header, section):
    tree = parse_criteria(f"{header}\n\n* Known brain metastases\n* Age >= 18 years\n")
    assert [c.section for c in tree.criteria()] == [section, section]
    assert not tree.notices


def test_no_header_means_inclusion_and_a_notice():
    tree = parse_criteria("* Age >= 18 years\n* ECOG 0-1\n")
    assert len(tree.inclusion) == 2 and not tree.exclusion
    assert [n.code for n in tree.notices] == ["no_section_headers"]


def test_numbered_and_lettered_bullets():
    tree = parse_criteria("Inclusion Criteria:\n1. Age >= 18 years\n2. Consent:\n   a) written\n   b) witnessed\n")
    assert texts(tree.inclusion) == ["Age >= 18 years", "Consent:"]
    assert texts(tree.inclusion[1].subcriteria) == ["written", "witnessed"]


def test_cohort_headers_scope_the_criteria_below_them():
    text = (
        "Inclusion Criteria:\n\nCohort A:\n\n* Age >= 18 years\n* Prior platinum\n\n"
        "Cohort B (expansion):\n\n* Age >= 12 years\n"
    )
    tree = parse_criteria(text)
    assert [(c.text, c.scope) for c in tree.inclusion] == [
        ("Age >= 18 years", "Cohort A"),
        ("Prior platinum", "Cohort A"),
        ("Age >= 12 years", "Cohort B"),
    ]
    assert [c.name for c in tree.cohorts] == ["Cohort A", "Cohort B"]


def test_cohort_definition_items_and_part_headers():
    tree = parse_criteria(
        "Inclusion Criteria:\n* Cohort 1 (gastrointestinal cohort): cancers of the stomach or pancreas.\n"
        "* Cohort 2 (genitourinary cohort): cancers of the prostate or bladder.\n"
        "Inclusion Criteria for Part B:\n* Age >= 12 years\n"
    )
    cohorts = {c.name: c for c in tree.cohorts}
    assert cohorts["Cohort 1"].label == "gastrointestinal cohort"
    assert cohorts["Cohort 1"].definition == "cancers of the stomach or pancreas."
    assert cohorts["Cohort 2"].label == "genitourinary cohort"
    assert tree.inclusion[2].scope == "Part B"


def test_a_phase_label_opening_an_item_scopes_it():
    tree = parse_criteria(
        "Inclusion Criteria:\n* Phase I: relapsed multiple myeloma\n* Phase 2 (expansion): Age >= 18 years\n"
        "* Phase of disease: chronic\n"
    )
    assert [c.scope for c in tree.inclusion] == ["Phase I", "Phase 2", None]
    assert tree.inclusion[0].rule.kind == "condition"  # the label is no word left unread


def test_pdq_headings_give_context_to_their_items():
    text = "PATIENT CHARACTERISTICS:\n\nAge:\n\n  -  18 and over\n\nPerformance status:\n\n  -  ECOG 0-2\n"
    tree = parse_criteria(text)
    assert [(c.heading, " ".join(c.text.split())) for c in tree.inclusion] == [
        ("Age", "18 and over"),
        ("Performance status", "ECOG 0-2"),
    ]
    assert tree.inclusion[0].rule.kind == "age"


def test_trialgpt_blocks():
    text = "inclusion criteria: \n\n Age >= 18 years \n\n Measurable disease \n\nexclusion criteria: \n\n Pregnancy \n"
    tree = parse_criteria(text)
    assert texts(tree.inclusion) == ["Age >= 18 years", "Measurable disease"]
    assert texts(tree.exclusion) == ["Pregnancy"]


def test_every_criterion_span_slices_its_text():
    for source in (API_V2, CLASSIC, FLATTENED):
        tree = parse_criteria(source)
        for criterion in tree.criteria():
            assert source[criterion.span.start : criterion.span.end] == criterion.text


@pytest.mark.parametrize(
    "text, scope",
    [
        ("Primary Exclusion criteria:\n* Known brain metastases\n", None),
        ("Exclusions:\n* Known brain metastases\n", None),
        ("Exclusion Criteria - Part II (HCV Patients):\n* Known brain metastases\n", "Part II (HCV Patients)"),
        ("Exclusion Criteria Phase II:\n* Known brain metastases\n", "Phase II"),
    ],
)
def test_more_exclusion_header_variants(text, scope):
    tree = parse_criteria("Inclusion Criteria:\n* Age >= 18 years\n" + text)
    assert [c.text for c in tree.exclusion] == ["Known brain metastases"]
    assert tree.exclusion[0].scope == scope


def test_header_in_the_middle_of_a_classic_line():
    text = (
        "        Inclusion Criteria:\n\n          -  Fertile patients must use effective contraception during\n"
        "             study therapy Exclusion Criteria\n\n          -  Known severe hypersensitivity to gefitinib\n"
    )
    tree = parse_criteria(text)
    assert [" ".join(c.text.split()) for c in tree.inclusion] == [
        "Fertile patients must use effective contraception during study therapy"
    ]
    assert [c.text for c in tree.exclusion] == ["Known severe hypersensitivity to gefitinib"]


def test_pdq_titles_without_colon_are_headings():
    text = "PATIENT CHARACTERISTICS:\n\n        Age\n\n          -  18 and over\n\n        Performance status\n\n          -  Zubrod 0-1\n"
    tree = parse_criteria(text)
    assert [(c.heading, c.text) for c in tree.inclusion] == [("Age", "18 and over"), ("Performance status", "Zubrod 0-1")]
    assert tree.inclusion[0].rule.kind == "age"


@pytest.mark.parametrize("lead", ["Main", "Major", "General", "Primary", "Other", "MAIN"])
def test_a_header_s_lead_word_is_part_of_the_header(lead):
    """'Main Inclusion Criteria:' is one header: before, 'Main' was left as a criterion no rule
    read, and every patient of the trial was unknown."""
    tree = parse_criteria(f"{lead} Inclusion Criteria:\n\n* Age 18 or older\n\n{lead} Exclusion Criteria:\n\n* Pregnancy\n")
    assert [c.text for c in tree.criteria()] == ["Age 18 or older", "Pregnancy"]


def test_a_lead_joined_to_a_word_still_opens_the_header_at_its_section_word():
    tree = parse_criteria("Inclusion Criteria:\n\n* Age 18 or older\n\nIBRUTINIB-SPECIFIC EXCLUSION CRITERIA:\n\n* Pregnancy\n")
    assert [c.text for c in tree.exclusion] == ["Pregnancy"]
