"""Applications to jobs (one home for "apply": idempotency, history, attribution)."""
