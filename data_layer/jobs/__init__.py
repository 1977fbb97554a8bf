"""Jobs as candidates see them: search, details, the career site's featured lists."""
