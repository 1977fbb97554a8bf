"""Change data capture (database-schema.md 6.2): job changes published as events.

A transactional outbox. The sync writes one ``outbox_events`` row per job it opened,
changed, reopened or closed, in the same transaction as the change (:mod:`.jobs`,
called from ``data_layer.sync``); consumer groups read them in commit-safe order after
their own position and move it in the transaction that does their work
(:mod:`.consumer`). Two consumers ship: the content pipeline's re-planning marks
(:mod:`.content`) and the copilot answer cache's invalidation (:mod:`.caches`).
README "Change data capture" says why an outbox rather than logical decoding.
"""
