"""Assembling the query: the steps (CTEs) the compiled leaves and criteria asked for, in order.

    cs                     concept sets, resolved in the vocabulary tables
    person_base            one row per person: birth dates, gender, observation period
    <domain>_hits / _agg   each CDM table scanned once, joined to the concept sets, grouped by person
                           (measurement_units: factors per unit concept; measurement_rows and
                           measurement_latest: each row's codes, ranked; *_words_concepts: the
                           concepts whose names a word condition holds for)
    scaled                 person_base + aggregates + what is read of them (packed codes, values)
    leaves                 + one verdict code per leaf
    rules                  + each criterion's own rule and each cohort's membership
    level_0 … level_n      + criterion verdicts, sub-criteria before their parents
    (final SELECT)         person_id, status, one three-valued column per criterion, and an
                           integer reason code beside a criterion the compiler knows can be NULL
"""

from __future__ import annotations

from sqlglot import exp

from .concepts import concept_sets_query
from .context import DOMAINS, Context
from .document import Document, Item, criterion_code, status_code
from .events import hits_query
from .kleene import MET, NOT_APPLICABLE, NOT_MET, UNKNOWN, case, num
from .measures import hits_query as measurement_hits
from .measures import latest_query, rows_query, units_query
from .packing import aggregates, in_use, person_columns
from .person import person_query


def _aggregated(ctx: Context, domain: str) -> list[tuple[str, exp.Expression]]:
    """The steps of a domain in use: its rows (``<domain>_hits`` …) and ``<domain>_agg``."""
    if domain.endswith("_rows"):  # every row of the table
        table = WORD_TABLES[domain.replace("_rows", "_words")][0]
        source = exp.select(exp.column("person_id", "t"), *aggregates(ctx, domain)).from_(ctx.table(table).as_("t"))
        return [(f"{domain}_agg", source.group_by(exp.column("person_id", "t")))]
    if domain.endswith("_words"):  # every row of the table whose concept's name has a flag
        table, concept = WORD_TABLES[domain]
        named = f"{domain}_concepts"
        source = (
            exp.select(exp.column("person_id", "t"), *aggregates(ctx, domain))
            .from_(ctx.table(table).as_("t"))
            .join(exp.to_table(named).as_("w"), on=f"w.concept_id = t.{concept}")
            .group_by(exp.column("person_id", "t"))
        )
        return [(named, _word_flags(ctx, domain)), (f"{domain}_agg", source)]
    if domain == "measurement":  # the latest row of each set: its codes, packed before the ranking
        steps = [("measurement_hits", measurement_hits(ctx)), ("measurement_units", units_query(ctx)),
                 ("measurement_rows", rows_query(ctx)), ("measurement_latest", latest_query(ctx))]
        agg = exp.select("person_id", *aggregates(ctx, domain, precomputed=True)).from_("measurement_latest").where("rn = 1")
        return [*steps, (f"{domain}_agg", agg.group_by("person_id"))]
    steps = [(f"{domain}_hits", hits_query(ctx, domain))]
    agg = exp.select("person_id", *aggregates(ctx, domain)).from_(steps[-1][0]).group_by("person_id")
    return [*steps, (f"{domain}_agg", agg)]


def _word_flags(ctx: Context, domain: str) -> exp.Expression:
    """``<domain>_concepts``: the concepts whose name meets a word condition, a 0/1 column per
    condition. Names are read once per concept of the vocabulary, not once per record: the
    GROUP BY (a no-op, concept ids are unique) keeps an optimiser from moving the name tests
    past the join onto every record, as DuckDB otherwise does."""
    names = [name for name, _ in ctx.words[domain]]
    flags = [exp.alias_(case((e.copy(), 1), default=0), name) for name, e in ctx.words[domain]]
    every = exp.select(exp.column("concept_id", "c"), *flags).from_(ctx.table("concept", True).as_("c"))
    some = exp.or_(*(exp.column(name).eq(num(1)) for name in names))
    kept = exp.select("concept_id", *(exp.alias_(exp.Max(this=exp.column(n)), n) for n in names))
    return kept.from_(every.subquery("f")).where(some).group_by("concept_id")


WORD_TABLES = {
    "condition_words": ("condition_occurrence", "condition_concept_id"),
    "procedure_words": ("procedure_occurrence", "procedure_concept_id"),
    "drug_words": ("drug_exposure", "drug_concept_id"),  # read only as "drug_rows": every exposure
}


def _with_columns(source: str, columns: list[tuple[str, exp.Expression]]) -> exp.Select:
    """``SELECT *, <columns> FROM source`` (the expressions are used as they are: each appears once)."""
    return exp.select("*", *(exp.alias_(e, name, copy=False) for name, e in columns), copy=False).from_(source, copy=False)


def _levels(items: list[Item], names: list[str]) -> list[list[tuple[str, exp.Expression]]]:
    """Criterion codes grouped by nesting depth: a step computes one depth from the ones below."""
    depth = max((i.depth for i in items), default=0)
    levels: list[list[tuple[str, exp.Expression]]] = [[] for _ in range(depth + 1)]
    for item in items:
        levels[item.depth].append((item.column, criterion_code(item, names)))
    return levels


