"""Chat sessions (PostgreSQL), transcripts (MongoDB) and handoffs to recruiters."""
