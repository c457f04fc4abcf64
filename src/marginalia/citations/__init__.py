"""Pandoc citation syntax in Markdown, resolved against the bibliography and rendered by CSL."""
