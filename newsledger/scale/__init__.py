"""Scale: bounded worker processes, the parallel ingest driver, the Ray engine and its Parquet shards."""
