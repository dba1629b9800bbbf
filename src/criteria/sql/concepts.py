"""Concept sets: a typed concept → the OMOP concept ids that stand for it, resolved at query time.

A set is resolved inside the database, in the user's own vocabulary tables, by

* the codes the lexicon carries (SNOMED CT, RxNorm, ATC, ICD-10-CM, LOINC): ``concept`` rows
  with that ``vocabulary_id`` and ``concept_code``, and the standard concepts they ``Maps to``;
* its phrases, as whole words of a standard concept's ``concept_name`` or of one of its
  ``concept_synonym`` names (case and punctuation ignored, as the evaluator matches record
  names: "Small cell carcinoma of lung" names "carcinoma");
* lab names, equal to a standard concept's lower-cased name (as the evaluator matches labs);

and then widened to every descendant through ``concept_ancestor``. A caller's override
(``concept_sets={"hypertension": [320128, …]}``) replaces the resolution for that concept.
"""

from __future__ import annotations

from sqlglot import exp

from ..evaluate.events import concept_phrases
from ..vocab.matching import node_phrases
from .context import ConceptSet, Context

VOCABULARIES = {"SNOMED CT": "SNOMED", "RxNorm": "RxNorm", "ATC": "ATC", "ICD-10": "ICD10CM", "ICD-10-CM": "ICD10CM",
                "LOINC": "LOINC"}
"""Code systems of the lexicons → OMOP ``vocabulary_id``."""


def event_set(label: str, phrases: frozenset[str], code: object | None = None) -> ConceptSet:
    """The concept set of an event concept: its phrases and, when the lexicon has one, its code; a
    concept of the field vocabularies adds its synonyms, as the evaluator's matching does (a record
    "G-CSF" is filgrastim to both)."""
    codes = frozenset()
    if code is not None:
        codes = frozenset({(VOCABULARIES.get(code.system, code.system), code.code)})  # type: ignore[attr-defined]
        phrases = phrases | node_phrases(code.system, code.code)  # type: ignore[attr-defined]
    return ConceptSet(label=label, phrases=phrases, codes=codes)


def phrases_of(name: str | None, group: str | None = None, kinds: tuple[str, ...] = ()) -> frozenset[str]:
    """The evaluator's phrase set for a concept (and its class), so both read the same records."""
    return concept_phrases(name, group=group, kinds=kinds)


def normalised(column: exp.Expression) -> exp.Expression:
    """``' ' || words of lower(column) || ' '``: the padded word form phrases are looked for in."""
    words = exp.RegexpReplace(
        this=exp.Lower(this=column),
        expression=exp.Literal.string("[^a-z0-9]+"),
        replacement=exp.Literal.string(" "),
        modifiers=exp.Literal.string("g"),
    )
    return exp.DPipe(this=exp.DPipe(this=exp.Literal.string(" "), expression=words), expression=exp.Literal.string(" "))


def _values(alias: str, columns: list[str], rows: list[tuple]) -> exp.Expression:
    """``SELECT * FROM (VALUES …) AS alias(columns)``, typed by its first row."""
    tuples = [exp.Tuple(expressions=[exp.convert(v) for v in row]) for row in rows]
    return exp.select(*columns).from_(
        exp.Values(expressions=tuples, alias=exp.TableAlias(this=exp.to_identifier(alias), columns=[exp.to_identifier(c) for c in columns]))
    )


def _standard(alias: str) -> exp.Expression:
    return exp.EQ(this=exp.column("standard_concept", alias), expression=exp.Literal.string("S"))


def _words(ctx: Context, table: str, name: str) -> exp.Subquery:
    """``(concept_id, words)`` of standard concepts, each name normalised once (not once per phrase)."""
    source = ctx.table(table, True).as_("s")
    query = exp.select(exp.column("concept_id", "s"), normalised(exp.column(name, "s")).as_("words")).from_(source)
    if table == "concept":
        query = query.where(_standard("s"))
    else:
        query = query.join(ctx.table("concept", True).as_("c"), on="c.concept_id = s.concept_id").where(_standard("c"))
    return query.subquery("w")


