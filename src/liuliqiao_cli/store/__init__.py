"""The ledger file: opening it, migrations, the append-only history, running totals, the bulk path, ids."""
