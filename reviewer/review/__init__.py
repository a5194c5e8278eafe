"""Review: the session log (events, store), the review session, and the view the UI and the CLI read."""
