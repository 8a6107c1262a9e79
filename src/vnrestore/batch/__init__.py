"""Batch runs: inputs become work units (one per document), run on an executor, with resume."""
