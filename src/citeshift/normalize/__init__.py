"""Small, shared, single-purpose normalisers used by several readers and writers."""
