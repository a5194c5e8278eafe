"""The Textual review UI. Only this package imports Textual; the engine never does."""
