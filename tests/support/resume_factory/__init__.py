"""Synthetic healthcare resumes with known ground truth (issue 12, quality measurement).

``make_resume(rng, layout)`` draws one person (``people``), their licenses,
certifications, work history, education and skills (``content``), renders them
(``layouts``) and returns the file's bytes together with the ground truth in the
contract's ``structured_data`` + ``details`` shape (``truth``).
"""

from tests.support.resume_factory.factory import LAYOUTS, TODAY, SyntheticResume, make_resume

__all__ = ["LAYOUTS", "TODAY", "SyntheticResume", "make_resume"]
