"""The sentence-transformers model and the pgvector job/resume embeddings.

* :mod:`.model` - :class:`~.model.EmbeddingModel` (bundled all-MiniLM-L6-v2, CPU,
  offline), the :class:`~.model.TextEncoder` protocol, :func:`~.model.text_hash`;
* :mod:`.jobs` - the text embedded for a job, the jobs whose embedding is missing or
  stale, storing their vectors, and the batch backfill;
* :mod:`.resumes` - a candidate's resume embedding;
* :mod:`.search` - k-NN searches of jobs and candidates through the HNSW indexes;
* :mod:`.vectors` - the executor type and vector checks they share.
"""
