"""Demo FAQ articles: what a travel-healthcare agency's candidates ask most, as its editors
would write it (English, and Spanish where the agency's Spanish-speaking candidates ask).

These are DEMO policies of the fictional Excel Medical Staffing, written for the
development stack and the tests: an agency replaces them with its own (the editors' desk
edits them like any page). They go in as editor-written versions and are approved through
the review service (:func:`devstack.faq_seed.seed_faq`), so the public pages and the chat
serve them exactly as they would serve the agency's own.
"""

from devstack.faq_demo.articles import ARTICLES, DemoArticle

__all__ = ["ARTICLES", "DemoArticle"]
