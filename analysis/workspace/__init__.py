"""The workspace: a GeoPackage of imported layers plus their catalogue."""

from analysis.workspace.catalogue import CatalogueEntry, DatasetKind, SourceFile
from analysis.workspace.workspace import Transaction, Workspace

__all__ = ["CatalogueEntry", "DatasetKind", "SourceFile", "Transaction", "Workspace"]
