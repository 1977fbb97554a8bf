"""Users and candidates: sign-up, login sessions, login and registration throttling."""
