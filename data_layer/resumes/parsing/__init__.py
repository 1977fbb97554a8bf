"""The deterministic resume parser: plain text in, a :class:`~..structure.ParsedResume` out.

No model, only regular expressions and the master vocabularies (professions, specialties,
states, certifications), so it runs anywhere in milliseconds and is the same every time.
Entry point: :func:`data_layer.resumes.parsing.engine.parse_resume_text`, public (with the
types and the evidence check) through :mod:`data_layer.resumes.structure`.

Modules by concern: :mod:`.model` (the typed values), :mod:`.evidence` (the check that
drops a value its evidence does not support), :mod:`.text` (lines, bullets, term
matching), :mod:`.dates`, :mod:`.places` (states, "City, ST"), :mod:`.vocab` (license
types, certifications, issuers), :mod:`.sections`, and one module per part of a resume
(:mod:`.contact`, :mod:`.licenses`, :mod:`.certifications`, :mod:`.experience`,
:mod:`.education`, :mod:`.skills`). Nothing here imports :mod:`..structure`: the modules
of ``data_layer.resumes`` must not import each other in a cycle (pyproject's contracts).
"""
