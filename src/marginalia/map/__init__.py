"""The map of the knowledge base: pages, tags and the works they share, drawn as SVG.

Plain Python over the same data as ``graph.json`` (``marginalia.tags.graph.graph_data``):
``views`` chooses what one map shows (the overview of tags, or one tag's pages and the works
they share), ``layout`` places it deterministically, ``render`` writes the SVG and the text
list that gives keyboard and screen-reader users the same content.
"""
