"""MongoDB: every collection of the database with its options and indexes, in
mongodump's own layout, and its restore into a new database.

``<database>/<collection>.bson`` holds the documents as concatenated BSON (each one's
bytes as the server returned them) and ``<collection>.metadata.json`` the options and
index specifications in canonical Extended JSON, as ``mongodump`` writes them: the
official ``mongorestore --dir <backup>/mongo`` reads a backup, and this module reads a
mongodump. PyMongo's ``bson`` does the encoding; nothing here is a format of our own.

Collections are read one after another (like mongodump without ``--oplog``): each is
a consistent read of itself, not a snapshot of the whole database.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from pathlib import Path
from typing import Any

from bson import json_util
from bson.binary import Binary
from bson.codec_options import CodecOptions
from bson.errors import BSONError
from bson.json_util import CANONICAL_JSON_OPTIONS
from bson.raw_bson import RawBSONDocument
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import PyMongoError

from data_layer.backups.errors import BackupError, RestoreRefused
from data_layer.backups.manifest import CollectionPart, MongoPart, file_entry

__all__ = [
    "collection_digest",
    "database_has_data",
    "dump_mongo",
    "index_names",
    "restore_mongo",
]

RAW = CodecOptions(document_class=RawBSONDocument)
_MASK = (1 << 64) - 1
_BATCH_DOCUMENTS = 1000
_BATCH_BYTES = 8 << 20


def _doc_hash(raw: bytes) -> int:
    return int.from_bytes(hashlib.sha256(raw).digest()[:8], "big")


def _uuid_hex(value: Any) -> str:
    if isinstance(value, uuid.UUID):
        text = value.hex
    elif isinstance(value, Binary | bytes):
        text = bytes(value).hex()
    elif isinstance(value, str):
        text = value.replace("-", "")
    else:
        return ""
    return "" if set(text) <= {"0"} else text


async def _collections(client: AsyncMongoClient, database: str) -> list[dict[str, Any]]:
    cursor = await client[database].list_collections()
    found = [info async for info in cursor]
    return sorted(
        (
            info
            for info in found
            if info.get("type", "collection") == "collection"
            and not str(info["name"]).startswith("system.")
        ),
        key=lambda info: str(info["name"]),
    )


async def index_names(collection: AsyncCollection) -> list[str]:
    return sorted([str(spec["name"]) async for spec in await collection.list_indexes()])


async def dump_mongo(
    client: AsyncMongoClient, database: str, root: Path, folder: Path
) -> MongoPart:
    """Write every collection of ``database`` into ``folder`` (mongodump's
    ``<out>/<database>/``); manifest paths relative to ``root``."""
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    collections: dict[str, CollectionPart] = {}
    try:
        for info in await _collections(client, database):
            name = str(info["name"])
            collection = client[database].get_collection(name, codec_options=RAW)
            indexes = [dict(spec) async for spec in await collection.list_indexes()]
            metadata = {
                "indexes": indexes,
                "uuid": _uuid_hex((info.get("info") or {}).get("uuid")),
                "collectionName": name,
                "type": "collection",
                "options": dict(info.get("options") or {}),
            }
            meta_path = folder / f"{name}.metadata.json"
            text = json_util.dumps(metadata, json_options=CANONICAL_JSON_OPTIONS)
            await asyncio.to_thread(meta_path.write_text, text)
            data_path = folder / f"{name}.bson"
            count, total = 0, 0
            out = await asyncio.to_thread(data_path.open, "wb")
            try:
                chunk: list[bytes] = []
                size = 0
                async for document in collection.find({}, sort=[("_id", 1)]):
                    raw = document.raw
                    chunk.append(raw)
                    size += len(raw)
                    count += 1
                    total = (total + _doc_hash(raw)) & _MASK
                    if size >= _BATCH_BYTES:
                        await asyncio.to_thread(out.write, b"".join(chunk))
                        chunk, size = [], 0
                await asyncio.to_thread(out.write, b"".join(chunk))
            finally:
                await asyncio.to_thread(out.close)
            collections[name] = CollectionPart(
                documents=count,
                digest=str(total),
                indexes=sorted(str(spec["name"]) for spec in indexes),
                data=await asyncio.to_thread(file_entry, root, data_path),
                metadata=await asyncio.to_thread(file_entry, root, meta_path),
            )
    except PyMongoError as exc:
        raise BackupError(f"reading MongoDB database {database} failed: {exc}") from None
    return MongoPart(database=database, collections=collections)


async def collection_digest(collection: AsyncCollection) -> tuple[int, str]:
    """Documents and digest of a collection, as :func:`dump_mongo` computes them."""
    raw = collection.with_options(codec_options=RAW)
    count, total = 0, 0
    async for document in raw.find({}):
        count += 1
        total = (total + _doc_hash(document.raw)) & _MASK
    return count, str(total)


async def database_has_data(client: AsyncMongoClient, database: str) -> bool:
    if database not in await client.list_database_names():
        return False
    return bool(await _collections(client, database))


def _index_model(spec: dict[str, Any]) -> IndexModel:
    options = {k: v for k, v in spec.items() if k not in ("v", "key", "ns")}
    keys: list[tuple[str, Any]] = []
    for field, kind in spec["key"].items():
        if field == "_fts":
            # A text index is listed by its internal keys; it is created by its fields.
            keys += [(name, "text") for name in (spec.get("weights") or {})]
        elif field != "_ftsx":
            keys.append((field, kind))
    return IndexModel(keys, **options)


def _read_documents(path: Path) -> Any:
    from bson import decode_file_iter

    with path.open("rb") as file:
        yield from decode_file_iter(file, codec_options=RAW)


async def restore_mongo(
    client: AsyncMongoClient, folder: Path, part: MongoPart, database: str
) -> dict[str, int]:
    """Create the collections of ``part`` from ``folder`` in the new ``database`` (refused
    when it has collections); documents inserted per collection."""
    if await database_has_data(client, database):
        raise RestoreRefused(
            f"MongoDB database {database} already has collections; a restore only goes into "
            "a new database (choose another name; nothing was changed)"
        )
    inserted: dict[str, int] = {}
    target = client[database]
    try:
        for name in part.collections:
            text = await asyncio.to_thread((folder / f"{name}.metadata.json").read_text)
            metadata = json_util.loads(text)
            await target.create_collection(name, **dict(metadata.get("options") or {}))
            collection = target.get_collection(name, codec_options=RAW)
            batch: list[RawBSONDocument] = []
            size = count = 0
            for document in _read_documents(folder / f"{name}.bson"):
                batch.append(document)
                size += len(document.raw)
                if len(batch) >= _BATCH_DOCUMENTS or size >= _BATCH_BYTES:
                    await collection.insert_many(batch, ordered=True)
                    count += len(batch)
                    batch, size = [], 0
            if batch:
                await collection.insert_many(batch, ordered=True)
                count += len(batch)
            models = [
                _index_model(spec) for spec in metadata.get("indexes", []) if spec["name"] != "_id_"
            ]
            if models:
                await collection.create_indexes(models)
            inserted[name] = count
    except PyMongoError as exc:
        raise BackupError(f"restoring MongoDB database {database} failed: {exc}") from None
    except (BSONError, ValueError, KeyError) as exc:
        raise BackupError(f"the MongoDB dump in {folder} is unreadable: {exc}") from None
    return inserted
