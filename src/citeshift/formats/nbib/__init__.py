"""PubMed/MEDLINE tagged format (``.nbib``)."""
