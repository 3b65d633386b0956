"""The generators of bench/scale.py: users and grants, obligations, extension requests,
stockpile records, Article 7 reports, and the history the services would have recorded
for each. Each module adds one kind of record to a `World` (world.py)."""
