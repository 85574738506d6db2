"""papermill's parameter translator for Mote, so ``papermill -p epochs 5`` injects ``epochs = 5``.

papermill picks a translator by kernel name, then by language, from
``papermill.translators.papermill_translators``; it has no entry-point group for translators. It does
load every ``papermill.engine`` entry point while ``papermill`` is being imported, so this package
declares one (``mote``, papermill's own nbclient engine under another name) pointing into this
module, and importing the module registers the translator. Any ``import papermill`` in an
environment where this package is installed (the papermill CLI, ``papermill.execute_notebook``)
therefore knows Mote, with nothing else to configure.
"""

import math
import re

from papermill.engines import NBClientEngine
from papermill.models import Parameter
from papermill.translators import Translator, papermill_translators

__all__ = ["MoteTranslator", "MoteEngine"]


class MoteTranslator(Translator):
    """Python values as Mote literals: numbers, strings (escapes ``\\n \\t \\" \\\\``), ``true``/``false``,
    ``none`` and lists. Mote has no dictionaries, so a dict parameter is an error that says so."""

    @classmethod
    def translate_str(cls, val):
        # Mote's escapes are exactly these four; every other character, non-ASCII included, is
        # written as itself (Python's unicode_escape, papermill's default, would emit \x.. and \u....,
        # which Mote rejects).
        escaped = val.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{escaped}"'

    @classmethod
    def translate_none(cls, val):
        return "none"

    @classmethod
    def translate_bool(cls, val):
        return "true" if val else "false"

    @classmethod
    def translate_int(cls, val):
        return str(val)

    @classmethod
    def translate_float(cls, val):
        if not math.isfinite(val):
            raise ValueError(f"Mote has no literal for {val!r}: pass a finite number")
        return repr(val)

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(item) for item in val) + "]"

    @classmethod
    def translate_dict(cls, val):
        raise ValueError("Mote has no dictionaries: pass each entry as its own parameter")

    @classmethod
    def comment(cls, cmt_str):
        return f"# {cmt_str}".strip()

    # `name = value  # help`, one a line, as a parameters cell is written.
    _ASSIGNMENT = re.compile(r"^\s*([^\W\d]\w*)\s*=\s*(.*?)\s*(?:#\s*(.*))?$")

    @classmethod
    def inspect(cls, parameters_cell):
        """The ``name = value  # help`` lines of a parameters cell (for ``papermill --help-notebook``)."""
        parameters = []
        for line in parameters_cell.source.splitlines():
            match = cls._ASSIGNMENT.match(line)
            if not match or line.lstrip().startswith("#"):
                continue
            name, default, help_text = match.groups()
            # A `#` inside a string belongs to the string, not to a comment.
            if default.count('"') % 2 == 1 and help_text is not None:
                default, help_text = f"{default} #{line.split('#', 1)[1]}".strip(), None
            parameters.append(Parameter(name=name, inferred_type_name=cls._type_name(default),
                                        default=default, help=help_text or ""))
        return parameters

    @staticmethod
    def _type_name(literal):
        if literal in ("true", "false"):
            return "bool"
        if literal == "none":
            return "NoneType"
        if literal.startswith('"'):
            return "str"
        if literal.startswith("["):
            return "list"
        if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", literal):
            return "number"
        if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(%|s|ms|us|Hz|kHz|MHz|B|KB|MB)", literal):
            return "quantity"
        return "None"


class MoteEngine(NBClientEngine):
    """papermill's nbclient engine, unchanged: the entry point that makes papermill import this module."""


papermill_translators.register("mote", MoteTranslator)
