"""Refer and EndNote tagged (.enw): reader and writer over the EndNote data model."""
