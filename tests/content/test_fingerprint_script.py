"""scripts/fingerprint-sources: a fingerprint from a folder given on the command line."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.content.sources import REPO

from fingerprints import Fingerprints, words

SCRIPT = REPO / "scripts" / "fingerprint-sources"
TEXT = " ".join(f"word{i}" for i in range(30))
BIB = "@misc{made, title = {A made-up work}, year = {2020}}\n"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_the_script_fingerprints_the_folder_it_is_given(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "essay.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sources" / "checked.bib").write_text(BIB, encoding="utf-8")
    out = tmp_path / "prints.json"
    done = _run(str(tmp_path / "sources"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    written = out.read_text(encoding="utf-8")
    assert "word1" not in written and "made-up" not in written
    prints = Fingerprints.from_json(written)
    (essay,) = prints.texts
    assert essay.word_count == 30
    assert essay.copied_runs(words(TEXT)) == list(range(30 - 12 + 1))
    assert essay.holds_phrase(["word3", "word4"])
    assert set(json.loads(written)["bibliographies"]["checked.bib"]["made"]) == {
        "@type",
        "title",
        "year",
    }


def test_a_folder_without_texts_is_refused(tmp_path):
    done = _run(str(tmp_path), "--out", str(tmp_path / "x.json"))
    assert done.returncode == 1
    assert "holds no .txt source text" in done.stderr
    assert not (tmp_path / "x.json").exists()
