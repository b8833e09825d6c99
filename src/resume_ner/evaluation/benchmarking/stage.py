"""The bench stage: resolve the model, measure it, write the report, record and track it."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.common.constants import Stage, StageStatus, files
from resume_ner.common.shared import canonical, hash_value
from resume_ner.data.loaders.document import Document
from resume_ner.evaluation.benchmarking.backends import backend_opener
from resume_ner.evaluation.benchmarking.report import (
    MARKDOWN_FILE,
    build_report,
    load_report,
    render_markdown,
    report_metrics,
    write_outputs,
)
from resume_ner.evaluation.benchmarking.results import BenchmarkResults
from resume_ner.evaluation.benchmarking.runner import DocumentSet, run_benchmark
from resume_ner.evaluation.benchmarking.source import BenchSource, resolve_source
from resume_ner.evaluation.benchmarking.stats import Clock
from resume_ner.evaluation.benchmarking.synthetic import Vocabulary
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import (
    Fingerprint,
    bench_fp,
    exec_fp,
    hardware_fp,
    make_fingerprint,
)
from resume_ner.infrastructure.metadata import MetadataError, MetadataIndex, RunMetadata, save_run
from resume_ner.infrastructure.metadata import read_metadata as read_run_metadata
from resume_ner.infrastructure.metadata.model_card import refresh_model_card
from resume_ner.infrastructure.naming import RunNamer, TagKeys
from resume_ner.infrastructure.naming.tags import FINGERPRINT_NAMES
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import NullTracker, Tracker

if TYPE_CHECKING:
    from resume_ner.data.stage import DataStageResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BenchmarkOutput:
    """What the bench stage produced: its folder, benchmark.json's content, the markdown,
    and whether a completed benchmark with the same fingerprint was reused."""

    folder: Path
    report: dict[str, Any]
    markdown: str
    reused: bool

    @property
    def bench_fp(self) -> str:
        """The benchmark's fingerprint."""
        return str(self.report["fingerprints"]["bench_fp"])


def _reusable(folder: Path) -> bool:
    if not (folder / files.BENCHMARK_FILE).is_file():
        return False
    try:
        return read_run_metadata(folder).status == StageStatus.COMPLETED
    except (MetadataError, FileNotFoundError):
        return False


def _document_set(
    source: BenchSource, tokenizer: Any, documents: Sequence[Document]
) -> DocumentSet:
    """The documents with the windows and tokens they make for this model."""
    from resume_ner.data.processing.windows import encode_documents

    folders = source.folders
    windows = encode_documents(tokenizer, documents, folders.max_length, folders.stride)
    flat = [window for per_document in windows for window in per_document]
    tokens = sum(len(window.input_ids) for window in flat)
    return DocumentSet(tuple(d.text for d in documents), len(flat), tokens)


def _measure(
    config: ResumeNerConfig,
    source: BenchSource,
    device: str,
    documents: Sequence[Document],
    clock: Clock,
) -> BenchmarkResults:
    import torch

    from resume_ner.training.core.backbone import load_tokenizer

    bench = config.benchmark
    tokenizer = load_tokenizer(str(source.settings.folder))
    vocabulary = Vocabulary.of_tokenizer(tokenizer)
    texts = _document_set(source, tokenizer, documents) if documents else None
    threads_before = torch.get_num_threads()
    try:
        return run_benchmark(
            bench,
            backend_opener(source.folders, device, bench.threads),
            vocabulary,
            documents=texts,
            max_seq_len=source.max_seq_len,
            clock=clock,
        )
    finally:
        torch.set_num_threads(threads_before)


def _metadata(
    config: ResumeNerConfig, source: BenchSource, fps: dict[str, Fingerprint], run_name: str
) -> RunMetadata:
    meta = RunMetadata(
        stage=Stage.BENCH,
        backbone=source.settings.backbone,
        run_name=run_name,
        config=config.model_dump(mode="json"),
    )
    for name, value in fps.items():
        meta.add_fingerprint(name, value)
    identity = source.parents.get("conv_fp") or source.parents.get("spec_fp")
    if identity is not None:
        meta.add_parent(source.parent_stage, identity)
    meta.extra["model_folder"] = str(source.settings.folder)
    meta.extra["parent_fingerprints"] = dict(source.parents)
    return meta


