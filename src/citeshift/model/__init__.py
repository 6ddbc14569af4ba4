"""The internal citation model (CSL-JSON based) shared by every reader and writer."""

from citeshift.model.dates import Date, parse_date
from citeshift.model.item import CUSTOM_NS, Item, Origin, SourceRecord, Value
from citeshift.model.names import Name

__all__ = ["CUSTOM_NS", "Date", "Item", "Name", "Origin", "SourceRecord", "Value", "parse_date"]
