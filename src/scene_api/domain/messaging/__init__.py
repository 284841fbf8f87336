"""Messages that reach members: routing per member, delivery jobs, provider adapters and their reports."""
