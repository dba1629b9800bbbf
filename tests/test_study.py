"""parse_study: ClinicalTrials.gov API v2 JSON and classic XML records, structured fields, errors."""

import json
from pathlib import Path

import pytest

import criteria
from criteria.errors import InputFormatError, InputTypeError

DATA = Path(__file__).parent / "data"


def _v2(text: str, **eligibility) -> dict:
    return {"protocolSection": {"identificationModule": {"nctId": "NCT01234567"},
                                "eligibilityModule": {"eligibilityCriteria": text, **eligibility}}}


def test_api_v2_seed_record_keeps_id_and_structured_fields():
    tree = criteria.parse_study(json.loads((DATA / "NCT06893783.study.json").read_text(encoding="utf-8")))
    assert tree.nct_id == "NCT06893783"
    fields = tree.structured
    assert (fields.source, fields.sex, fields.healthy_volunteers) == ("ctgov_api_v2", "all", False)
    assert (fields.minimum_age.value, fields.minimum_age.unit, fields.maximum_age) == (19, "year", None)
    assert fields.std_ages == ("ADULT", "OLDER_ADULT")
    assert tree.notices == ()  # the text says >= 19 years, as the record does
    # the reconstructed markdown nests: organ function → hematological → three labs
    organ = next(c for c in tree.inclusion if c.text.startswith("Adequate organ function"))
    assert [len(s.subcriteria) for s in organ.subcriteria] == [3, 0, 0, 2, 2, 0]
    assert len(tree.exclusion[0].subcriteria[0].subcriteria) == 3


@pytest.mark.parametrize("as_type", [dict, str, bytes])
def test_api_v2_accepts_dict_json_string_and_bytes(as_type):
    record = _v2("Inclusion Criteria:\n\n* Age ≥ 18 years\n", minimumAge="18 Years", sex="FEMALE")
    raw = json.dumps(record)
    given = {dict: record, str: raw, bytes: raw.encode()}[as_type]
    tree = criteria.parse_study(given)
    assert tree.nct_id == "NCT01234567" and tree.structured.sex == "female"
    assert tree.inclusion[0].rule.low.value == 18


@pytest.mark.parametrize("as_bytes", [False, True])
def test_classic_xml_record(as_bytes):
    raw = (DATA / "NCT00001880.xml").read_bytes()
    tree = criteria.parse_study(raw if as_bytes else raw.decode("utf-8"))
    assert tree.nct_id == "NCT00001880"
    fields = tree.structured
    assert (fields.source, fields.sex, fields.healthy_volunteers) == ("ctgov_xml", "all", True)
    assert (fields.minimum_age.value, fields.maximum_age.value) == (10, 80)
    assert tree.text.lstrip().startswith("-  INCLUSION CRITERIA")
    assert not [n for n in tree.notices if n.code == "structured_age_mismatch"]  # 10 to 80 on both sides


def test_disagreeing_minimum_age_is_flagged_with_the_text_span():
    text = "Inclusion Criteria:\n\n* Age ≥ 19 years\n"
    tree = criteria.parse_study(_v2(text, minimumAge="18 Years"))
    [notice] = [n for n in tree.notices if n.code == "structured_age_mismatch"]
    assert "minimum age is 18 years" in notice.message and ">= 19 years" in notice.message
    assert notice.span.slice(tree.text) == "Age ≥ 19 years"


def test_text_maximum_with_no_structured_maximum_is_flagged():
    tree = criteria.parse_study(_v2("Inclusion Criteria:\n\n* Age 18 to 75 years\n",
                                    minimumAge="18 Years", maximumAge="N/A"))
    [notice] = [n for n in tree.notices if n.code == "structured_age_mismatch"]
    assert "maximum age is N/A" in notice.message


