"""A section over ``navigation.section_limit`` lists only its index page in the navigation,
and the index page lists its pages, on Zensical as on MkDocs."""

from __future__ import annotations

import re

import yaml

from tests.engines.conftest import build, copy_project
from tests.engines.parity import differences, site_facts

_PAGES = 55  # over the default limit of 50


def test_a_large_section_is_listed_by_its_index_page_on_both_engines(tmp_path):
    project = copy_project(tmp_path / "project")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for entry in config["nav"]:
        if "Concepts" in entry:
            for number in range(_PAGES):
                src = f"concepts/extra-{number:02d}.md"
                entry["Concepts"].append(src)
                (project / "docs" / src).write_text(
                    f"---\ntitle: Extra {number:02d}\nsummary: Extra page {number}.\n"
                    "tags: [power]\n---\n\n# Extra\n\nText.\n",
                    encoding="utf-8",
                )
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    sites = {}
    for engine in ("mkdocs", "zensical"):
        done = build(engine, project, tmp_path / f"site-{engine}")
        assert done.returncode == 0, done.stderr
        sites[engine] = tmp_path / f"site-{engine}"
    facts = {engine: site_facts(site) for engine, site in sites.items()}
    listing = facts["zensical"]["pages"]["concepts/index.html"]["section_listing"]
    assert len(listing) == _PAGES and listing[0] == ("extra-00/", "Extra 00: Extra page 0.")
    for record in facts["zensical"]["search"].values():
        record["anchors"] = [a for a in record["anchors"] if a[0] != "__skip"]
    assert differences(facts["mkdocs"], facts["zensical"]) == []
    page = (sites["zensical"] / "concepts/power/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'href="\.\./extra-\d\d/"', page)) < 5  # not the whole section
