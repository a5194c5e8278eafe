"""Screens and dialogs of the review UI."""
