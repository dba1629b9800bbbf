"""ClinicalTrials.gov study records → :class:`~criteria.tree.nodes.Criteria`.

Two record formats are read, both as the registry serves them:

* API v2 study JSON (``/api/v2/studies/NCT…``): ``protocolSection.eligibilityModule`` holds
  ``eligibilityCriteria`` (markdown), ``minimumAge``, ``maximumAge``, ``sex``,
  ``healthyVolunteers`` and ``stdAges``; ``identificationModule.nctId`` the id;
* the classic XML record (``<clinical_study>``): ``<eligibility>`` holds
  ``<criteria><textblock>``, ``<gender>``, ``<minimum_age>``, ``<maximum_age>`` and
  ``<healthy_volunteers>``; ``<id_info><nct_id>`` the id.

The criteria text is parsed as usual; the structured fields are kept on the tree
(:class:`~criteria.tree.nodes.StructuredEligibility`), and where the text and a structured age
disagree a :class:`~criteria.tree.nodes.Notice` says so (see :mod:`criteria.parse.agreement`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Literal

from .agreement import disagreements
from ..errors import InputFormatError, InputTypeError, InputValueError
from ..tree.nodes import Age, Criteria, Criterion, Notice, Sex, StructuredEligibility
from .pipeline import parse_criteria
from .structured import parse_age_limit

Kind = Literal["json", "xml", "text"]

_SEX = {"all": "all", "both": "all", "female": "female", "male": "male"}
_YES = frozenset({"yes", "true", "accepts healthy volunteers"})
_NO = frozenset({"no", "false"})


@dataclass(frozen=True, slots=True)
class StudyFields:
    """What a record holds for us, before parsing: the text and the raw structured fields."""

    source: Literal["ctgov_api_v2", "ctgov_xml"]
    nct_id: str | None
    text: str
    sex: str | None = None
    minimum_age: str | None = None
    maximum_age: str | None = None
    healthy_volunteers: bool | None = None
    std_ages: tuple[str, ...] = ()


def parse_study(record: dict[str, Any] | str | bytes) -> Criteria:
    """Read a ClinicalTrials.gov study record into a :class:`~criteria.tree.nodes.Criteria` tree.

    ``record`` is an API v2 study as a dict or a JSON string, or a classic XML record as a
    string or bytes. The tree keeps the NCT id (``nct_id``) and the structured eligibility
    fields (``structured``); a notice flags a structured age that the text contradicts.

    Raises :class:`~criteria.errors.InputFormatError` (a ``ValueError``) for input that is
    not such a record, and :class:`~criteria.errors.InputTypeError` for another type.
    """
    fields = read_study(record)
    tree = parse_criteria(fields.text)
    structured, notices = _structured(fields)
    notices += disagreements(tree, structured)
    if not fields.text.strip():
        notices.append(Notice(code="no_criteria_text", message="The record has no eligibility criteria text."))
    return tree.model_copy(update={
        "nct_id": fields.nct_id, "structured": structured, "notices": tree.notices + tuple(notices),
        "inclusion": tree.inclusion + structured_criteria(structured),
    })


STRUCTURED_HEADING = "Structured eligibility fields of the record"


def structured_criteria(structured: StructuredEligibility) -> tuple[Criterion, ...]:
    """The record's age limits and sex as inclusion criteria of their own (ids ``S1``, ``S2``), so
    the evaluator applies them, and records and renderings show them with their source, even where
    the text never states them (an 80-year-old fails an 18–75 trial whose text says nothing of age)."""
    out: list[Criterion] = []
    low, high = structured.minimum_age, structured.maximum_age
    if low is not None or high is not None:
        said = "; ".join(f"{name} age {text}" for name, text, bound in (
            ("minimum", structured.minimum_age_text, low), ("maximum", structured.maximum_age_text, high)) if bound)
        out.append(Criterion(id=f"S{len(out) + 1}", section="inclusion", text=f"Record field: {said}",
                             rule=Age(low=low, high=high), heading=STRUCTURED_HEADING))
    if structured.sex in ("female", "male"):
        out.append(Criterion(id=f"S{len(out) + 1}", section="inclusion", text=f"Record field: sex {structured.sex}",
                             rule=Sex(sex=structured.sex), heading=STRUCTURED_HEADING))
    return tuple(out)


def sniff(data: str | bytes) -> Kind:
    """Guess what ``data`` is from its first character: ``json``, ``xml`` or plain ``text``."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n" if isinstance(data, bytes) else "\ufeff \t\r\n")[:1]  # BOM too
    if head in ("{", b"{", "[", b"["):
        return "json"
    if head in ("<", b"<"):
        return "xml"
    return "text"


