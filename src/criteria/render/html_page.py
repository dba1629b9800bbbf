"""The trial page: the original criteria, each typed span highlighted by kind, beside the plain English.

``criteria render TRIAL --html page.html`` writes :func:`render_page` (a whole HTML document);
``Criteria._repr_html_`` shows :func:`page_fragment` (the same page without ``<html>``, for
notebooks). One row per criterion: on the left its text as written, every typed rule's span
marked in the colour of its kind (hover: what it was read as), text no rule read left unmarked;
on the right the criterion in plain English (:func:`criteria.render.english_document.criterion_body`).
A legend names the colours. The page holds no script and no external resource; every piece of
trial text is escaped.

Marks are chosen from the tree generically: every leaf under a criterion's rule with a span
gets one, its colour from :data:`CATEGORIES` by ``kind``. A kind added later that is in no
category is marked "other typed rule" and its hover text is its kind, so the page still
renders.
"""

from __future__ import annotations

from html import escape

from ..tree.nodes import Criteria, Criterion, Node
from . import english
from .english import Style
from .english import _MARKDOWN_ESCAPE
from .english_document import criterion_bodies, render_structured

CATEGORIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # category: (legend label, colour, kinds)
    "person": ("age or sex", "#cfe3ff", ("age", "sex")),
    "lab": ("lab value or measurement", "#c8efd0", ("lab_threshold", "measure_threshold")),
    "status": ("performance status or life expectancy", "#bfece6", ("performance_status", "life_expectancy")),
    "condition": ("condition or capability", "#ffd9b3", ("condition", "capability")),
    "treatment": ("treatment, medicine or procedure", "#e3d4ff", ("prior_therapy", "medication", "procedure")),
    "reproductive": ("pregnancy or contraception", "#ffd1e8", ("reproductive",)),
    "window": ("time window", "#fff1a8", ("time_window",)),
    "judgement": ("consent, compliance or judgement", "#dedede", ("consent", "compliance", "investigator_judgement")),
    "other": ("other typed rule", "#e8e8f0", ()),
}
_CATEGORY_OF = {kind: name for name, (_, _, kinds) in CATEGORIES.items() for kind in kinds}
_CLINICIAN = english.Context("clinician")

PAGE_STYLE = "<style>\n" + "\n".join([
    ".criteria-page{font-family:system-ui,sans-serif;font-size:14px;line-height:1.5;color:#222;max-width:1400px}",
    ".criteria-page h1{font-size:20px;margin:4px 0}",
    ".criteria-page h2{font-size:16px;margin:18px 0 4px;border-bottom:2px solid #444}",
    ".criteria-page .cp-legend{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}",
    ".criteria-page .cp-legend span{padding:1px 6px;border-radius:3px;font-size:12px}",
    ".criteria-page .cp-legend .cp-unread{border:1px dashed #999}",
    ".criteria-page .cp-cols,.criteria-page .cp-row{display:grid;grid-template-columns:1fr 1fr;gap:18px}",
    ".criteria-page .cp-cols{font-weight:bold;color:#555;margin-top:8px}",
    ".criteria-page .cp-row{border-top:1px solid #e4e4e4;padding:5px 0}",
    ".criteria-page .cp-src{white-space:pre-wrap}",
    ".criteria-page .cp-plain{white-space:pre-line}",  # a quoted list's items keep their lines
    ".criteria-page .cp-d1{padding-left:20px}.criteria-page .cp-d2{padding-left:40px}"
    ".criteria-page .cp-d3{padding-left:60px}",
    ".criteria-page .cp-id{font-family:monospace;color:#666;margin-right:6px}",
    ".criteria-page .cp-scope{background:#eef;border-radius:3px;padding:0 4px;margin-right:4px;font-size:12px}",
    ".criteria-page mark{border-radius:2px;padding:0 1px;color:inherit;cursor:help}",
    *(f".criteria-page .cp-c-{name}{{background:{colour}}}" for name, (_, colour, _) in CATEGORIES.items()),
]) + "\n</style>"


def category(kind: str) -> str:
    """The legend category of a node kind ("other" for a kind the page does not know)."""
    return _CATEGORY_OF.get(kind, "other")


def _marked(rule: Node | None):
    """Leaves under ``rule`` worth a mark: typed (not ``unparsed``), with a span, in text order."""
    if rule is None:
        return []
    found = [n for n in rule.walk() if not n.children() and n.kind != "unparsed" and n.span is not None]
    return sorted(found, key=lambda n: (n.span.start, -n.span.end))


