"""The schema and the file format: every table and column described once (`models`),
the event file that curators write (`eventfile`), and the catalog read from both."""
