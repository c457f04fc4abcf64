"""The marginalia site on Zensical: the engine-neutral core run before Zensical (tag pages
and the navigation, into a staged copy of the sources), beside it (each page's front
matter, tags and Markdown faults, as Zensical renders it) and after it (citations,
reference lists, the Bibliography, Related and Linked from, Cite this page, previews,
Pagefind search and the graph export, over the built HTML). ``python -m marginalia.zensical``.
"""
