"""PubMed XML (PubmedArticleSet) reader."""
