"""What front ends speak, as pure functions over the public API: JSON (cattrs) and its
schemas, DSN and CSV files, configuration files. No storage, no HTTP."""
