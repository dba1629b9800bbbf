"""The rule tree as SQL over an OMOP CDM database: whole patient populations in one query.

``criteria.sql.compile(tree, dialect="duckdb", as_of=…)`` builds a sqlglot expression tree (never
string formatting) whose result has one row per person: ``person_id``, ``status`` (eligible /
ineligible / unknown) and one three-valued column per criterion (TRUE met, FALSE not met, NULL
unknown or not applicable), with a ``<id>_reason`` column beside a criterion when the compiler
knows why it can be NULL (text not understood, a rule the CDM cannot answer, a cohort scope): an
integer code whose text is in :attr:`CompiledSQL.reason_texts` and :meth:`CompiledSQL.reason_table`.
Semantics are the evaluator's (docs/evaluation.md); the mapping to the CDM tables is in
docs/sql.md. Needs the ``sql`` extra (``pip install 'criteria[sql]'``: sqlglot, duckdb).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Mapping, Sequence

from ..errors import InputTypeError, InputValueError, MissingDependencyError
from ..tree.nodes import Criteria

DIALECTS = ("duckdb", "spark", "databricks", "bigquery", "postgres", "snowflake", "tsql")

__all__ = ["compile", "CompiledSQL", "DIALECTS"]


@dataclass(frozen=True)
class CompiledSQL:
    """A compiled trial: the query (``.sql`` in ``dialect``, ``.expression`` the sqlglot tree),
    the criterion columns in text order, per criterion what the SQL cannot express
    (``reasons``), and what each code of the ``<id>_reason`` columns says (``reason_texts``:
    "not applicable", or a criterion's reasons joined by "; "; empty when the query has no
    reason columns). The texts are known at compile time, so the query gives each row a code,
    not the text: ``df["I3_reason"].map(compiled.reason_texts)`` in pandas, or a join with
    :meth:`reason_table` in SQL, gives the text back."""

    expression: Any
    dialect: str
    as_of: date
    criteria: tuple[str, ...]
    reasons: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reason_texts: Mapping[int, str] = field(default_factory=dict)

    @property
    def sql(self) -> str:
        """The query text in :attr:`dialect`."""
        return self.to(self.dialect)

    def to(self, dialect: str, pretty: bool = False) -> str:
        """The same query in another dialect sqlglot writes."""
        return self.expression.sql(dialect=_dialect(dialect), pretty=pretty)

    def reason_table(self, dialect: str | None = None, pretty: bool = False) -> str:
        """``reason_texts`` as a query of two columns, ``code`` and ``reason`` (a VALUES relation;
        no rows when there are no reason columns), in :attr:`dialect` unless another is given:
        ``… LEFT JOIN (<reason_table>) AS r ON r.code = v."I3_reason"``."""
        from sqlglot import exp

        if self.reason_texts:
            rows = [(exp.Literal.number(code), exp.Literal.string(text)) for code, text in self.reason_texts.items()]
            relation = exp.values(rows, alias="reason_texts", columns=["code", "reason"])
            query = exp.select("code", "reason").from_(relation)
        else:  # VALUES needs a row: the same two columns, typed, and none of them
            nothing = (exp.alias_(exp.cast(exp.null(), "INT"), "code"), exp.alias_(exp.cast(exp.null(), "TEXT"), "reason"))
            query = exp.select(*nothing).where(exp.false())
        return query.sql(dialect=_dialect(dialect or self.dialect), pretty=pretty)

    def __str__(self) -> str:
        return self.sql


def _dialect(dialect: str) -> str:
    if dialect not in DIALECTS:
        raise InputValueError(f"dialect {dialect!r} is not one of {', '.join(DIALECTS)}")
    return dialect


def compile(  # noqa: A001 - the name the issue and the evaluator use
    tree: Criteria,
    dialect: str = "duckdb",
    as_of: date | None = None,
    cdm_schema: str | None = None,
    vocab_schema: str | None = None,
    concept_sets: Mapping[str, Sequence[int]] | None = None,
    output: Literal["boolean", "codes"] = "boolean",
    reasons: bool = True,
    absence: Literal["clears", "decides"] = "clears",
) -> CompiledSQL:
    """Compile a parsed trial to one SQL query over an OMOP CDM database.

    ``as_of`` (default today) is the screening date every age and window is measured from.
    ``cdm_schema`` / ``vocab_schema`` qualify the CDM and vocabulary tables (unqualified when
    ``None``: the connection's default schema). ``concept_sets`` overrides a concept's set by its
    name (``{"hypertension": [320128, …]}``; the name is the node's ``name``, or a lab's
    ``analyte``). ``output="codes"`` gives the evaluator's integer verdict codes instead of
    booleans (0 not met, 1 unknown, 2 met, 3 not applicable; status 0/1/2), and no reason
    columns (the code says not applicable; :attr:`CompiledSQL.reasons` says why a criterion can
    be unknown). ``reasons=False`` leaves out the ``<id>_reason`` columns (integer codes, see
    :class:`CompiledSQL`) for those who only want the verdicts.
    ``absence`` is the evaluator's: what the silence of an observed person's tables may settle,
    only what clears a person ("clears") or also what rules one out ("decides": the database is
    the whole record, as for counting who could be ruled out).
    """
    try:
        import sqlglot  # noqa: F401
    except ImportError as exc:  # pragma: no cover - the extra is part of the test setup
        raise MissingDependencyError("criteria.sql needs sqlglot: pip install 'criteria[sql]'") from exc
    from ..evaluate.other import study_conditions
    from .context import Context
    from .document import flatten
    from .query import assemble, reason_codes
    from . import events, measures, person  # noqa: F401 - register their kinds

    if not isinstance(tree, Criteria):
        raise InputTypeError(f"compile() needs a Criteria tree (from parse_criteria), not {type(tree).__name__}")
    if as_of is None:
        as_of = date.today()
    if not isinstance(as_of, date) or hasattr(as_of, "hour"):
        raise InputTypeError(f"as_of is a datetime.date, not {type(as_of).__name__}")
    if output not in ("boolean", "codes"):
        raise InputValueError(f"output is 'boolean' or 'codes', not {output!r}")
    if absence not in ("clears", "decides"):
        raise InputValueError(f"absence is 'clears' or 'decides', not {absence!r}")
    overrides = {name: tuple(int(c) for c in ids) for name, ids in (concept_sets or {}).items()}
    ctx = Context(as_of=as_of, cdm_schema=cdm_schema, vocab_schema=vocab_schema, overrides=overrides, absence=absence,
                  study=study_conditions(tree))
    document = flatten(tree, ctx)
    codes = reason_codes(document) if reasons and output != "codes" else None
    query = assemble(ctx, document, output, codes)
    why = {i.criterion.id: tuple(i.reasons) for i in document.items if i.reasons}
    texts = {code: text for text, code in (codes or {}).items()}
    return CompiledSQL(query, _dialect(dialect), as_of, tuple(i.criterion.id for i in document.items), why, texts)
