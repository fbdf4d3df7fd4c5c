"""Streaming, size-bounded Parquet shards named `<split>-NNNNN-of-NNNNN.parquet`.

Tables are appended as they come (one per interview or chunk of interviews) and buffered
until a row group is full (`ROW_GROUP_ROWS` rows, or `ROW_GROUP_BYTES` of Arrow data, or the
shard bound, whichever comes first); each full row group is written at once with
`pyarrow.parquet.ParquetWriter`, so memory is bounded by one row group per writer, not by the
corpus. Row groups are cut by row count from the concatenated stream, and each is written from
one contiguous table, so the bytes depend only on the rows, never on how they were batched.

A new shard starts before a row group would take the current one past `max_shard_bytes`
(judged by the row group's Arrow size, which its zstd Parquet encoding never exceeds in
practice), so shards stay below the bound like `push_to_hub`'s. Shards get their final
`-of-NNNNN` names when the writer closes. Writer options are fixed so that the same rows give
the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from ..memory import release_arrow_memory

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
#: A row group is also cut when its Arrow data reaches this size (long rows, e.g. interviews).
ROW_GROUP_BYTES = 64 * 1024 * 1024
#: Buffered tables are merged into one contiguous table once this many are waiting.
COMPACT_AFTER_TABLES = 16


class WrittenSplit(NamedTuple):
    """What a writer wrote for one (config, split): the split info `datasets` records
    (`num_examples`, `num_bytes`) and the shard files, in order."""

    num_rows: int
    num_bytes: int
    paths: list[Path]


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
        self._buffer: list[pa.Table] = []
        self._buffered_rows = 0
        self._buffered_bytes = 0
        self._group_bytes = max(1, min(ROW_GROUP_BYTES, max_shard_bytes))
        self._closed = False
        self._groups_in_shard = 0
        # Footer estimate: the schema with its metadata, plus column-chunk metadata per row group.
        self._footer_reserve = len(schema.serialize()) + 200 * len(schema.names) + 1024
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
        """Append rows (any chunking); full row groups are written out."""
        if self._closed:
            raise ValueError("write after close")
        if table.num_rows == 0:
            return
        if not table.schema.equals(self.schema, check_metadata=False):
            raise TypeError(f"table schema differs from the writer's:\n{table.schema}\nvs\n{self.schema}")
        self._buffer.append(table)
        self._buffered_rows += table.num_rows
        self._buffered_bytes += table.nbytes
        self.num_rows += table.num_rows
        self.num_bytes += table.nbytes
        while self._buffered_rows >= ROW_GROUP_ROWS or self._buffered_bytes >= self._group_bytes:
            self._flush(full=True)
        if len(self._buffer) >= COMPACT_AFTER_TABLES:
            # Many small tables waiting (e.g. one interviews row per chunk): copy them into one,
            # so their scattered buffers are freed and the heap does not fragment as it grows.
            self._buffer = [pa.concat_tables(self._buffer).combine_chunks()]

    def _flush(self, full: bool) -> None:
        """Write one row group: the first ROW_GROUP_ROWS rows (full) or everything buffered."""
        if not self._buffered_rows:
            return
        buffered = pa.concat_tables(self._buffer) if len(self._buffer) > 1 else self._buffer[0]
        take = min(ROW_GROUP_ROWS, self._buffered_rows) if full else self._buffered_rows
        if full and self._buffered_rows < ROW_GROUP_ROWS:  # cut by bytes, at the row within the table that fills it
            take, size = 0, 0
            for t in self._buffer:
                if size + t.nbytes >= self._group_bytes:
                    take += max(1, (self._group_bytes - size) * t.num_rows // max(1, t.nbytes))
                    break
                take += t.num_rows
                size += t.nbytes
        group = buffered.slice(0, take).combine_chunks()
        rest = buffered.slice(take)
        self._buffer = [rest] if rest.num_rows else []
        self._buffered_rows = rest.num_rows
        self._buffered_bytes = rest.nbytes if rest.num_rows else 0
        self._write_group(group.replace_schema_metadata(self.schema.metadata))

    def _write_group(self, group: pa.Table) -> None:
        # Room for the row group (its Arrow size bounds its Parquet size) and the footer.
        needed = group.nbytes + self._footer_reserve * (self._groups_in_shard + 1)
        if self._writer is not None and self._sink.tell() + needed > self.max_shard_bytes:
            self._close_current()
        if self._writer is None:
            self._open()
            self._groups_in_shard = 0
        self._writer.write_table(group, row_group_size=group.num_rows)
        self._groups_in_shard += 1
        release_arrow_memory()  # mimalloc keeps freed pages otherwise: RSS would creep

    def close(self) -> list[Path]:
        """Finish the shards and give them their final names (an empty split gets no file).

        Closing again returns the same paths."""
        if self._closed:
            return self.paths
        self._closed = True
        self._flush(full=False)
        self._close_current()
        total = len(self.paths)
        final = []
        for i, path in enumerate(self.paths):
            target = self.directory / f"{self.split}-{i:05d}-of-{total:05d}.parquet"
            path.rename(target)
            final.append(target)
        self.paths = final
        return final

    def finish(self) -> WrittenSplit:
        """Close, and return what was written (the describe stage reads only that)."""
        return WrittenSplit(self.num_rows, self.num_bytes, list(self.close()))
