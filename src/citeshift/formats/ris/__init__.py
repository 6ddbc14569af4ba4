"""RIS: the tagged format EndNote, Zotero, Mendeley and the databases exchange."""
