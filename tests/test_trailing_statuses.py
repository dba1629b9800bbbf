"""Issue 11, item 7: a status written after its event and followed by how long it has held.

"Asymptomatic brain metastases stable for >= 3 months", "brain metastases which have been stable
for at least 4 weeks": the status was left unread beside the event (every verdict unknown), as
"presently" was before "receiving". Sentences of our own."""

import pytest

from evaluate_helpers import rule_of


@pytest.mark.parametrize("body, statuses", [
    ("Asymptomatic brain metastases stable for >= 3 months", ("asymptomatic", "stable")),
    ("Brain metastases which have been stable for at least 4 weeks", ("stable",)),
    ("Brain metastases which have been treated", ("treated",)),
])
def test_a_status_after_the_event_before_a_duration_is_the_events(body, statuses):
    rule = rule_of(body)
    assert (rule.kind, rule.name, rule.status) == ("condition", "cns_metastases", statuses)
    assert rule.window is None or rule.window.relation == "lasting"


def test_for_and_what_a_state_is_for_is_no_duration():
    rule = rule_of("Patients with early breast cancer planned for primary surgery")
    assert not any(n.kind == "condition" and "planned" in n.status for n in rule.walk())


def test_presently_is_current():
    rule = rule_of("Presently on warfarin therapy", "Exclusion")
    assert (rule.kind, rule.name, rule.status) == ("medication", "warfarin", ("current",))
