"""Within one model version, results are bit-identical to the committed reference table."""

from __future__ import annotations

import difflib

from reference_runs import REFERENCE, as_text, reference_table


def test_results_are_bit_identical_to_the_reference_table():
    expected = REFERENCE.read_text(encoding="utf-8")
    actual = as_text(reference_table())
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "reference",
                                    "now", n=0, lineterm="")
        raise AssertionError("results differ from tests/data/reference.csv (if the change is "
                             "meant to alter results, bump the model version and regenerate "
                             "it):\n" + "\n".join(list(diff)[:20]))
