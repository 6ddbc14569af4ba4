"""BibTeX and BibLaTeX: one reader for both dialects, a writer for each, and bibtxt.

Modules: ``reader`` (blocks from bibtexparser -> raw entries, macros, crossref),
``values`` (the value grammar), ``convert`` (raw entry -> item), ``mapping`` (the
type and field tables, both directions), ``latex`` (LaTeX <-> Unicode and CSL
markup), ``names`` (BibTeX's name rules), ``keys`` (citation keys), ``writer``,
``bibtxt``.
"""