def run_bench_stage(
    config: ResumeNerConfig,
    layout: OutputLayout,
    artifact: str | os.PathLike[str],
    *,
    tracker: Tracker | None = None,
    documents: Sequence[Document] = (),
    force: bool = False,
    clock: Clock = time.perf_counter,
) -> BenchmarkOutput:
    """Benchmark a trained artifact or a converted folder and write its report.

    Writes ``benchmark.json``, ``benchmark.md`` and ``benchmark.png`` plus ``metadata.json``
    under ``layout.benchmark_dir(bench_fp)``, records the run in the index and logs the
    metrics and files to a ``bench`` stage run. bench_fp covers the subject (the model files'
    ``model_fp`` and the timed documents' ``documents_fp``), the benchmark config, the
    hardware and the software environment; a completed benchmark with the same fingerprint
    is reused unless ``force``.

    ``artifact`` is a trained model folder, a run folder holding ``best/``, or a converted
    folder; the first ``benchmark.documents`` of ``documents`` are timed for documents/s.

    Raises:
        FileNotFoundError, ArtifactError, ValueError: For a missing or unusable model.
    """
    from resume_ner.infrastructure.platform.adapters.device import resolve_device

    tracker = tracker or NullTracker()
    source = resolve_source(artifact, layout)
    device = resolve_device(config.platform.device)
    hardware = hardware_fp()
    execution = exec_fp(device)
    chosen = list(documents)[: config.benchmark.documents]
    texts_fp = make_fingerprint("documents", {"texts": hash_value([d.text for d in chosen])})
    subject = make_fingerprint(
        "bench_subject", {"model_fp": source.model_fp.value, "documents_fp": texts_fp.value}
    )
    bench = bench_fp(subject, config.benchmark, hardware, exec_fp=execution)
    folder = layout.benchmark_dir(bench.value)
    if not force and _reusable(folder):
        logger.info("reusing benchmark %s (same fingerprint)", folder)
        report = load_report(folder)
        markdown = (folder / MARKDOWN_FILE).read_text(encoding="utf-8")
        refresh_model_card(source.settings.folder)
        return BenchmarkOutput(folder, report, markdown, reused=True)
    fps = {
        "bench_fp": bench,
        "hardware_fp": hardware,
        "exec_fp": execution,
        "model_fp": source.model_fp,
        "documents_fp": texts_fp,
    }
    namer, keys = RunNamer.from_config(config.naming), TagKeys.from_config(config.naming)
    run_name = namer.run_name("bench", bench_fp=bench.value)
    meta = _metadata(config, source, fps, run_name)
    index = MetadataIndex(layout.root)
    save_run(folder, meta, index)
    tags = {
        **keys.run_tags(Stage.BENCH, backbone=source.settings.backbone),
        **keys.fingerprint_tags(bench_fp=bench.value, hardware_fp=hardware.value),
        **keys.lineage_tags(
            source.parent_stage,
            **{k: v for k, v in source.parents.items() if k in FINGERPRINT_NAMES},
        ),
    }
    params = {**config.benchmark.model_dump(mode="json"), "device": device}
    try:
        with tracker.stage_run(
            namer.experiment_name(Stage.BENCH), run_name, tags=tags, params=params
        ) as run:
            meta.mlflow_run_id = run.run_id
            with meta.phase("measure"):
                results = _measure(config, source, device, chosen, clock)
            report = canonical(
                build_report(
                    results,
                    model={
                        "folder": str(source.settings.folder),
                        "name": source.settings.name,
                        "backbone": source.settings.backbone,
                        "max_length": source.folders.max_length,
                        "stride": source.folders.stride,
                        "max_positions": source.max_seq_len,
                        "parents": dict(source.parents),
                    },
                    settings={**params, "threads": config.benchmark.threads},
                    fingerprints={name: fp.value for name, fp in fps.items()},
                    hardware=dict(hardware.components),
                )
            )
            written = write_outputs(report, folder)
            run.log_metrics(report_metrics(report))
            for path in written.values():
                run.log_artifact(path)
    except BaseException:
        meta.finish(StageStatus.FAILED)
        save_run(folder, meta, index)
        raise
    meta.metrics = report_metrics(report)
    for name, path in written.items():
        meta.add_artifact(name, path, layout.root)
    meta.finish(StageStatus.COMPLETED)
    save_run(folder, meta, index)
    refresh_model_card(source.settings.folder)
    return BenchmarkOutput(folder, report, render_markdown(report), reused=False)


def bench_documents(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    *,
    data: DataStageResult | None = None,
    source: str | None = None,
) -> list[Document]:
    """The documents timed for documents/s: ``source``'s (an annotation file, folder or
    ``bundled:NAME``), else the data stage's test split; none when ``benchmark.documents``
    is 0."""
    if config.benchmark.documents == 0:
        return []
    if source is not None:
        from resume_ner.data.processing import prepare_documents
        from resume_ner.infrastructure.config.sections.data import DataSourceConfig

        cfg = config.data.model_copy(update={"sources": [DataSourceConfig(path=source)]})
        return list(prepare_documents(cfg, Path(base_dir)).documents)
    if data is None:
        from resume_ner.data.stage import run_data_stage

        data = run_data_stage(config.data, layout, Path(base_dir))
    return list(data.splits().test)


def run_bench(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    artifact: str | os.PathLike[str] | None = None,
    *,
    data: DataStageResult | None = None,
    source: str | None = None,
    tracker: Tracker | None = None,
    force: bool = False,
) -> BenchmarkOutput:
    """The bench stage: :func:`run_bench_stage` of ``artifact`` (default: the latest trained
    model) on :func:`bench_documents`."""
    if artifact is None:
        from resume_ner.training.execution import latest_training

        artifact = latest_training(layout).model_dir
    documents = bench_documents(config, layout, base_dir, data=data, source=source)
    return run_bench_stage(
        config, layout, artifact, tracker=tracker, documents=documents, force=force
    )