def hover(node: Node) -> str:
    """What a mark's hover says: the rule as read (clinician phrase), or the kind when it has none."""
    if english.readable(node):
        return f"{node.kind.replace('_', ' ')}: {english.phrase(node, _CLINICIAN)}"
    return node.kind.replace("_", " ")


def source(criterion: Criterion, text: str) -> str:
    """The criterion's own text, escaped, each typed span wrapped in a ``<mark>`` of its kind."""
    span = criterion.span
    if span is None:
        return escape(criterion.text)
    out, cursor = [], span.start
    for leaf in _marked(criterion.rule):
        lo, hi = max(leaf.span.start, span.start), min(leaf.span.end, span.end)
        if lo < cursor or lo >= hi:
            continue  # overlapping or outside the criterion: the first mark wins, text is never cut twice
        out.append(_shown(text[cursor:lo]))
        out.append(f'<mark class="cp-c-{category(leaf.kind)} ct-k-{escape(leaf.kind)}" '
                   f'title="{escape(hover(leaf))}">{_shown(text[lo:hi])}</mark>')
        cursor = hi
    out.append(_shown(text[cursor:span.end]))
    return "".join(out)


def _shown(piece: str) -> str:
    """A piece of the original, escaped, markdown escapes undone ("\\>" reads ">"), line breaks kept."""
    return escape(_MARKDOWN_ESCAPE.sub(r"\1", piece))


def _row(criterion: Criterion, text: str, bodies: dict[str, str], depth: int) -> list[str]:
    """The criterion's row (its text beside its plain English), then its sub-criteria's rows."""
    scope = f'<span class="cp-scope">{escape(criterion.scope)}</span>' if criterion.scope else ""
    pad = f"cp-d{min(depth, 3)}"
    row = (f'<div class="cp-row" data-criterion="{escape(criterion.id)}">'
           f'<div class="cp-src {pad}"><span class="cp-id">{escape(criterion.id)}</span>'
           f"{source(criterion, text)}</div>"
           f'<div class="cp-plain {pad}">{scope}{escape(bodies[criterion.id])}</div></div>')
    return [row] + [r for sub in criterion.subcriteria for r in _row(sub, text, bodies, depth + 1)]


def _legend(criteria: Criteria) -> str:
    present = {category(n.kind) for c in criteria.criteria() for n in _marked(c.rule)}
    chips = [f'<span class="cp-c-{name}">{escape(label)}</span>'
             for name, (label, _, _) in CATEGORIES.items() if name in present]
    chips.append('<span class="cp-unread">not marked: text no rule read</span>')
    return f'<div class="cp-legend">{"".join(chips)}</div>'


def page_fragment(criteria: Criteria, style: Style = "patient") -> str:
    """The trial page as an HTML fragment (stylesheet and one ``<div>``), for notebooks."""
    bodies = criterion_bodies(criteria, style)
    title = f"{criteria.nct_id or 'This trial'}: eligibility criteria"
    counts = f"{len(criteria.inclusion)} inclusion, {len(criteria.exclusion)} exclusion criteria"
    parts = [PAGE_STYLE, '<div class="criteria-page">', f"<h1>{escape(title)}</h1>", f"<div>{escape(counts)}</div>"]
    if criteria.structured is not None:
        parts.append(f"<div>{escape(render_structured(criteria.structured, style))}</div>")
    parts += [f"<div>⚠ {escape(n.message)}</div>" for n in criteria.notices]
    parts.append(_legend(criteria))
    for title, group in (("Inclusion criteria", criteria.inclusion), ("Exclusion criteria", criteria.exclusion)):
        if group:
            parts += [f"<h2>{title}</h2>", '<div class="cp-cols"><div>As the trial writes it</div>'
                      "<div>In plain English</div></div>"]
            parts += [row for c in group for row in _row(c, criteria.text, bodies, 0)]
    parts.append("</div>")
    return "".join(parts)


def render_page(criteria: Criteria, style: Style = "patient") -> str:
    """The trial page as a whole HTML document (what ``criteria render TRIAL --html`` writes)."""
    title = f"{criteria.nct_id or 'Trial'} — eligibility criteria"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title></head>\n<body>\n{page_fragment(criteria, style)}\n</body></html>\n")
