"""Streaming, size-bounded Parquet shards named `<split>-NNNNN-of-NNNNN.parquet`.

Rows are appended batch by batch with `pyarrow.parquet.ParquetWriter`, so memory does not
grow with the corpus; a new shard starts when the current one passes `max_shard_bytes`.
Shards get their final `-of-NNNNN` names when the writer closes. Writer options are fixed so
that the same rows give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

#: Shard size bound, as for `push_to_hub` (datasets' MAX_SHARD_SIZE is 500 MB).
MAX_SHARD_BYTES = 500 * 1000 * 1000
WRITER_OPTIONS = dict(
    compression="zstd",
    compression_level=3,
    use_dictionary=True,
    write_statistics=True,
    data_page_version="1.0",
    version="2.6",
    write_page_index=False,
    use_content_defined_chunking=False,
)
ROW_GROUP_ROWS = 10_000


class ShardedParquetWriter:
    def __init__(self, directory: Path, split: str, schema: pa.Schema, max_shard_bytes: int = MAX_SHARD_BYTES):
        self.directory = directory
        self.split = split
        self.schema = schema
        self.max_shard_bytes = max_shard_bytes
        self.paths: list[Path] = []
        self.num_rows = 0
        self.num_bytes = 0  # in-memory Arrow size, as datasets reports `num_bytes`
        self._writer: pq.ParquetWriter | None = None
        self._sink: pa.OSFile | None = None
        directory.mkdir(parents=True, exist_ok=True)

    def _open(self) -> None:
        path = self.directory / f".{self.split}-{len(self.paths):05d}.parquet.partial"
        self.paths.append(path)
        self._sink = pa.OSFile(str(path), "wb")
        self._writer = pq.ParquetWriter(self._sink, self.schema, **WRITER_OPTIONS)

    def _close_current(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._sink.close()
            self._writer = self._sink = None

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        if self._writer is None:
            self._open()
        self._writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
        self.num_rows += table.num_rows
        self.num_bytes += table.nbytes
        if self._sink.tell() >= self.max_shard_bytes:
            self._close_current()

    def close(self) -> list[Path]:
        """Finish the shards and give them their final names (an empty split gets no file)."""
        self._close_current()
        total = len(self.paths)
        final = []
        for i, path in enumerate(self.paths):
            target = self.directory / f"{self.split}-{i:05d}-of-{total:05d}.parquet"
            path.rename(target)
            final.append(target)
        self.paths = final
        return final
