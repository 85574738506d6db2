"""A Pygments lexer for Mote, registered under the alias ``mote`` (entry point ``pygments.lexers``),
so nbconvert's HTML, Sphinx (``.. code-block:: mote``) and ``pygmentize -l mote`` highlight it.

It follows Mote's own lexer: ``#`` comments; strings on one line with the escapes ``\\n \\t \\" \\\\``;
numbers ``3``, ``0.5``, ``.5``, ``1e-3`` with an optional unit written right after (``30ms``,
``16kHz``, ``256KB``, ``80%``); the keywords; the builtins of the registry (``builtins.py``).
"""

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (Comment, Keyword, Name, Number, Operator, Punctuation, String, Whitespace)

from .builtins import CONSTANTS, FUNCTIONS

__all__ = ["MoteLexer"]

# Mote's units, longest first so `ms` is not read as `m` + `s`.
UNITS = ("kHz", "MHz", "Hz", "ms", "us", "KB", "MB", "s", "B")
IDENTIFIER = r"[^\W\d]\w*"
# A fraction needs a digit after the dot, so `3.mean()` stays a member access.
MANTISSA = r"(?:\d+(?:\.\d+)?|\.\d+)"
EXPONENT = r"(?:[eE][+-]?\d+)"


class MoteLexer(RegexLexer):
    """Mote, the TinyML notebook language of the Mote Jupyter kernel."""

    name = "Mote"
    aliases = ["mote"]
    filenames = ["*.mote"]
    mimetypes = ["text/x-mote"]

    tokens = {
        "root": [
            (r"\n", Whitespace),
            (r"[^\S\n]+", Whitespace),
            (r"#.*$", Comment.Single),
            (r'"', String.Double, "string"),
            # `model wand {`: the model's name is being defined.
            (r"(model)(\s+)(" + IDENTIFIER + ")", bygroups(Keyword.Declaration, Whitespace, Name.Class)),
            (r"(for)(\s+)(" + IDENTIFIER + r")(\s+)(in)\b",
             bygroups(Keyword, Whitespace, Name.Variable, Whitespace, Keyword)),
            (words(("model",), suffix=r"\b"), Keyword.Declaration),
            (words(("for", "in", "assert"), suffix=r"\b"), Keyword),
            (words(("and", "or", "not"), suffix=r"\b"), Operator.Word),
            (words(("true", "false", "none"), suffix=r"\b"), Keyword.Constant),
            # Quantities: the number, then its unit (`%` needs no word boundary).
            (r"(" + MANTISSA + EXPONENT + r"?)(%|(?:" + "|".join(UNITS) + r")\b)",
             bygroups(Number.Float, Keyword.Type)),
            # `3.mean()`: a whole number, then a member.
            (r"(\d+)(?=\.[^\W\d])", Number.Integer),
            (r"\d+" + EXPONENT + r"|\d+\.\d+" + EXPONENT + r"?|\.\d+" + EXPONENT + r"?", Number.Float),
            (r"\d+", Number.Integer),
            # `epochs: 20`: a keyword argument's name.
            (r"(" + IDENTIFIER + r")(\s*)(:)(?!\s*\])", bygroups(Name.Attribute, Whitespace, Punctuation)),
            (words(FUNCTIONS, prefix=r"(?<![.\w])", suffix=r"\b"), Name.Builtin),
            (words(CONSTANTS, prefix=r"(?<![.\w])", suffix=r"\b"), Name.Builtin.Pseudo),
            (r"(\.)(" + IDENTIFIER + ")", bygroups(Punctuation, Name.Attribute)),
            (IDENTIFIER, Name),
            (r"\*\*|==|!=|<=|>=|[-+*/@<>=]", Operator),
            (r"[()\[\]{},:;.?]", Punctuation),
        ],
        "string": [
            (r'\\[nt"\\]', String.Escape),
            (r'[^"\\\n]+', String.Double),
            (r'"', String.Double, "#pop"),
            # An unknown escape or a string left open at the end of the line: Mote reports it;
            # highlighting just ends the string.
            (r"\\", String.Double),
            (r"(?=\n)", String.Double, "#pop"),
        ],
    }