def _by_phrase(ctx: Context, rows: list[tuple[int, str]]) -> list[exp.Select]:
    """Standard concepts whose name, or a synonym's, contains a phrase as whole words."""
    pattern = exp.DPipe(
        this=exp.DPipe(this=exp.Literal.string("% "), expression=exp.column("phrase", "p")), expression=exp.Literal.string(" %")
    )
    # as the evaluator reads names: a phrase right after "non" is not mentioned ("non-insulin-dependent
    # diabetes" does not mention "insulin-dependent diabetes"); a name saying it twice, once after
    # "non", is the one case the two readings could part on
    negated = exp.DPipe(
        this=exp.DPipe(this=exp.Literal.string("% non "), expression=exp.column("phrase", "p")), expression=exp.Literal.string(" %")
    )
    out = []
    for table, name in (("concept", "concept_name"), ("concept_synonym", "concept_synonym_name")):
        phrases = _values("p", ["set_id", "phrase"], rows).subquery("p")
        out.append(
            exp.select("p.set_id", "w.concept_id")
            .from_(_words(ctx, table, name))
            .join(phrases, on=exp.and_(exp.Like(this=exp.column("words", "w"), expression=pattern.copy()),
                                       exp.Not(this=exp.Like(this=exp.column("words", "w"), expression=negated.copy()))))
        )
    return out


def _by_name(ctx: Context, rows: list[tuple[int, str]]) -> exp.Select:
    names = _values("n", ["set_id", "name"], rows)
    lowered = exp.Lower(this=exp.Trim(this=exp.column("concept_name", "c")))
    return (
        exp.select("n.set_id", "c.concept_id")
        .from_(ctx.table("concept", True).as_("c"))
        .join(names.subquery("n"), on=exp.EQ(this=lowered, expression=exp.column("name", "n")))
        .where(_standard("c"))
    )


def _by_code(ctx: Context, rows: list[tuple[int, str, str]]) -> list[exp.Select]:
    codes = lambda: _values("k", ["set_id", "vocabulary_id", "concept_code"], rows).subquery("k")  # noqa: E731
    on = "c.vocabulary_id = k.vocabulary_id AND c.concept_code = k.concept_code"
    coded = exp.select("k.set_id", "c.concept_id").from_(ctx.table("concept", True).as_("c")).join(codes(), on=on)
    mapped = (
        exp.select("k.set_id", "r.concept_id_2")
        .from_(ctx.table("concept", True).as_("c"))
        .join(codes(), on=on)
        .join(ctx.table("concept_relationship", True).as_("r"), on="r.concept_id_1 = c.concept_id AND r.relationship_id = 'Maps to'")
    )
    return [coded, mapped]


def _union(parts: list[exp.Select]) -> exp.Expression:
    query: exp.Expression = parts[0]
    for part in parts[1:]:
        query = exp.union(query, part, distinct=True)
    return query


def concept_sets_query(ctx: Context) -> exp.Expression:
    """``(set_id, concept_id)`` for every concept set the compiled tree uses."""
    phrase_rows, name_rows, code_rows, fixed_rows = [], [], [], []
    for concept_set, set_id in ctx.sets.items():
        fixed = ctx.overrides.get(concept_set.label)
        if fixed is not None:
            fixed_rows += [(set_id, int(c)) for c in fixed]
            continue
        phrase_rows += [(set_id, p) for p in sorted(concept_set.phrases)]
        name_rows += [(set_id, n) for n in sorted(concept_set.names)]
        code_rows += [(set_id, v, c) for v, c in sorted(concept_set.codes)]
    base: list[exp.Select] = []
    if phrase_rows:
        base += _by_phrase(ctx, phrase_rows)
    if name_rows:
        base.append(_by_name(ctx, name_rows))
    if code_rows:
        base += _by_code(ctx, code_rows)
    parts: list[exp.Select] = []
    if base:
        resolved = _union(base).subquery("b")
        direct = exp.select(exp.column("set_id", "b"), exp.column("concept_id", "b").as_("concept_id")).from_(resolved)
        descendants = (
            exp.select(exp.column("set_id", "b"), exp.column("descendant_concept_id", "a").as_("concept_id"))
            .from_(resolved.copy())
            .join(ctx.table("concept_ancestor", True).as_("a"), on="a.ancestor_concept_id = b.concept_id")
        )
        parts += [direct, descendants]
    if fixed_rows:
        parts.append(_values("o", ["set_id", "concept_id"], fixed_rows))
    if not parts:  # no concept anywhere in the tree: an empty, typed relation
        return exp.select(exp.cast(exp.null(), "INT").as_("set_id"), exp.cast(exp.null(), "BIGINT").as_("concept_id")).where("1 = 0")
    return _union(parts)
