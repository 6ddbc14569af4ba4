"""EndNote XML: reader, writer and the EndNote data model shared with EndNote tagged."""
