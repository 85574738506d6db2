"""Mote in the Python side of the Jupyter ecosystem.

- ``mote_jupyter.lexer.MoteLexer``: a Pygments lexer (alias ``mote``) so nbconvert's HTML, Sphinx
  and anything else that highlights with Pygments colours Mote code.
- ``mote_jupyter.papermill_translator``: papermill's parameter translator for the ``mote`` kernel,
  so ``papermill -p epochs 5`` injects Mote assignments.

Neither module is imported here: highlighting must not pull in papermill, nor papermill the lexer.
"""

__version__ = "0.1.0"
