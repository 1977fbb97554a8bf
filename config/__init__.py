"""Settings and logging shared by every process: the API, the workers, the CLI.

Imports nothing of the project, so any layer may import it.
"""
