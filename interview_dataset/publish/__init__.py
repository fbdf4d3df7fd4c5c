"""Publishing: Arrow tables from validated models, sharded Parquet, the HF folder, card,
Croissant file and checksums, swapped into place atomically."""
