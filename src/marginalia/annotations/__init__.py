"""Margin notes attached to passages of an essay."""
