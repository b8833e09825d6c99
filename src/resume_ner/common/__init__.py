"""Generic helpers with no ML: shared IO utilities and project constants."""
