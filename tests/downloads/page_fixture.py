"""A built critique as MkDocs and Material write it, cut to what the downloads read."""

from __future__ import annotations

PAGE = """<!doctype html>
<html lang="en"><head><title>Reading X - Fixture</title></head>
<body><div class="md-content"><article class="md-content__inner md-typeset">
<a class="md-content__button md-icon" href="edit">Edit</a>
<h1 id="reading">Reading &lt;X&gt;<a class="headerlink" href="#reading">&para;</a></h1>
<p>The opening paragraph.</p>
<h2 id="one">1. The first step<a class="headerlink" href="#one">&para;</a></h2>
<div class="mg-annotated">
<p>It says <q>short words</q> <span class="citation mg-cite"><a href="#ref-slay">Slay &amp;
Stephens, 2013</a><span class="mg-cite__preview" data-search-exclude>PREVIEW TEXT</span></span>
and <mark class="mg-target">a passage</mark><sup class="mg-ref"><a href="#note-a">1</a></sup>
with <em>emphasis</em> and <strong>weight</strong>.</p>
<div class="mg-notes"><aside class="mg-note" id="note-a" role="note">
<p class="mg-note__head"><span class="mg-note__label">Note 1</span> <a class="headerlink">↩︎</a></p>
<div class="mg-note__body"><p>The note's own text, citing (Ostrom, 1996).</p></div>
</aside></div>
</div>
<blockquote><p>A quoted sentence.</p></blockquote>
<ul><li>An item</li><li>Another item</li></ul>
<section class="mg-references" id="mg-references" data-search-exclude><h2>References</h2>
<div class="references csl-bib-body" role="list">
<div id="ref-ostrom" class="csl-entry" role="listitem">Ostrom, E. (1996). <em>Crossing the great
divide</em>. <a aria-label="This work in the Bibliography" href="#">↗</a></div>
<div id="ref-slay" class="csl-entry" role="listitem">Slay, J., &amp; Stephens, L. (2013).
Co-production in mental health.</div>
</div></section>
<aside class="mg-crosslinks" data-search-exclude><h2>Related</h2><ul><li>RELATED PAGE</li></ul></aside>
<details class="marginalia-cite quote" id="cite-this-page" data-search-exclude>
<summary>Cite this page</summary><p class="marginalia-cite__style">APA Style 7th edition</p>
<div class="marginalia-cite__reference"><em>Reading X</em>. (n.d.). Fixture.
Retrieved <a href="https://example.org/essays/x/">https://example.org/essays/x/</a></div>
<p class="marginalia-cite__style">BibTeX</p><pre><code>@misc{x}</code></pre>
</details>
</article></div></body></html>
"""
