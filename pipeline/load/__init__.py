"""Writers: records out as JSON lines, CSV or a table for people, and into the warehouse."""
