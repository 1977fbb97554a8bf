"""A candidate's own profile, as they change it themselves (the chat's account questions)."""
