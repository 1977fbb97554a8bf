"""Searches, job views and chat events recorded for reporting."""
