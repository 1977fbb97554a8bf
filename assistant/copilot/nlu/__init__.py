"""The recruiter copilot's offline language understanding."""
