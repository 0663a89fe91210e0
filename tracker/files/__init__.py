"""Import and export: reading event files with line numbers (`readers`), validating them
(`validate`), and taking the data away as nested events, tables, queries (`export`) or a
Frictionless data package with its codebook (`datapackage`, `codebook`)."""
