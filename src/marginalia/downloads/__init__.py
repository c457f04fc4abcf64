"""An essay to take away: each critique as EPUB and PDF, made from its built page.

``extract`` reads the built HTML into an :class:`~marginalia.downloads.essay.Essay` (text
blocks, margin notes as numbered notes, the references, "Cite this page"); ``epub`` and
``pdf`` write it; ``make`` runs both for many pages in a worker process with a cache keyed
by content, so a build goes on while the files are made and a rebuild makes only what
changed.
"""
