"""Stage 4: the grammar reads the spans spaCy marked and builds typed nodes.

* :mod:`.lexer` turns tokens and cue spans into terminals (:class:`Lexeme`);
* :mod:`.facade` owns the one Lark LALR parser and finds the longest match of a rule family;
* :mod:`.scanner` walks a criterion's terminals left to right, keeping longest matches;
* :mod:`.transformer` (with one mixin per family, e.g. :mod:`.age`) builds the nodes.
"""

from .facade import Grammar, get_grammar
from .lexer import Lexeme, lex
from .scanner import Match, scan

__all__ = ["Grammar", "Lexeme", "Match", "get_grammar", "lex", "scan"]
