"""HTML for notebooks: ``Criteria._repr_html_`` (:func:`render_html`, the trial page of
:mod:`criteria.render.html_page`) and a collapsible rule tree (:func:`render_tree_html`).

Each criterion is a ``<details>`` element: its summary is the id and the start of its
text; inside, the source text with every typed rule's span highlighted (hover for what it
was read as) and the rule tree. All text is escaped; the markup uses no script and
only a small scoped stylesheet, so it renders the same in Jupyter, VS Code and GitHub.

Rule nodes dispatch on ``kind`` through :data:`RENDERERS` (logic and ``unparsed`` here);
any other leaf kind is shown with its clinician phrase from :mod:`criteria.render.english`,
so a kind with an English renderer needs nothing here. A kind with neither raises
:class:`~criteria.errors.UnsupportedError`.
"""

from __future__ import annotations

from html import escape
from typing import Callable

from ..errors import UnsupportedError
from ..tree.nodes import Criteria, Criterion, Node
from . import english

_CLINICIAN = english.Context("clinician")
_SUMMARY_WIDTH = 100

STYLE = """<style>
.criteria-tree{font-family:system-ui,sans-serif;font-size:13px;line-height:1.45}
.criteria-tree details{margin:2px 0 2px 14px}
.criteria-tree summary{cursor:pointer}
.criteria-tree .ct-id{font-family:monospace;color:#555;margin-right:6px}
.criteria-tree .ct-scope{background:#eef;border-radius:3px;padding:0 4px;margin-right:4px}
.criteria-tree .ct-src{white-space:pre-wrap;margin:4px 0;padding:4px 6px;border-left:3px solid #ddd}
.criteria-tree mark{background:#d9f2d9;border-radius:2px}
.criteria-tree mark.ct-k-unparsed{background:#f6e7c8}
.criteria-tree .ct-unparsed{color:#8a5a00}
.criteria-tree ul{margin:2px 0;padding-left:18px}
.criteria-tree .ct-notice{color:#8a5a00}
</style>"""


RENDERERS: dict[str, Callable[[Node], str]] = {}
"""``{kind: function}`` returning the HTML of one rule node (a ``<li>``)."""


def _register(kind: str):
    def register(function):
        RENDERERS[kind] = function
        return function

    return register


def rule_html(node: Node) -> str:
    """One rule node as an ``<li>``; leaves without an HTML form use their English phrase."""
    renderer = RENDERERS.get(node.kind)
    if renderer is not None:
        return renderer(node)
    if english.supports(node.kind):
        return f'<li class="ct-k-{escape(node.kind)}">{escape(english.phrase(node, _CLINICIAN))}</li>'
    raise UnsupportedError(f"the HTML renderer has no form for node kind {node.kind!r}")


def _logic(word: str):
    def render(node: Node) -> str:
        items = "".join(rule_html(child) for child in node.children())
        return f"<li><b>{word}</b><ul>{items}</ul></li>"

    return render


_register("all_of")(_logic("all of"))
_register("any_of")(_logic("any of"))
_register("not")(_logic("not"))


@_register("unparsed")
def _unparsed(node) -> str:
    return (f'<li class="ct-unparsed">{escape(english.NOT_SIMPLIFIED)} ({escape(node.reason)}): '
            f"“{escape(english.as_written(node.text))}”</li>")


# --- source text with spans highlighted --------------------------------------------------------


def _leaves(node: Node):
    """The nodes without children below ``node``: what has a span worth highlighting.

    Generic on purpose: a composite kind added later (``except``, ``at_least``) is walked
    through without this module knowing it.
    """
    children = node.children()
    if not children:
        yield node
    for child in children:
        yield from _leaves(child)


def highlighted(text: str, start: int, end: int, rule: Node | None) -> str:
    """``text[start:end]`` escaped, with each leaf rule's span inside it wrapped in ``<mark>``."""
    out, cursor = [], start
    leaves = sorted((n for n in (_leaves(rule) if rule else ()) if n.span), key=lambda n: n.span.start)
    for leaf in leaves:
        lo, hi = max(leaf.span.start, start), min(leaf.span.end, end)
        if lo < cursor or lo >= hi:
            continue  # overlapping or outside: keep the first, never cut the text twice
        title = english.phrase(leaf, _CLINICIAN)
        out.append(escape(text[cursor:lo]))
        out.append(f'<mark class="ct-k-{escape(leaf.kind)}" title="{escape(title)}">{escape(text[lo:hi])}</mark>')
        cursor = hi
    out.append(escape(text[cursor:end]))
    return "".join(out)


# --- criteria and the document -------------------------------------------------------------------


def summary_text(text: str) -> str:
    """A criterion's text for a ``<summary>`` line: one line, cut at a readable width (not escaped)."""
    line = " ".join(text.split())
    return line if len(line) <= _SUMMARY_WIDTH else line[: _SUMMARY_WIDTH - 1] + "…"


def scope_badge(scope: str | None) -> str:
    """The cohort or subgroup a criterion is scoped to, as a small label (empty when none)."""
    return f'<span class="ct-scope">{escape(scope)}</span>' if scope else ""


def source_html(criterion: Criterion, text: str) -> str:
    """The criterion's source text, escaped, with its typed rules highlighted."""
    span = criterion.span
    return highlighted(text, span.start, span.end, criterion.rule) if span else escape(criterion.text)


def _criterion(criterion: Criterion, text: str) -> str:
    scope = scope_badge(criterion.scope)
    source = source_html(criterion, text)
    rule = f"<ul>{rule_html(criterion.rule)}</ul>" if criterion.rule is not None else ""
    logic = (f"<div>sub-criteria: <b>{'any of' if criterion.subcriteria_logic == 'any_of' else 'all of'}</b></div>"
             if criterion.subcriteria else "")
    subs = "".join(_criterion(sub, text) for sub in criterion.subcriteria)
    return (f'<details><summary><span class="ct-id">{escape(criterion.id)}</span>{scope}'
            f"{escape(summary_text(criterion.text))}</summary>"
            f'<div class="ct-src">{source}</div>{rule}{logic}{subs}</details>')


def render_html(criteria: Criteria) -> str:
    """What a notebook shows for a tree: the trial page (original text highlighted, plain English beside)."""
    from .html_page import page_fragment

    return page_fragment(criteria)


def render_tree_html(criteria: Criteria) -> str:
    """The whole rule tree as one self-contained, collapsible HTML fragment (a developer's view)."""
    head = [f"{len(criteria.inclusion)} inclusion, {len(criteria.exclusion)} exclusion criteria"]
    if criteria.nct_id:
        head.insert(0, criteria.nct_id)
    if criteria.cohorts:
        head.append("cohorts: " + ", ".join(c.name for c in criteria.cohorts))
    parts = [STYLE, '<div class="criteria-tree">', f"<div><b>{escape(' · '.join(head))}</b></div>"]
    if criteria.structured is not None:
        parts.append(f"<div>{escape(english.render_structured(criteria.structured, 'clinician'))}</div>")
    parts += [f'<div class="ct-notice">⚠ {escape(n.message)}</div>' for n in criteria.notices]
    for title, group in (("Inclusion", criteria.inclusion), ("Exclusion", criteria.exclusion)):
        if group:
            body = "".join(_criterion(c, criteria.text) for c in group)
            parts.append(f"<details open><summary><b>{title}</b> ({len(group)})</summary>{body}</details>")
    parts.append("</div>")
    return "".join(parts)
