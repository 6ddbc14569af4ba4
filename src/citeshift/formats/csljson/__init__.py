"""CSL-JSON (and CSL-YAML): the canonical, lossless format."""
