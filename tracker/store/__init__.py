"""The store: the database's shape and connections (`db`), writing events with their history
(`ingest`), reading them back (`nested`, `history`), checking (`check`), building from
`data/` (`build`), the derived serving tables (`derived`) and summaries (`stats`)."""
