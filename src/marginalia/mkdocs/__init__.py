"""The thin MkDocs layer: one plugin that hands each build event to the capabilities."""
