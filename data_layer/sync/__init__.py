"""Everything the LaborEdge sync writes: job upserts, runs, locks, quarantine, master data."""
