"""What leaves the office: Excel reports, offline HTML maps and print maps."""
