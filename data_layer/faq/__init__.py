"""The FAQ knowledge base: passages of the live FAQ articles, embedded in pgvector, and
retrieval for the chat (vector similarity and keyword overlap, with a calibrated floor
below which the chat says it does not know)."""
