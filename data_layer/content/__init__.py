"""Content desk (room): AI drafts in MongoDB, the quality gate, editor review and
published pages. Empty until that product lands.
"""
