"""Issue 11, items 2 and 3: sentences that inform, not ask.

"The effects of olaparib on the developing human fetus are unknown", "Should a woman become pregnant
while taking part, she must notify her doctor at once", "Any woman becoming pregnant during the trial
will be withdrawn from the study", and a sentence opened by its reason ("For this reason and because
docetaxel is known to be teratogenic, men must use condoms"): they say why a rule is there or what
happens after enrolment. Read as the criterion, the drug and the pregnancy they name had been asked
of every patient, so an inclusion holding them failed everyone who was not pregnant. Such a sentence
is a description remark; the rest of the criterion is read. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


def _kinds_and_names(rule):
    return {(n.kind, getattr(n, "name", None)) for n in rule.walk()} if rule is not None else set()


def test_a_sentence_on_the_fetus_asks_for_no_drug_nor_pregnancy():
    criterion = criterion_of("The effects of olaparib on the developing fetus are not known. Women of childbearing "
                             "potential must agree to use adequate contraception. If a participant becomes pregnant "
                             "while on the study, she should notify the investigator promptly.")
    read = _kinds_and_names(criterion.rule)
    assert ("reproductive", "contraception") in read, str(criterion.rule)
    assert not {("prior_therapy", "olaparib"), ("reproductive", "pregnancy")} & read, str(criterion.rule)
    assert not [n for n in criterion.rule.walk() if n.kind == "unparsed"], str(criterion.rule)


@pytest.mark.parametrize("body", [
    "Should a woman become pregnant while taking part in this trial, she must notify the study doctor right away.",
    "Any woman becoming pregnant during the trial will be withdrawn from the study.",
    "The effects of cisplatin on the unborn fetus are unknown",
])
def test_a_bullet_that_only_informs_asks_nothing(body):
    criterion = criterion_of(body)
    assert criterion.rule is None and criterion.remarks, (criterion.rule, criterion.remarks)
    assert verdict_of(body, {"age": 40, "sex": "female"}) == "not_applicable"


def test_a_reason_that_opens_a_sentence_is_no_requirement():
    criterion = criterion_of("For this reason and because docetaxel is known to be teratogenic, men must use condoms")
    read = _kinds_and_names(criterion.rule)
    assert ("reproductive", "contraception") in read and ("prior_therapy", "docetaxel") not in read, str(criterion.rule)


def test_a_sentence_that_informs_and_asks_is_read():
    # not a whole sentence of information: the drug stays as read (the rule is the text's, right or wrong)
    criterion = criterion_of("The effects of olaparib on the fetus are unknown, so olaparib must not be taken by pregnant women")
    assert any(getattr(n, "name", None) == "olaparib" for n in criterion.rule.walk()), str(criterion.rule)


def test_withdrawal_on_pregnancy_is_a_note():
    criterion = criterion_of("Women must use contraception. If she becomes pregnant, she will be withdrawn from "
                             "the study and followed until the outcome of the pregnancy.")
    assert ("reproductive", "pregnancy") not in _kinds_and_names(criterion.rule), str(criterion.rule)
    assert ("reproductive", "contraception") in _kinds_and_names(criterion.rule), str(criterion.rule)
