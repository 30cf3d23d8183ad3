"""Reports: Quarto documents rendered to self-contained HTML and PDF.

`render_report` uses Quarto when it is installed and otherwise a built-in chain of the same
parts (jupytext, a Jupyter kernel, pandoc, Typst).

How a template reads its parameters: declare them with defaults as plain variables in a code
cell tagged `#| tags: [parameters]`; the values passed to `render_report` are assigned right
after that cell, under the same names. This is Quarto's convention for Python, so the template
renders the same both ways. The built-in chain additionally accepts defaults under `params:` in
the front matter and defines `params`, a dict of all values.
"""

from gelijkekansen.report.render.engine import FORMATS, render_report
from gelijkekansen.report.render.errors import RenderError

__all__ = ["FORMATS", "RenderError", "render_report"]