def read_study(record: dict[str, Any] | str | bytes) -> StudyFields:
    """The text and structured fields of a record (no parsing of the text yet)."""
    if isinstance(record, dict):
        return _from_api_v2(record)
    if not isinstance(record, (str, bytes)):
        raise InputTypeError(
            f"parse_study() needs a study record as a dict, a JSON string or XML, not {type(record).__name__}"
        )
    kind = sniff(record)
    if kind == "json":
        return _from_api_v2(load_json(record))
    if kind == "xml":
        return _from_xml(record)
    raise InputFormatError(
        "not a study record: expected ClinicalTrials.gov API v2 JSON (starting with '{') or a classic "
        "XML record (starting with '<'); for bare criteria text use criteria.parse_criteria()"
    )


# --- API v2 --------------------------------------------------------------------------------


def load_json(data: str | bytes) -> Any:
    """``json.loads`` with a typed, one-line error for text that is not JSON."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise InputFormatError(f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except UnicodeDecodeError as error:
        raise InputFormatError(f"not valid JSON: not UTF-8 text ({error.reason})") from None


def _from_api_v2(study: Any) -> StudyFields:
    if isinstance(study, dict) and isinstance(study.get("studies"), list) and len(study["studies"]) == 1:
        study = study["studies"][0]  # a one-study search result: unwrap it
    if not isinstance(study, dict) or not isinstance(study.get("protocolSection"), dict):
        raise InputFormatError(
            "not a ClinicalTrials.gov API v2 study: no 'protocolSection' object "
            "(a search result with several studies must be read one study at a time)"
        )
    protocol = study["protocolSection"]
    eligibility = _module(protocol, "eligibilityModule")
    text = eligibility.get("eligibilityCriteria", "")
    if not isinstance(text, str):
        raise InputFormatError("eligibilityModule.eligibilityCriteria must be a string")
    healthy = eligibility.get("healthyVolunteers")
    return StudyFields(
        source="ctgov_api_v2",
        nct_id=_str_or_none(_module(protocol, "identificationModule").get("nctId")),
        text=text,
        sex=_str_or_none(eligibility.get("sex")),
        minimum_age=_str_or_none(eligibility.get("minimumAge")),
        maximum_age=_str_or_none(eligibility.get("maximumAge")),
        healthy_volunteers=healthy if isinstance(healthy, bool) else None,
        std_ages=tuple(str(a) for a in eligibility.get("stdAges", ()) or ()),
    )


def _module(protocol: dict[str, Any], name: str) -> dict[str, Any]:
    module = protocol.get(name, {})
    if not isinstance(module, dict):
        raise InputFormatError(f"protocolSection.{name} must be an object, not {type(module).__name__}")
    return module


def _str_or_none(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


# --- classic XML ---------------------------------------------------------------------------


def _from_xml(data: str | bytes) -> StudyFields:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:  # its message already names line and column
        raise InputFormatError(f"not valid XML: {error}") from None
    except (LookupError, ValueError) as error:  # the declaration names an encoding expat cannot read
        raise InputFormatError(f"XML in an encoding that cannot be read ({error}); save the record as UTF-8") from None
    if root.tag != "clinical_study":
        raise InputFormatError(f"not a classic ClinicalTrials.gov XML record: root is <{root.tag}>, "
                               "expected <clinical_study>")
    eligibility = root.find("eligibility")
    if eligibility is None:
        raise InputFormatError("the XML record has no <eligibility> element")
    healthy = (eligibility.findtext("healthy_volunteers") or "").strip().lower()
    return StudyFields(
        source="ctgov_xml",
        nct_id=_str_or_none(root.findtext("id_info/nct_id")),
        text=eligibility.findtext("criteria/textblock") or "",
        sex=_str_or_none(eligibility.findtext("gender")),
        minimum_age=_str_or_none(eligibility.findtext("minimum_age")),
        maximum_age=_str_or_none(eligibility.findtext("maximum_age")),
        healthy_volunteers=True if healthy in _YES else False if healthy in _NO else None,
    )


# --- structured fields ---------------------------------------------------------------------


def _structured(fields: StudyFields) -> tuple[StructuredEligibility, list[Notice]]:
    """The structured fields, typed; a notice for each one that cannot be read (never an error)."""
    notices: list[Notice] = []
    ages = {}
    for name in ("minimum_age", "maximum_age"):
        raw = getattr(fields, name)
        try:
            ages[name] = parse_age_limit(raw)
        except InputValueError:
            ages[name] = None
            notices.append(Notice(code="structured_field_unreadable",
                                  message=f"The record's {name.replace('_', ' ')} {raw!r} is not an age; ignored."))
    sex = _SEX.get((fields.sex or "").lower()) if fields.sex else None
    if fields.sex and sex is None:
        notices.append(Notice(code="structured_field_unreadable",
                              message=f"The record's sex {fields.sex!r} is not ALL, FEMALE or MALE; ignored."))
    structured = StructuredEligibility(
        source=fields.source,
        sex=sex,  # type: ignore[arg-type]
        minimum_age=ages["minimum_age"],
        maximum_age=ages["maximum_age"],
        minimum_age_text=fields.minimum_age,
        maximum_age_text=fields.maximum_age,
        healthy_volunteers=fields.healthy_volunteers,
        std_ages=fields.std_ages,
    )
    return structured, notices
