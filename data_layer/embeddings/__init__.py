"""The sentence-transformers model and the pgvector job/resume embeddings."""