def test_exclusion_bounds_count_and_units_are_compared_not_spelled():
    tree = criteria.parse_study(_v2("Exclusion Criteria:\n\n* Age < 26 weeks\n", minimumAge="6 Months"))
    assert [n for n in tree.notices if n.code == "structured_age_mismatch"] == []


def test_structured_age_without_text_age_adds_and_does_not_contradict():
    tree = criteria.parse_study(_v2("Inclusion Criteria:\n\n* Signed consent\n", minimumAge="18 Years"))
    assert tree.notices == () and tree.structured.minimum_age.value == 18


def test_unreadable_structured_field_is_a_notice_not_an_error():
    tree = criteria.parse_study(_v2("* Age ≥ 18 years", minimumAge="adult", sex="ANY"))
    codes = [n.code for n in tree.notices]
    assert codes.count("structured_field_unreadable") == 2
    assert tree.structured.minimum_age is None and tree.structured.sex is None


def test_record_without_criteria_text_says_so():
    tree = criteria.parse_study({"protocolSection": {"eligibilityModule": {"sex": "ALL"}}})
    assert tree.nct_id is None and [n.code for n in tree.notices] == ["no_criteria_text"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ('{"protocolSection": ', "not valid JSON"),
        ("[1, 2]", "no 'protocolSection'"),
        ({"studies": [{}, {}]}, "one study at a time"),
        ('{"protocolSection": {"eligibilityModule": []}}', "eligibilityModule must be an object"),
        ("<clinical_study><eligibility>", "not valid XML"),
        ("<html><body/></html>", "root is <html>"),
        ("<clinical_study><id_info/></clinical_study>", "no <eligibility>"),
        ("Inclusion Criteria: age over 18", "parse_criteria"),
        (b"{\"a\": \"\xff\"}", "not UTF-8"),
    ],
)
def test_bad_records_raise_an_input_format_error(record, message):
    with pytest.raises(InputFormatError, match=message) as caught:
        criteria.parse_study(record)
    assert isinstance(caught.value, ValueError)


def test_wrong_type_is_a_type_error():
    with pytest.raises(InputTypeError):
        criteria.parse_study(42)  # type: ignore[arg-type]


def test_json_round_trip_keeps_record_fields_and_old_json_still_reads():
    tree = criteria.parse_study((DATA / "NCT06893783.study.json").read_text(encoding="utf-8"))
    again = criteria.Criteria.from_json(tree.to_json())
    assert again == tree and again.structured == tree.structured and again.nct_id == "NCT06893783"
    old = json.loads(criteria.parse_criteria("Age ≥ 18").to_json())
    del old["nct_id"], old["structured"]  # JSON written before these fields existed
    assert criteria.Criteria.model_validate(old).nct_id is None


def test_seed_record_has_exactly_the_words_of_the_seed_page():
    """The API v2 record was rebuilt from the flattened page: same words in the same order,
    only bullets and line breaks added (so the reconstruction cannot drift from the source)."""
    import re

    def words(text: str) -> list[str]:
        return re.sub(r"(^|\s)[*•](?=\s)", " ", text).split()

    record = json.loads((DATA / "NCT06893783.study.json").read_text(encoding="utf-8"))
    markdown = record["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    assert words(markdown) == words((DATA / "NCT06893783.txt").read_text(encoding="utf-8"))
    assert "\n  * " in markdown and "\n    * " in markdown and "\\>" in markdown


def test_one_study_search_result_is_unwrapped_and_a_bom_is_no_obstacle():
    record = _v2("Inclusion Criteria:\n\n* Age ≥ 18 years\n", minimumAge="18 Years")
    assert criteria.parse_study({"studies": [record]}).nct_id == "NCT01234567"
    assert criteria.parse_study(b"\xef\xbb\xbf" + json.dumps(record).encode()).nct_id == "NCT01234567"
    xml = (DATA / "NCT00001880.xml").read_bytes()
    assert criteria.parse_study(b"\xef\xbb\xbf" + xml).nct_id == "NCT00001880"
