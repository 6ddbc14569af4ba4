"""Fields each CSL type needs to be citable: the table ``check`` tests records against.

One row per CSL type; each requirement is a tuple of alternatives (any one
will do: a book may have editors instead of authors) and a severity. An error
is a field no style can do without (who, what, when, where it was published);
a warning is one most styles print and a reader would miss (volume, pages).
Types not listed need a title only.
"""

from __future__ import annotations

from citeshift.diagnostics import Severity

E = Severity.ERROR
W = Severity.WARNING

Requirement = tuple[tuple[str, ...], Severity]

WHO = ("author", "editor")
WHO_ANY = ("author", "editor", "director", "composer", "translator", "interviewer", "recipient")

REQUIRED: dict[str, tuple[Requirement, ...]] = {
    "article-journal": ((("title",), E), (("author",), E), (("container-title",), E),
                        (("issued",), E), (("volume",), W), (("page", "number"), W)),
    "article-magazine": ((("title",), E), (("container-title",), E), (("issued",), E)),
    "article-newspaper": ((("title",), E), (("container-title",), E), (("issued",), E)),
    "article": ((("title",), E), (WHO, E), (("issued",), E)),
    "book": ((("title",), E), (WHO, E), (("publisher",), W), (("issued",), E)),
    "chapter": ((("title",), E), (("author",), E), (("container-title",), E),
                (("publisher",), W), (("issued",), E), (("page",), W)),
    "paper-conference": ((("title",), E), (("author",), E),
                         (("container-title", "event-title"), E), (("issued",), E)),
    "thesis": ((("title",), E), (("author",), E), (("publisher",), E), (("issued",), E),
               (("genre",), W)),
    "report": ((("title",), E), ((*WHO, "publisher"), E), (("publisher",), W),
               (("issued",), E)),
    "webpage": ((("title",), E), (("URL",), E), (("issued", "accessed"), W)),
    "post-weblog": ((("title",), E), (("URL",), E), (("issued",), W)),
    "dataset": ((("title",), E), ((*WHO, "publisher"), E), (("issued",), E),
                (("DOI", "URL"), W)),
    "software": ((("title",), E), ((*WHO, "publisher"), W), (("issued", "version"), W),
                 (("URL", "DOI"), W)),
    "patent": ((("title",), E), (("author",), E), (("number",), E), (("issued",), E)),
    "manuscript": ((("title",), E), (WHO, E), (("issued",), W)),
    "legal_case": ((("title",), E), (("authority",), W), (("issued",), E)),
    "legislation": ((("title",), E), (("issued",), W)),
    "motion_picture": ((("title",), E), (WHO_ANY, W), (("issued",), E)),
    "entry-encyclopedia": ((("title",), E), (("container-title",), E), (("issued",), W)),
    "entry-dictionary": ((("title",), E), (("container-title",), E), (("issued",), W)),
    "review": ((("title", "reviewed-title"), E), (("author",), E), (("container-title",), E),
               (("issued",), E)),
    "interview": ((("title",), W), (WHO_ANY, E), (("issued",), E)),
    "personal_communication": ((WHO_ANY, E), (("issued",), E)),
}

DEFAULT: tuple[Requirement, ...] = ((("title",), E),)


def requirements(csl_type: str) -> tuple[Requirement, ...]:
    return REQUIRED.get(csl_type, DEFAULT)
