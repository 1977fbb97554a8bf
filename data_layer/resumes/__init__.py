"""Resumes (room for the resume pipeline): uploads, parsed resumes in MongoDB,
resume embeddings for matching. Empty until that product lands.
"""
