"""Backlinks in context: the sentence around each link that leads to a page."""
