"""The analyse stage: statistics on counts, comparisons, disclosure control, references,
targets, the leadership summary and the counts-only compare."""
