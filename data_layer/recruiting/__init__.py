"""Recruiter copilot (room): pipeline analytics scoped to a recruiter, share links,
the handoff inbox. Empty until that product lands.
"""
