"""``str(criteria)``: a readable, indented tree of criteria and what each one means."""

from __future__ import annotations

from typing import Callable

from ..errors import UnsupportedError
from ..tree.nodes import Age, AgeBound, Criteria, Criterion, Node

_WIDTH = 88


def render_tree(criteria: Criteria) -> str:
    """The whole document as an indented outline."""
    lines = [
        f"Criteria: {len(criteria.inclusion)} inclusion, {len(criteria.exclusion)} exclusion"
        + (f"; cohorts: {', '.join(c.name for c in criteria.cohorts)}" if criteria.cohorts else "")
    ]
    lines += [f"! {n.message}" for n in criteria.notices]
    for title, group in (("Inclusion", criteria.inclusion), ("Exclusion", criteria.exclusion)):
        if group:
            lines.append(title)
            for criterion in group:
                _criterion(criterion, 1, lines)
    return "\n".join(lines)


def _criterion(criterion: Criterion, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    scope = f" [{criterion.scope}]" if criterion.scope else ""
    text = " ".join(criterion.text.split())
    if len(text) > _WIDTH:
        text = text[: _WIDTH - 1] + "…"
    lines.append(f"{pad}{criterion.id}{scope}  {text}")
    if criterion.population is not None:  # whom it is for: for anyone else it is not applicable
        lines.append(f"{pad}    only for")
        _rule(criterion.population, depth + 3, lines)
    if criterion.rule is not None:
        _rule(criterion.rule, depth + 2, lines)
    for sub in criterion.subcriteria:
        _criterion(sub, depth + 1, lines)


def _rule(node: Node, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    if node.kind in ("all_of", "any_of", "not", "at_least", "permitted"):
        lines.append(f"{pad}{node.kind}" + (f" {node.n}" if node.kind == "at_least" else ""))
        for child in node.children():
            _rule(child, depth + 1, lines)
        return
    if node.kind == "except":
        _rule(node.item, depth, lines)
        lines.append(f"{pad}except")
        for child in node.exceptions:
            _rule(child, depth + 1, lines)
        return
    describe = _DESCRIBE.get(node.kind)
    if describe is None:
        raise UnsupportedError(f"the tree renderer has no form for node kind {node.kind!r}")
    lines.append(f"{pad}→ {describe(node)}")


def describe_bound(bound: AgeBound, lower: bool) -> str:
    op = (">=" if bound.inclusive else ">") if lower else ("<=" if bound.inclusive else "<")
    value = f"{bound.value:g}"
    return f"{op} {value} {bound.unit}{'' if bound.value == 1 else 's'}"


def _age(node: Age) -> str:
    parts = [describe_bound(b, lower) for b, lower in ((node.low, True), (node.high, False)) if b]
    extra = " (unit assumed)" if node.unit_assumed else ""
    at = f" at {node.at}" if node.at else ""
    return f"age {' and '.join(parts)}{extra}{at}"


def describe_amount(op: str | None, value: float, value_high: float | None, unit: str | None,
                    relative_to: str | None) -> str:
    """"<= 1.5 x ULN", ">= 1.5 10^9/L", "between 7 and 10.5 percent"."""
    if relative_to:
        suffix = f" x {relative_to}"
    else:
        suffix = f" {unit}" if unit else ""
    if op == "between":
        return f"between {value:g} and {value_high:g}{suffix}"
    return f"{op + ' ' if op else ''}{value:g}{suffix}"


def _threshold(node) -> str:
    text = f"{node.analyte} {describe_amount(node.op, node.value, node.value_high, node.unit, node.relative_to)}"
    if node.paired:
        text += "".join(
            f" (= {describe_amount('between' if p.value_high is not None else None, p.value, p.value_high, p.unit, p.relative_to)})"
            for p in node.paired
        )
    if node.method:
        text += f" ({node.method})"
    if node.applies_to:
        text += f" for {node.applies_to}"
    for alt in node.alternatives:
        bound = describe_amount(alt.op, alt.value, alt.value_high, alt.unit, alt.relative_to)
        text += f"; or {bound}" + (f" for {alt.condition}" if alt.condition else "") + (f" ({alt.method})" if alt.method else "")
    return text


def _performance(node) -> str:
    bound = describe_amount(node.op, node.value, node.value_high, None, None)
    text = f"{node.scale} performance status {bound}" + (" (scale assumed)" if node.scale_assumed else "")
    return text + (f" for {_age(node.for_age)}" if node.for_age else "")


def _life_expectancy(node) -> str:
    unit = f"{node.unit}{'' if node.value == 1 else 's'}"
    return f"life expectancy {node.op} {node.value:g} {unit}" + (" (comparator assumed)" if node.op_assumed else "")


def _unparsed(node) -> str:
    text = " ".join(node.text.split())
    if len(text) > 60:
        text = text[:59] + "…"
    return f"unparsed ({node.reason}): {text}"


_DESCRIBE: dict[str, Callable[[Node], str]] = {  # type: ignore[dict-item]
    "age": _age,
    "lab_threshold": _threshold,
    "measure_threshold": _threshold,
    "performance_status": _performance,
    "life_expectancy": _life_expectancy,
    "unparsed": _unparsed,
}


def describe_window(w) -> str:
    """ "within 28 days before first_dose", "at least 2 weeks before enrollment (assumed)"."""
    def one(x) -> str:
        unit = x.unit.replace("_", "-")
        value = x.high if x.high is not None else x.low
        units = unit if value == 1 else ("half-lives" if unit == "half-life" else unit + "s")
        if x.low is not None and x.high is not None:
            return f"{x.low:g}-{x.high:g} {units}"
        return f"{'within' if x.high is not None else 'at least'} {value:g} {units}"
    if w.relation == "lasting":  # how long, not when: "lasting at least 12 weeks"
        return f"lasting {one(w).replace('within', 'at most')}"
    text = one(w)
    if w.or_window is not None:
        text += f" or {one(w.or_window).split(' ', 1)[1]}" + (f", whichever is {w.whichever}" if w.whichever else "")
    return f"{text} {w.relation} {w.anchor}{' (assumed)' if w.anchor_assumed else ''}"


def _event(node) -> str:
    parts = [node.kind.replace("_", " ") + ":", node.name]
    if node.status:
        parts.insert(1, "/".join(node.status))
    if getattr(node, "site", None):
        parts.append(f"of {node.site}")
    causes = getattr(node, "cause", ())
    if causes:  # "hypersensitivity to carboplatin": the outline had hidden what a reaction is to
        parts.append("(cause: " + " or ".join(c.name + (" or related" if c.related else "") for c in causes) + ")")
    grade = getattr(node, "grade", None)
    if grade is not None:
        high = grade.value_high
        parts.append(f"grade {grade.value}-{high}" if grade.op == "between" else f"grade {grade.op} {grade.value}")
    if getattr(node, "count", None) is not None:
        high = f"-{node.count_high}" if node.count_high is not None else ""
        parts.append(f"count {node.count_op} {node.count}{high} {node.count_unit}s")
    dose = getattr(node, "dose", None)
    if dose is not None:
        parts.append(f"dose {dose.op} {dose.value:g} {dose.unit}" + (f" {dose.equivalent_of} equivalent" if dose.equivalent_of else ""))
    amount = getattr(node, "amount", None)
    if amount is not None:
        parts.append(f"amount {amount.op} {amount.value:g} {amount.unit}")
    if node.window is not None:
        parts.append(f"[{describe_window(node.window)}]")
    if not node.computable:
        parts.append("(not computable)")
    return " ".join(parts)


def _sex(node) -> str:
    return f"sex: {node.sex}" + (f" ({node.qualifier})" if node.qualifier else "")


def _window(node) -> str:
    return f"time window: {describe_window(node)}"


_DESCRIBE.update({  # events (issue 4)
    kind: _event for kind in ("condition", "prior_therapy", "medication", "procedure", "reproductive",
                              "consent", "compliance", "investigator_judgement", "capability")
})
_DESCRIBE.update({"sex": _sex, "time_window": _window})