def _verdict(code: exp.Expression, output: str) -> exp.Expression:
    if output == "codes":
        return code
    return case((code.eq(num(MET)), exp.true()), (code.copy().eq(num(NOT_MET)), exp.false()), default=exp.null())


NOT_APPLICABLE_TEXT = "not applicable"


def _reason_texts(item: Item) -> list[tuple[int, str]]:
    """What a criterion's reason column can say, by verdict code: "not applicable" when a scope
    or population can skip it, and, when the compiler cannot express part of its rule, those
    parts (one text, the same for every person: they are known at compile time)."""
    can_skip = item.criterion.scope is not None or item.population is not None or (item.rule is None and item.defines is None)
    texts = [(NOT_APPLICABLE, NOT_APPLICABLE_TEXT)] if can_skip else []
    if item.reasons:
        texts.append((UNKNOWN, "; ".join(item.reasons)))
    return texts


def reason_codes(document: Document) -> dict[str, int]:
    """Each text a reason column can hold → its code: 1, 2, … in column order, one code per
    distinct text (a text shared by several criteria, as "not applicable" is, has one code)."""
    codes: dict[str, int] = {}
    for item in document.items:
        for _, text in _reason_texts(item):
            codes.setdefault(text, len(codes) + 1)
    return codes


def _reason(item: Item, codes: dict[str, int]) -> exp.Expression | None:
    """The criterion's reason code where the compiler knows why it is NULL, else NULL. A small
    integer, not the text: the texts (up to 500 characters) repeated on every unknown row were
    a third of the query's time over a million persons (docs/sql.md, Speed)."""
    texts = _reason_texts(item)
    if not texts:
        return None
    code = exp.column(item.column)
    return case(*((code.copy().eq(num(verdict)), num(codes[text])) for verdict, text in texts), default=exp.null())


def _steps(ctx: Context, document: Document, names: list[str]) -> list[tuple[str, exp.Expression]]:
    """Every CTE, in order: concept sets, persons, per-table aggregates, values, leaves, rules, levels."""
    tables: list[tuple[str, exp.Expression]] = []
    joins: list[str] = []
    for domain in DOMAINS:
        if in_use(ctx, domain):
            tables += _aggregated(ctx, domain)
            joins.append(f"{domain}_agg")
    scaled = exp.select("b.*", *(c for j in joins for c in person_columns(ctx, j.removesuffix("_agg"), j)))
    scaled = scaled.select(*(exp.alias_(e.copy(), name) for name, e in ctx.values)).from_("person_base AS b")
    for j in joins:
        scaled = scaled.join(j, on=f"{j}.person_id = b.person_id", join_type="left")
    rules = [(f"r{i.index}", i.rule) for i in document.items if i.rule is not None]
    rules += [(f"p{i.index}", i.population) for i in document.items if i.population is not None]
    rules += [(f"m{k}", e.copy()) for k, e in enumerate(document.memberships.values())]  # may share a rule
    steps = [("cs", concept_sets_query(ctx)), ("person_base", person_query(ctx)), *tables, ("scaled", scaled)]
    steps += [("leaves", _with_columns("scaled", ctx.leaves)), ("rules", _with_columns("leaves", rules))]
    for index, level in enumerate(_levels(document.items, names)):
        steps.append((f"level_{index}", _with_columns(steps[-1][0], level)))
    return steps


def _columns(document: Document, names: list[str], output: str, codes: dict[str, int] | None) -> list[exp.Expression]:
    """The result's columns: person_id, status, each criterion's verdict (and reason code, unless
    ``codes`` is None)."""
    status = status_code(document, names)
    if output != "codes":
        words = [exp.Literal.string(w) for w in ("eligible", "ineligible", "unknown")]
        status = case((status.eq(num(MET)), words[0]), (status.copy().eq(num(NOT_MET)), words[1]), default=words[2])
    columns: list[exp.Expression] = [exp.column("person_id"), exp.alias_(status, "status")]
    for item in document.items:
        columns.append(exp.alias_(_verdict(exp.column(item.column), output), item.criterion.id, quoted=True))
        reason = _reason(item, codes) if codes is not None else None
        if reason is not None:
            columns.append(exp.alias_(reason, f"{item.criterion.id}_reason", quoted=True))
    return columns


def assemble(ctx: Context, document: Document, output: str = "boolean", codes: dict[str, int] | None = None) -> exp.Select:
    """The whole query for a compiled document (unordered: sorting a million rows costs more than
    the rest; add ORDER BY person_id when needed), with reason columns coded by ``codes``
    (:func:`reason_codes`) unless it is None."""
    names = list(document.memberships)
    steps = _steps(ctx, document, names)
    query = exp.select(*_columns(document, names, output, codes)).from_(steps[-1][0])
    for name, step in steps:
        query = query.with_(name, as_=step, copy=False)
    return query
