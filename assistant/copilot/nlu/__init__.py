"""The recruiter copilot's offline language understanding: one question (+ the
conversation's state, + today) in, a :data:`~.reading.Reading` out; pure, no database.

* :mod:`.text` - typos and shorthand ("placments", "apps", "lic", "last wk");
* :mod:`.periods` - "this week", "Q3", "since June", "next 60 days", in words again;
* :mod:`.topics` - which metric; :mod:`.shape` - one number, a breakdown, a ranking, a list;
* :mod:`.grounding` - professions, specialties, states from the master data (through the chat
  lexicon), recruiters and jobs named, unknown words; :mod:`.sources` - "from Indeed";
* :mod:`.refusals` - writes, SQL, injections, secrets; :mod:`.recipes` - fixed read-only
  queries for questions beyond the metrics; :mod:`.follow_up` - "and last month?";
* :mod:`.understand` - the entry point, :func:`~.understand.read_question`.
"""
